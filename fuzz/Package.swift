// swift-tools-version:6.0
import PackageDescription

/// The scene-file fuzzer: a libFuzzer harness over the loader and three training steps. Built and
/// run by `fuzz/run`; not part of CI.
let package = Package(
    name: "tinylab-fuzz",
    dependencies: [.package(name: "tinylab", path: "..")],
    targets: [
        .executableTarget(
            name: "SceneFuzzer",
            dependencies: [.product(name: "Lab", package: "tinylab")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
