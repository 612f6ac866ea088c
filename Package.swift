// swift-tools-version:6.1
import PackageDescription

// Warnings are errors in CI (`.ci/run` passes `-Xswiftc -warnings-as-errors`); locally they stay warnings
// so that work in progress still builds.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6)
]

let package = Package(
    name: "Yibao",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "yibao", targets: ["yibao"]),
        .library(name: "YibaoCore", targets: ["YibaoCore"]),
        .library(name: "YibaoPolicy", targets: ["YibaoPolicy"]),
        .library(name: "YibaoSettlement", targets: ["YibaoSettlement"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(
            name: "YibaoCore",
            resources: [.copy("Resources/regions.tsv"), .copy("Resources/cn-calendar.tsv")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "YibaoPolicy",
            dependencies: ["YibaoCore", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.copy("Resources/packs")],
            swiftSettings: swiftSettings
        ),
        .target(name: "YibaoSettlement", dependencies: ["YibaoCore", "YibaoPolicy"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "yibao",
            dependencies: [
                "YibaoCore", "YibaoPolicy", "YibaoSettlement",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "YibaoCoreTests", dependencies: ["YibaoCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "YibaoPolicyTests",
            dependencies: ["YibaoPolicy"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
