// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tinylab",
    products: [
        .executable(name: "tinylab", targets: ["tinylab"]),
        .library(name: "Grad", targets: ["Grad"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(name: "Grad"),
        .target(
            name: "Lab",
            dependencies: ["Grad", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.copy("Scenes")]
        ),
        .target(name: "Plot"),
        .systemLibrary(name: "CNcurses"),
        .target(name: "Terminal", dependencies: ["CNcurses", "Plot"]),
        .executableTarget(
            name: "tinylab",
            dependencies: [
                "Grad", "Lab", "Plot", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GradTests", dependencies: ["Grad"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Grad"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"], resources: [.copy("Frames")]),
        .testTarget(name: "TinylabTests", dependencies: ["tinylab", "Lab"]),
    ],
    swiftLanguageModes: [.v6]
)
