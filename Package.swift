// swift-tools-version: 6.2

import PackageDescription

let strictSwift6: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "newsdrop",
    products: [
        .executable(name: "newsdrop", targets: ["newsdrop"]),
        // For the benchmark package in Benchmarks/.
        .library(name: "NewsdropCore", targets: ["NewsdropCore"]),
        .library(name: "NewsdropStore", targets: ["NewsdropStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0", traits: ["YAML"]),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
    ],
    targets: [
        // Pure values and logic: records, parsers per format, canonical text, ids. No I/O.
        .target(
            name: "NewsdropCore",
            dependencies: [
                "CLibXML2", "CUchardet", "CCLD2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
            ],
            swiftSettings: strictSwift6
        ),
        // libxml2 (Debian's libxml2-dev): the HTML and XML parsers behind pages and feeds.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // uchardet (Debian's libuchardet-dev): charset detection for undeclared legacy encodings.
        .systemLibrary(name: "CUchardet", pkgConfig: "uchardet", providers: [.apt(["libuchardet-dev"])]),
        // CLD2 (Debian's libcld2-dev) has a C++ API only; this target is a one-function C shim over it.
        .target(name: "CCLD2", linkerSettings: [.linkedLibrary("cld2")]),
        // libsystemd's journal and daemon APIs (Debian's libsystemd-dev).
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // Reporting to systemd: the journald log handler, readiness and watchdog notifications.
        .target(
            name: "NewsdropSystemd",
            dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift6
        ),
        // zlib (Debian's zlib1g-dev), for compressed archive segments.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Linux headers that the Glibc module leaves out (eventfd).
        .target(name: "CLinux"),
        // The parse slots and the fatal-signal handler that records which file a crash or hang
        // names (async-signal-safe, so in C), and the claimed-file line they and the state lists write.
        .target(name: "CCrashEvidence"),
        // Checked wrappers over the POSIX calls the I/O modules share.
        .target(
            name: "NewsdropIO",
            dependencies: [.product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: strictSwift6
        ),
        // What the pipeline asks of a backend: the archive writer and dedup index protocols, and
        // what they answer (placements, verdicts). Both backends implement them.
        .target(name: "NewsdropArchive", dependencies: ["NewsdropCore"], swiftSettings: strictSwift6),
        // The local backend: the archive file (append, recovery, rotation, reading) and the
        // persistent dedup state.
        .target(
            name: "NewsdropStore",
            dependencies: ["NewsdropCore", "NewsdropArchive", "NewsdropIO", "CZlib", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift6
        ),
        // The shared backend: archive and deduplication in one PostgreSQL table, for many hosts.
        .target(
            name: "NewsdropPostgres",
            dependencies: [
                "NewsdropCore", "NewsdropArchive",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // The inbox: inotify watching, scanning, safe open and disposition of files.
        .target(
            name: "NewsdropInbox",
            dependencies: ["NewsdropCore", "NewsdropIO", "CLinux", "CCrashEvidence", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSwift6
        ),
        // The running service: configuration and the ingest pipeline wired together.
        .target(
            name: "NewsdropDaemon",
            dependencies: [
                "NewsdropCore", "NewsdropArchive", "NewsdropIO", "NewsdropStore", "NewsdropInbox", "NewsdropSystemd", "NewsdropPostgres",
                "CLinux", "CCrashEvidence",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "newsdrop",
            dependencies: [
                "NewsdropCore", "NewsdropDaemon", "NewsdropIO", "NewsdropStore", "NewsdropSystemd", "NewsdropPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift6
        ),
        // libFuzzer target for the parsers and the canonicalizer (`make fuzz`); without FUZZING it
        // replays inputs given on the command line.
        .executableTarget(
            name: "newsdrop-fuzz",
            dependencies: ["NewsdropCore"],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "NewsdropTestSupport",
            path: "Tests/NewsdropTestSupport",
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "NewsdropCoreTests",
            dependencies: ["NewsdropCore", "NewsdropTestSupport"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "NewsdropStoreTests",
            dependencies: [
                "NewsdropCore", "NewsdropIO", "NewsdropStore", "NewsdropTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "NewsdropDaemonTests",
            dependencies: [
                "NewsdropDaemon", "NewsdropArchive", "NewsdropCore", "NewsdropIO", "NewsdropInbox", "NewsdropSystemd",
                "NewsdropTestSupport", "CCrashEvidence", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "NewsdropInboxTests",
            dependencies: ["NewsdropInbox", "NewsdropTestSupport"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "NewsdropPostgresTests",
            dependencies: ["NewsdropPostgres", "NewsdropArchive", "NewsdropCore", "NewsdropTestSupport"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "NewsdropSystemdTests",
            dependencies: ["NewsdropSystemd", "NewsdropTestSupport"],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "NewsdropIntegrationTests",
            dependencies: ["NewsdropTestSupport", "NewsdropCore", "NewsdropStore"],
            swiftSettings: strictSwift6
        ),
    ]
)
