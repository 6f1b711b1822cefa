// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "flowgate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "flowgate", targets: ["flowgate"]),
        // For Benchmarks/FlowGateBench, which sends its load through CurlTransport.
        .library(name: "FlowGateDelivery", targets: ["FlowGateDelivery"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The shared store for several gateway instances (PostgreSQL).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // TLS settings for sslmode (already resolved through postgres-nio).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Hummingbird's own HTTP/1 parser; the server names its parse errors to answer them with a 400.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .target(
            name: "FlowGateCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlowGateStore",
            dependencies: [
                "FlowGateCore", "FlowGateDelivery", "COpenSSL",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlowGateDelivery",
            dependencies: [
                "CCurl", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlowGateApp",
            dependencies: [
                "FlowGateCore", "FlowGateStore", "FlowGateDelivery", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlowGateServer",
            dependencies: [
                "FlowGateApp", "FlowGateCore", "FlowGateStore", "FlowGateDelivery",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "flowgate",
            dependencies: [
                "FlowGateServer", "FlowGateApp", "FlowGateStore", "FlowGateCore", "FlowGateDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlowGateTestSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/FlowGateTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "FlowGateCoreTests", dependencies: ["FlowGateCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FlowGateStoreTests",
            dependencies: [
                "FlowGateStore", "FlowGateCore", "FlowGateDelivery",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlowGateAppTests", dependencies: ["FlowGateApp", "FlowGateCore", "FlowGateDelivery", "FlowGateStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlowGateDeliveryTests",
            // Hummingbird runs the real receiving HTTP server the transport tests send to.
            dependencies: ["FlowGateDelivery", "FlowGateTestSupport", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlowGateServerTests",
            dependencies: [
                "FlowGateServer", "FlowGateApp", "FlowGateStore", "FlowGateCore", "FlowGateDelivery", "FlowGateTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // The end-to-end suite makes its PostgreSQL databases over a connection of its own.
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlowGateCLITests",
            // Hummingbird runs the webhook receiver the crash test's gateway process delivers to.
            dependencies: ["flowgate", "FlowGateStore", "FlowGateTestSupport", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
    ]
)
