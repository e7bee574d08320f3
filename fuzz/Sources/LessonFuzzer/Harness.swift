import LabApp
import Lab

/// One input: the bytes as a lesson file, loaded, and when valid rehearsed for at most 40 ticks of
/// at most 20 rounds each. Every outcome is fine except a crash, a hang (over 2 s) or an
/// allocation over 1 GB. Scenes come by name from `TINYLAB_SCENES` (fuzz/run sets it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: bytes, count: count)
    guard let text = String(validating: buffer, as: UTF8.self) else { return 0 }
    let lesson: Lesson
    do {
        lesson = try LessonLoader.parse(text, name: "fuzz", file: "fuzz.toml")
    } catch {
        precondition(error.line != nil || error.message.contains("does not load"), "a lesson error names a line: \(error)")
        _ = error.description
        return 0
    }
    guard var model = try? LessonModel(lesson: lesson) else { return 0 }
    var rounds = 0
    _ = model.rehearse(roundLimit: 40, hasTime: { rounds += 1; return rounds % 20 != 0 })
    _ = model.frame(width: 80, height: 24, options: .standard)
    return 0
}
