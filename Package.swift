// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Panorama",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "panorama", targets: ["panorama"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        .target(name: "PanoramaModel"),
        .target(
            name: "PanoramaStore",
            dependencies: [
                "PanoramaModel", "CLinux",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "PanoramaIngest", dependencies: ["PanoramaModel", "PanoramaStore", "CZlib", "CLinux"]),
        .target(name: "PanoramaSimulation", dependencies: ["PanoramaModel", "CZlib"]),
        .target(name: "PanoramaEngine", dependencies: ["PanoramaModel", .product(name: "Yams", package: "Yams")]),
        .target(name: "PanoramaBuild", dependencies: ["PanoramaModel", "PanoramaStore", "PanoramaEngine"]),
        .target(name: "PanoramaValue", dependencies: ["PanoramaModel"]),
        .target(name: "PanoramaRisk", dependencies: ["PanoramaModel", "PanoramaStore"]),
        .target(
            name: "PanoramaServe",
            dependencies: [
                "PanoramaModel", "PanoramaStore", "PanoramaEngine", "PanoramaBuild", "PanoramaValue", "PanoramaRisk",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .target(
            name: "PanoramaEvaluation",
            dependencies: ["PanoramaModel", "PanoramaStore", "PanoramaEngine", "PanoramaBuild", "PanoramaRisk", "PanoramaSimulation"]),
        .target(
            name: "PanoramaBench",
            dependencies: ["PanoramaModel", "PanoramaStore", "PanoramaIngest", "PanoramaSimulation", "PanoramaBuild", "PanoramaRisk"]),
        .executableTarget(
            name: "panorama",
            dependencies: [
                "PanoramaModel", "PanoramaStore", "PanoramaIngest", "PanoramaSimulation", "PanoramaEngine", "PanoramaBuild",
                "PanoramaEvaluation", "PanoramaBench", "PanoramaValue", "PanoramaRisk", "PanoramaServe", "CLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "PanoramaTestSupport", dependencies: ["PanoramaModel"], path: "Tests/PanoramaTestSupport"),
        .testTarget(name: "PanoramaModelTests", dependencies: ["PanoramaModel"]),
        .testTarget(name: "PanoramaStoreTests", dependencies: ["PanoramaStore", "PanoramaTestSupport"]),
        .testTarget(
            name: "PanoramaIngestTests",
            dependencies: ["PanoramaIngest", "PanoramaStore", "PanoramaSimulation", "PanoramaTestSupport"]),
        .testTarget(name: "PanoramaEngineTests", dependencies: ["PanoramaEngine", "PanoramaModel"]),
        .testTarget(
            name: "PanoramaBuildTests",
            dependencies: [
                "PanoramaBuild", "PanoramaEvaluation", "PanoramaEngine", "PanoramaIngest", "PanoramaStore",
                "PanoramaSimulation", "PanoramaTestSupport",
            ]),
        .testTarget(name: "PanoramaBenchTests", dependencies: ["PanoramaBench"]),
        .testTarget(name: "PanoramaValueTests", dependencies: ["PanoramaValue", "PanoramaModel", "PanoramaTestSupport"]),
        .testTarget(
            name: "PanoramaRiskTests", dependencies: ["PanoramaRisk", "PanoramaModel", "PanoramaStore", "PanoramaTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PanoramaServeTests",
            dependencies: [
                "PanoramaServe", "PanoramaIngest", "PanoramaBuild", "PanoramaModel", "PanoramaRisk", "PanoramaSimulation", "PanoramaStore",
                "PanoramaTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Yams", package: "Yams"),
            ]),
        .testTarget(name: "PanoramaSimulationTests", dependencies: ["PanoramaSimulation", "PanoramaModel", "PanoramaTestSupport"]),
    ]
)
