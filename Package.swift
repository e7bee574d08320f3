// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The engine's hot loops are C (CGradKernels), compiled for AVX-512, for AVX2+FMA and portably; the
/// CPU the program runs on picks one at start-up. No flag depends on the build machine's CPU.
/// Contraction of a*b+c into a fused multiply-add is off, so every path (and the Swift code, which
/// never contracts) rounds exactly as written; errno-free math lets `sqrt` and `fma` be instructions.
let kernelFlags: [String] = ["-ffp-contract=off", "-fno-math-errno"]

/// fuzz/run builds Lab with libFuzzer, which cannot build the scene-embedding tool (libFuzzer brings
/// a `main` of its own); that build (TINYLAB_FUZZ_BUILD set) leaves the built-in scenes out.
let embedsScenes = ProcessInfo.processInfo.environment["TINYLAB_FUZZ_BUILD"] == nil

/// A session and its tensors are used by one thread at a time, and the properties a training step
/// touches are marked `@exclusivity(unchecked)`; but that mark only holds in the module that declares
/// the property, so Lab's reads of Grad's `Tensor.data` and `grad` were checked at run time, at about
/// 15 ns each. Release builds of Lab skip the run-time checks; debug builds (the tests) keep them.
let labSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    + (embedsScenes ? [] : [.define("TINYLAB_WITHOUT_EMBEDDED_SCENES")])

let package = Package(
    name: "tinylab",
    products: [
        .executable(name: "tinylab", targets: ["tinylab"]),
        .library(name: "Grad", targets: ["Grad"]),
        /// For fuzz/ (a separate package that builds the loader with libFuzzer).
        .library(name: "Lab", targets: ["Lab"]),
        /// The lab as a program and lessons (the lesson fuzzer plays them).
        .library(name: "LabApp", targets: ["LabApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        /// The CSV parser of teachers' data files (`--data`, `csv = ...` in a scene file).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .target(name: "CGradKernels", cSettings: [.unsafeFlags(kernelFlags)]),
        .target(name: "Grad", dependencies: ["CGradKernels"]),
        .target(
            name: "Lab",
            dependencies: ["Grad", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: labSettings,
            plugins: embedsScenes ? ["EmbedScenes"] : []
        ),
        /// Built-in scenes are compiled into Lab (EmbeddedScenes.swift), so the binary needs no folder.
        .executableTarget(name: "embed-scenes"),
        .plugin(name: "EmbedScenes", capability: .buildTool(), dependencies: ["embed-scenes"]),
        /// Pure drawing of plain values: it knows nothing of the engine or the lab's state.
        .target(name: "Plot"),
        /// The lab as a program (Elm-style model, update and view) over sessions and pictures.
        .target(name: "LabApp", dependencies: ["Lab", "Grad", "Plot"]),
        .systemLibrary(name: "CNcurses"),
        .target(name: "CAllocator"),
        .target(name: "CTerminalSignals"),
        .target(name: "Terminal", dependencies: ["CNcurses", "CTerminalSignals", "Plot"]),
        .executableTarget(
            name: "tinylab",
            dependencies: [
                "Grad", "Lab", "LabApp", "Plot", "Terminal", "CAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tinylab-bench",
            dependencies: ["Grad", "Lab", "LabApp", "Plot", "CAllocator", "CMallocCounter", "CGradKernels"],
            path: "bench/Sources/TinylabBench"
        ),
        /// Counts the bench's heap allocations (it replaces malloc and friends in that program only).
        .target(name: "CMallocCounter", path: "bench/Sources/CMallocCounter"),
        /// Independent references, and PyTorch's own random draws (TorchRandom/, written by its script).
        .target(name: "ReferenceMath", path: "Tests/ReferenceMath", exclude: ["TorchRandom", "TorchSchedules", "TorchLosses", "TorchClassifier", "TorchRegularised"]),
        /// The `long` tag of the tests that take seconds, and their skipping under TINYLAB_QUICK=1.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GradTests", dependencies: ["Grad", "CGradKernels", "ReferenceMath", "TestSupport"]),
        /// The shipped scenes and small helpers shared by the Lab and LabApp tests.
        .target(name: "LabFixtures", dependencies: ["Lab", "Grad", "CGradKernels"], path: "Tests/LabFixtures"),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Grad", "ReferenceMath", "LabFixtures", "TestSupport",
                                                    .product(name: "CSV", package: "CSV.swift")]),
        /// Golden-frame checking shared by the Plot and LabApp tests.
        .target(name: "FrameTesting", dependencies: ["Plot"], path: "Tests/FrameTesting"),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "FrameTesting", "TestSupport"], resources: [.copy("Frames")]),
        .testTarget(name: "LabAppTests", dependencies: ["LabApp", "Lab", "Grad", "Plot", "FrameTesting", "LabFixtures", "ReferenceMath",
                                                        "TestSupport"], resources: [.copy("Frames")]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        /// Drive the release binary (built once per run into .build-e2e) headless and in tmux.
        .testTarget(name: "EndToEndTests", dependencies: ["tinylab", "Lab", "ReferenceMath", "TestSupport"],
                    exclude: ["HeadlessGoldens"]),
    ],
    swiftLanguageModes: [.v6]
)
