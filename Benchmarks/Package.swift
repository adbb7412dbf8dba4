// swift-tools-version: 6.2

import PackageDescription

// Benchmarks live in their own package so that building and testing newsdrop does not build the
// benchmark harness. Run them with `make bench` (or `swift package benchmark` in this folder).
let package = Package(
    name: "newsdrop-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "newsdrop", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "NearDuplicateIndex",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NewsdropCore", package: "newsdrop"),
            ],
            path: "Benchmarks/NearDuplicateIndex",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Stages",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NewsdropCore", package: "newsdrop"),
                .product(name: "NewsdropStore", package: "newsdrop"),
            ],
            path: "Benchmarks/Stages",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
