import CCrashEvidence
import Glibc
import NewsdropCore

/// An inbox file moved into `work/` before it is read: out of the producers' reach, so the file
/// that is read, parsed and retired is one and the same, whatever is renamed over its inbox name
/// meanwhile.
///
/// Two claims are the same file when their work name and inode are: a file still being written
/// changes its size, not its identity.
public struct ClaimedFile: Sendable, Hashable, CustomStringConvertible {
    /// The name it had in the inbox: the record's `source_file.name`, and its name in `done/` or
    /// `failed/`.
    public let name: EntryName
    /// Its name in `work/`: the inbox name, or `.N.NAME` when `work/` already holds that name.
    public let workName: EntryName
    /// The inode and size when it was claimed, which identify it in the in-flight record.
    public let inode: UInt64
    public let size: Int
    /// What `fstatat` said right after the claim, so that the read need not ask again before it
    /// decides whether the entry may be opened; `nil` for a file known only from a list.
    let statAtClaim: stat?

    public init(name: EntryName, workName: EntryName, inode: UInt64, size: Int) {
        self.init(name: name, workName: workName, inode: inode, size: size, statAtClaim: nil)
    }

    init(name: EntryName, workName: EntryName, inode: UInt64, size: Int, statAtClaim: stat?) {
        self.name = name
        self.workName = workName
        self.inode = inode
        self.size = size
        self.statAtClaim = statAtClaim
    }

    /// The work name for the `attempt`-th try at claiming `name`. Inbox names never start with a
    /// `.` (such names are ignored), so a leading `.N.` can only be this prefix.
    static func workName(for name: EntryName, attempt: Int) -> EntryName {
        attempt == 0 ? name : EntryName(bytes: Array(".\(attempt).".utf8) + name.bytes)
    }

    /// The inbox name a work name stands for: the work name without its `.N.` prefix.
    static func inboxName(forWorkName workName: EntryName) -> EntryName {
        let bytes = workName.bytes
        guard bytes.first == UInt8(ascii: "."), let end = bytes.dropFirst().firstIndex(of: UInt8(ascii: ".")),
            end > 1, bytes[1..<end].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return workName }
        return EntryName(bytes: bytes[(end + 1)...])
    }

    public var description: String { name.description }

    public static func == (lhs: ClaimedFile, rhs: ClaimedFile) -> Bool {
        lhs.workName == rhs.workName && lhs.inode == rhs.inode
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(workName)
        hasher.combine(inode)
    }

    /// The file as one line of the state folder's lists: `INODE SIZE HEX-WORK-NAME`.
    package var line: String {
        var bytes: [UInt8] = []
        appendLine(to: &bytes)
        return String(decoding: bytes.dropLast(), as: UTF8.self)
    }

    /// Appends ``line`` and a newline to `bytes` without building strings: it runs for every
    /// file of every batch. The line is written by the same function that writes it into the crash
    /// evidence, so both read back alike.
    func appendLine(to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(NEWSDROP_CLAIM_LINE_MAX)) { line in
            let length = workName.bytes.withUnsafeBufferPointer { name in
                newsdrop_claim_line(line.baseAddress, line.count, inode, UInt64(size), name.baseAddress, name.count)
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: line.baseAddress, count: length))
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Reads ``line`` back; `nil` for a line that is not one.
    package init?<Line: StringProtocol>(line: Line) {
        let fields = line.split(separator: " ")
        guard fields.count == 3, let inode = UInt64(fields[0]), let size = Int(fields[1]),
            let workName = EntryName(hex: fields[2])
        else { return nil }
        self.init(name: Self.inboxName(forWorkName: workName), workName: workName, inode: inode, size: size)
    }
}
