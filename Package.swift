// swift-tools-version:6.2
import PackageDescription

// Warnings are errors in CI (CI=true, as `.ci/run` runs) for the project's own targets; locally they stay
// warnings so that work in progress still builds. Dependencies are not affected.
let warningsAreErrors = Context.environment["CI"] == "true"
let swiftSettings: [SwiftSetting] =
    [.swiftLanguageMode(.v6)] + (warningsAreErrors ? [.treatAllWarnings(as: .error)] : [])

let package = Package(
    name: "Yibao",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "yibao", targets: ["yibao"]),
        .executable(name: "yibao-bench", targets: ["yibao-bench"]),
        .library(name: "YibaoCore", targets: ["YibaoCore"]),
        .library(name: "YibaoPolicy", targets: ["YibaoPolicy"]),
        .library(name: "YibaoSettlement", targets: ["YibaoSettlement"]),
        .library(name: "YibaoPlatform", targets: ["YibaoPlatform"]),
        .library(name: "YibaoStore", targets: ["YibaoStore"]),
        .library(name: "YibaoHelp", targets: ["YibaoHelp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "CommandLineArguments"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(
            name: "YibaoCore",
            exclude: ["README.md"],
            resources: [.copy("Resources/regions.tsv"), .copy("Resources/cn-calendar.tsv")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YibaoPolicy",
            dependencies: ["YibaoCore", .product(name: "TOMLKit", package: "TOMLKit")],
            exclude: ["README.md"],
            resources: [.copy("Resources/packs")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YibaoSettlement", dependencies: ["YibaoCore", "YibaoPolicy"], exclude: ["README.md"],
            swiftSettings: swiftSettings),
        .target(
            name: "YibaoPlatform",
            dependencies: [
                "YibaoCore", "YibaoPolicy", "YibaoSettlement", "YibaoHelp",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["README.md"], swiftSettings: swiftSettings),
        // `sqlite3_config` (variadic, so not callable from Swift) for the one process-wide setting the store makes.
        .target(name: "YibaoSQLiteConfig", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(
            name: "YibaoStore",
            dependencies: [
                "YibaoCore", "YibaoPlatform", "YibaoSQLiteConfig", .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C module GRDB itself imports: the crediting run's hot path binds and steps directly.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "YibaoHelp", dependencies: ["YibaoCore", "YibaoPolicy", "YibaoSettlement"],
            exclude: ["README.md"], resources: [.copy("Content")], swiftSettings: swiftSettings),
        .target(
            name: "YibaoServer",
            dependencies: [
                "YibaoCore", "YibaoPolicy", "YibaoSettlement", "YibaoPlatform", "YibaoStore", "YibaoHelp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["README.md"],
            // Pages: Mustache templates (Chinese) and the one stylesheet served under /assets.
            resources: [.copy("openapi.yaml"), .copy("Templates"), .copy("Public")],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .executableTarget(
            name: "yibao",
            dependencies: [
                "YibaoCore", "YibaoPolicy", "YibaoSettlement", "YibaoPlatform", "YibaoStore", "YibaoHelp", "YibaoServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "yibao-bench",
            dependencies: ["YibaoCore", "YibaoPolicy", "YibaoSettlement", "YibaoPlatform", "YibaoStore", "YibaoHelp"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YibaoSettlementTests",
            dependencies: ["YibaoSettlement"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "YibaoHelpTests", dependencies: ["YibaoHelp"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "YibaoPlatformTests",
            dependencies: [
                "YibaoPlatform", "YibaoStore", "YibaoHelp", .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API: the WAL frame writer's failure test calls the VFS's methods directly.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "YibaoPlatformSimulationTests", dependencies: ["YibaoPlatform", "YibaoStore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "YibaoServerTests",
            dependencies: [
                "YibaoServer", "YibaoPlatform", "YibaoStore", "YibaoPolicy", "YibaoCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "YibaoCoreTests", dependencies: ["YibaoCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "YibaoPolicyTests",
            dependencies: ["YibaoPolicy"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
