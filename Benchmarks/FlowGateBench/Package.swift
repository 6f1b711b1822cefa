// swift-tools-version:6.2
// The end-to-end benchmark of FlowGate (see ../README.md). Run by hand, never by CI or `swift test`:
// it is its own package, so the root package's build and tests do not see it.
import PackageDescription

let package = Package(
    name: "FlowGateBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package, for FlowGateDelivery's CurlTransport (the load generator's HTTP client).
        .package(name: "flowgate", path: "../.."),
        // The in-process webhook receiver.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "FlowGateBench",
            dependencies: [
                .product(name: "FlowGateDelivery", package: "flowgate"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
