import FrameTesting
import Foundation
import Plot
import Testing

/// This target's golden frames (Tests/PlotTests/Frames).
enum GoldenFrame {
    static let frames = GoldenFrames(bundled: Bundle.module.url(forResource: "Frames", withExtension: nil),
                                     sourceDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                                         .appendingPathComponent("Frames"))

    static func check(_ frame: Frame, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        frames.compare(frame, named: name, sourceLocation: sourceLocation)
    }
}
