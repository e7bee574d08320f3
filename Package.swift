// swift-tools-version:6.0
import PackageDescription
import Foundation

/// The engine's kernels are written so LLVM vectorizes them; on a host with AVX2 and FMA (read from
/// /proc/cpuinfo when the package is built) they are compiled for it, which makes `addingProduct`
/// (the fused multiply-add the optimizers need to match PyTorch) a single instruction instead of a
/// libm call. Other hosts get portable code.
let hostFlags: [String] = {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
    let flags = Set(info.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
    return flags.isSuperset(of: ["avx2", "fma"]) ? ["-target-cpu", "haswell"] : []
}()

let package = Package(
    name: "tinylab",
    products: [
        .executable(name: "tinylab", targets: ["tinylab"]),
        .library(name: "Grad", targets: ["Grad"]),
        /// For fuzz/ (a separate package that builds the loader with libFuzzer).
        .library(name: "Lab", targets: ["Lab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(name: "Grad", swiftSettings: [.unsafeFlags(hostFlags)]),
        .target(
            name: "Lab",
            dependencies: ["Grad", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.copy("Scenes")]
        ),
        .target(name: "Plot", dependencies: ["Lab", "Grad"]),
        .systemLibrary(name: "CNcurses"),
        .target(name: "CAllocator"),
        .target(name: "CTerminalSignals"),
        .target(name: "Terminal", dependencies: ["CNcurses", "CTerminalSignals", "Plot"]),
        .executableTarget(
            name: "tinylab",
            dependencies: [
                "Grad", "Lab", "Plot", "Terminal", "CAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tinylab-bench",
            dependencies: ["Grad", "Lab", "Plot", "CAllocator"],
            path: "bench/Sources/TinylabBench"
        ),
        .target(name: "ReferenceMath", path: "Tests/ReferenceMath"),
        .testTarget(name: "GradTests", dependencies: ["Grad", "ReferenceMath"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Grad", "ReferenceMath"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "Lab"], resources: [.copy("Frames")]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "TinylabTests", dependencies: ["tinylab", "Lab", "ReferenceMath"], exclude: ["HeadlessGoldens"]),
    ],
    swiftLanguageModes: [.v6]
)
