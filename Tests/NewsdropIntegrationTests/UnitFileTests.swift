import Foundation
import NewsdropTestSupport
import Testing

@Suite("systemd unit, tmpfiles and sysusers files", .serialized)
struct UnitFileTests {
    let systemd = TestPaths.projectRoot.appendingPathComponent("systemd")

    /// The unit with ExecStart pointing at the built binary, as `make install` would rewrite it.
    func installedUnit(in folder: TemporaryFolder) throws -> URL {
        let unit = try String(contentsOf: systemd.appendingPathComponent("newsdrop.service"), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/newsdrop", with: TestPaths.binary.path)
        let url = folder.file("newsdrop.service")
        try Data(unit.utf8).write(to: url)
        return url
    }

    @Test("systemd-analyze verify finds nothing wrong with the unit")
    func verify() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let run = try Command.run("/usr/bin/systemd-analyze", ["verify", "--man=no", try installedUnit(in: folder).path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty && run.stdout.isEmpty, "\(run.stdout)\(run.stderr)")
    }

    @Test("the PostgreSQL drop-in verifies with the unit, passes the URL as a credential and opens IP")
    func postgresDropIn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let unit = try installedUnit(in: folder)
        let dropIns = folder.file("newsdrop.service.d")
        try FileManager.default.createDirectory(at: dropIns, withIntermediateDirectories: true)
        let dropIn = try String(contentsOf: systemd.appendingPathComponent("postgres.conf"), encoding: .utf8)
        try Data(dropIn.utf8).write(to: dropIns.appendingPathComponent("postgres.conf"))
        let run = try Command.run("/usr/bin/systemd-analyze", ["verify", "--man=no", unit.path])
        #expect(run.status == 0 && run.stderr.isEmpty && run.stdout.isEmpty, "\(run.stdout)\(run.stderr)")
        #expect(dropIn.contains("LoadCredential=postgres-url:/etc/newsdrop/postgres-url"))
        #expect(dropIn.contains("Environment=NEWSDROP_BACKEND=postgres"))
        #expect(dropIn.contains("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"))
        #expect(!dropIn.contains("NEWSDROP_POSTGRES_URL="), "the password-bearing URL is never written into a unit")
    }

    @Test("systemd-analyze security rates the unit 2.0 or lower")
    func security() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let run = try Command.run("/usr/bin/systemd-analyze", ["security", "--offline=true", try installedUnit(in: folder).path])
        let line = try #require(
            run.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(run.stdout)\(run.stderr)")
        let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(score <= 2.0, "\(line)")
    }

    @Test("the unit is a notify service with a watchdog, reload and a hardened sandbox")
    func unitSettings() throws {
        let unit = try String(contentsOf: systemd.appendingPathComponent("newsdrop.service"), encoding: .utf8)
        for setting in [
            "Type=notify", "ExecReload=", "WatchdogSec=", "Restart=on-failure", "User=newsdrop", "StateDirectory=newsdrop",
            "ConfigurationDirectory=newsdrop", "ProtectSystem=strict", "ReadWritePaths=/var/spool/newsdrop",
            "NoNewPrivileges=yes", "PrivateNetwork=yes", "RestrictAddressFamilies=AF_UNIX",
            "SystemCallFilter=@system-service", "CapabilityBoundingSet=\n",
        ] {
            #expect(unit.contains(setting), "\(setting)")
        }
    }

    @Test("sysusers creates the newsdrop user; tmpfiles creates a setgid group-writable inbox, nothing world-writable")
    func sysusersAndTmpfiles() throws {
        let root = try TemporaryFolder("newsdrop-root")
        defer { root.remove() }
        for (source, target) in [
            ("newsdrop.sysusers", "usr/lib/sysusers.d/newsdrop.conf"), ("newsdrop.tmpfiles", "usr/lib/tmpfiles.d/newsdrop.conf"),
        ] {
            let destination = root.file(target)
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: systemd.appendingPathComponent(source), to: destination)
        }
        try FileManager.default.createDirectory(at: root.file("etc"), withIntermediateDirectories: true)
        let sysusers = try Command.run("/usr/bin/systemd-sysusers", ["--root=\(root.path)"])
        #expect(sysusers.status == 0, "\(sysusers.stderr)")
        let passwd = try String(contentsOf: root.file("etc/passwd"), encoding: .utf8)
        let user = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("newsdrop:") })
        let group = try String(contentsOf: root.file("etc/group"), encoding: .utf8)
        #expect(group.contains("newsdrop:"))
        let tmpfiles = try Command.run("/usr/bin/systemd-tmpfiles", ["--root=\(root.path)", "--create"])
        #expect(tmpfiles.status == 0, "\(tmpfiles.stderr)")
        let uid = user.split(separator: ":")[2]
        for folder in ["", "/inbox", "/work", "/done", "/failed"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: root.path + "/var/spool/newsdrop" + folder)
            let mode = (attributes[.posixPermissions] as? Int) ?? 0
            #expect(mode & 0o002 == 0, "\(folder) is world-writable")
            #expect("\(attributes[.ownerAccountID] ?? "")" == uid)
        }
        var info = stat()
        #expect(stat(root.path + "/var/spool/newsdrop/inbox", &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o2770)
        // Producers of the group may write to the inbox, never to work/, where files are claimed.
        #expect(stat(root.path + "/var/spool/newsdrop/work", &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o750)
    }

    @Test("the catalog compiles with journalctl and lists every entry")
    func catalog() throws {
        let root = try TemporaryFolder("newsdrop-catalog")
        defer { root.remove() }
        let folder = root.file("usr/lib/systemd/catalog")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: systemd.appendingPathComponent("newsdrop.catalog"), to: folder.appendingPathComponent("newsdrop.catalog"))
        #expect(try Command.run("/usr/bin/journalctl", ["--root=\(root.path)", "--update-catalog"]).status == 0)
        let list = try Command.run("/usr/bin/journalctl", ["--root=\(root.path)", "--list-catalog"])
        let entries = try String(contentsOf: systemd.appendingPathComponent("newsdrop.catalog"), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("-- ") }.count
        #expect(entries >= 18)
        #expect(list.stdout.split(separator: "\n").filter { $0.contains("newsdrop") }.count == entries)
    }
}
