// swift-tools-version:6.1
import PackageDescription

// Dependencies are the ones shared/DESIGN.md lists; SwiftNIO must never enter this graph
// (.ci/run fails if `swift package show-dependencies` mentions it).
let package = Package(
    name: "Capstan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "capstan", targets: ["capstan"]),
        .executable(name: "capstan-agent", targets: ["capstan-agent"]),
        .executable(name: "capstan-bench", targets: ["capstan-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLinux"),
        .target(
            name: "HTTP",
            dependencies: ["CZlib", "CLinux", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "Archive", dependencies: ["CZlib"]),
        .target(
            name: "Core",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Storage",
            dependencies: [
                "Core", "Archive",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Engine",
            dependencies: [
                "Core", "Storage", "CLinux",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Web",
            dependencies: [
                "HTTP", "Core", "Storage", "Engine",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "AgentRuntime",
            dependencies: [
                "Core", "Archive",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "Client",
            dependencies: ["Core", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "capstan",
            dependencies: [
                "Web", "Client", "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "capstan-agent",
            dependencies: [
                "AgentRuntime", "Core",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "capstan-bench",
            dependencies: [
                "HTTP", "Web", "Storage", "Core", "Engine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage", "Core", "Archive",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "WebTests",
            dependencies: ["Web", "HTTP", "Storage", "Core", "Engine", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "ClientTests", dependencies: ["Client", "Core"]),
        .testTarget(name: "AgentRuntimeTests", dependencies: ["AgentRuntime", "Core", "Archive"]),
    ],
    swiftLanguageModes: [.v6]
)
