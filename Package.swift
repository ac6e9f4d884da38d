// swift-tools-version:6.2
import PackageDescription

// Connector targets live under Plugins/ (design card). `mlc` depends on them; the ConnectorRegistry
// build-tool plugin scans those dependencies and generates the registry, so adding a connector is
// "add a target + add it to mlc's dependencies".
let connectorTargets: [Target.Dependency] = [
    "MLCTransforms", "LocalWarehouse", "Synthetic", "CloudSuiteSyteLine", "CloudSuiteM3", "CloudSuiteLN",
    "CloudSuiteFSM", "CloudSuiteSXE", "Snowflake",
]

let package = Package(
    name: "mlc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mlc", targets: ["mlc"]),
        .library(name: "MLCCore", targets: ["MLCCore"]),
        // Connector authors outside this repository register their connectors with the same plugin.
        .plugin(name: "ConnectorRegistry", targets: ["ConnectorRegistry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries from Debian's -dev packages. Variadic/macro APIs are wrapped by static inline shims.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        .target(
            name: "MLCCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
            ]),
        .target(name: "MLCCrypto", dependencies: ["CCrypto", "MLCCore"]),
        .target(name: "MLCHTTP", dependencies: ["CCurl", "MLCCore"]),
        .target(name: "MLCState", dependencies: ["CSQLite", "MLCCore", "MLCCrypto"]),
        .target(name: "MLCTestKit", dependencies: ["MLCCore"]),
        .target(name: "MLCTransforms", dependencies: ["MLCCore", "MLCCrypto"]),

        .target(name: "LocalWarehouse", dependencies: ["MLCCore", "MLCState"], path: "Plugins/LocalWarehouse"),
        .target(name: "Synthetic", dependencies: ["MLCCore"], path: "Plugins/Synthetic"),
        .target(name: "CloudSuite", dependencies: ["MLCCore", "MLCHTTP"], path: "Plugins/CloudSuite"),
        .target(name: "CloudSuiteSandbox", dependencies: ["MLCCore", "MLCHTTP"], path: "Plugins/CloudSuiteSandbox"),
        .target(
            name: "Snowflake",
            dependencies: ["MLCCore", "MLCHTTP", "MLCCrypto", .product(name: "TOMLKit", package: "TOMLKit")],
            path: "Plugins/Snowflake"),
        .target(
            name: "CloudSuiteSyteLine", dependencies: ["MLCCore", "MLCHTTP", "CloudSuite"],
            path: "Plugins/CloudSuiteSyteLine"),

        .target(name: "CloudSuiteM3", dependencies: ["MLCCore", "MLCHTTP", "CloudSuite"], path: "Plugins/CloudSuiteM3"),
        .target(name: "CloudSuiteLN", dependencies: ["MLCCore", "MLCHTTP", "CloudSuite"], path: "Plugins/CloudSuiteLN"),
        .target(
            name: "CloudSuiteFSM", dependencies: ["MLCCore", "MLCHTTP", "CloudSuite"], path: "Plugins/CloudSuiteFSM"),
        .target(
            name: "CloudSuiteSXE", dependencies: ["MLCCore", "MLCHTTP", "CloudSuite"], path: "Plugins/CloudSuiteSXE"),

        .executableTarget(name: "MLCRegistryGenerator"),
        .plugin(
            name: "ConnectorRegistry", capability: .buildTool(), dependencies: ["MLCRegistryGenerator"],
            path: "Plugins/ConnectorRegistry"),

        .executableTarget(
            name: "mlc",
            dependencies: [
                "MLCCore", "MLCState", "MLCHTTP", "MLCCrypto", "CloudSuiteSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ] + connectorTargets,
            plugins: ["ConnectorRegistry"]),

        .testTarget(
            name: "MLCCoreTests",
            dependencies: [
                "MLCCore", "MLCTestKit", "MLCState", "MLCTransforms", "Synthetic", "LocalWarehouse",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "MLCCryptoTests", dependencies: ["MLCCrypto"]),
        .testTarget(name: "MLCHTTPTests", dependencies: ["MLCHTTP", "MLCTestKit"]),
        .testTarget(name: "MLCStateTests", dependencies: ["MLCState", "MLCCrypto"]),
        .testTarget(name: "LocalWarehouseTests", dependencies: ["LocalWarehouse", "MLCTestKit", "MLCState"]),
        .testTarget(name: "RegistryTests", dependencies: ["MLCRegistryGenerator"]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["mlc", "MLCState", "Synthetic", "MLCCore", "MLCHTTP", "MLCTestKit"]),
        .testTarget(
            name: "SnowflakeTests",
            dependencies: ["Snowflake", "MLCCrypto", "MLCCore", "MLCHTTP", "MLCTestKit", "CloudSuiteSandbox", "mlc"]),
        .testTarget(
            name: "CloudSuiteTests",
            dependencies: [
                "mlc", "CloudSuite", "CloudSuiteSandbox", "CloudSuiteSyteLine", "CloudSuiteM3", "CloudSuiteLN", "CloudSuiteFSM", "CloudSuiteSXE",
                "MLCState", "MLCCore", "MLCHTTP",
                "MLCTestKit",
                "LocalWarehouse", "Snowflake", "MLCTransforms",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
