// swift-tools-version:6.0
import PackageDescription

/// The fuzzers: libFuzzer harnesses over the scene loader with three training steps (SceneFuzzer),
/// over lesson files (LessonFuzzer) and over the CSV reader (CSVFuzzer). Built and run by `fuzz/run`; not part of CI.
let package = Package(
    name: "tinylab-fuzz",
    dependencies: [.package(name: "tinylab", path: "..")],
    targets: [
        .executableTarget(
            name: "SceneFuzzer",
            dependencies: [.product(name: "Lab", package: "tinylab")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        /// Lesson files: loaded and, when valid, rehearsed for a few ticks (`fuzz/run 10m lesson`).
        .executableTarget(
            name: "LessonFuzzer",
            dependencies: [.product(name: "LabApp", package: "tinylab")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        /// The CSV reader alone (`fuzz/run 10m csv`).
        .executableTarget(
            name: "CSVFuzzer",
            dependencies: [.product(name: "Lab", package: "tinylab")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
