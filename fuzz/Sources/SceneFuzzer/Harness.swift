import Lab

/// The memory budget while fuzzing: below libFuzzer's `-rss_limit_mb=1024`, so a scene the loader
/// lets through must also stay within it.
let fuzzingBudget = 256_000_000

/// One input: the bytes as a scene file, loaded, and when valid a session of three steps.
/// Every outcome is fine except a crash, a hang (over 2 s) or an allocation over 1 GB.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: bytes, count: count)
    guard let text = String(validating: buffer, as: UTF8.self) else { return 0 }
    let scene: Scene
    do {
        scene = try SceneLoader.parse(text, name: "fuzz", file: "fuzz.toml", memoryBudget: fuzzingBudget)
    } catch {
        precondition(error.line != nil, "every error in a file names a line: \(error)")
        _ = error.description
        return 0
    }
    guard let session = try? Session(scene: scene, options: RunOptions(steps: 3)) else { return 0 }
    for _ in 0..<3 { session.trainStep() }
    _ = session.currentLoss()
    _ = session.parameterSummaries()
    let plane = [-1.0, -1, 0, 0, 1, 2, 1e6, -3]
    _ = session.classProbabilities(at: plane)
    _ = session.firstLayer(at: plane)
    _ = session.accuracy()
    return 0
}
