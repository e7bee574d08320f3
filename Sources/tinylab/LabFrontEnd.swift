import ArgumentParser
import Foundation
import Lab
import LabApp
import Plot
import Terminal

/// The frame the lab would show (`--snapshot`): plain text without colour, or an SVG picture in colour.
enum SnapshotRenderer {
    static func render(_ lab: LabModel, columns: Int, rows: Int, ascii: Bool, present: Bool = false, format: SnapshotFormat = .text) -> String {
        var lab = lab
        switch format {
        case .text:
            var options: RenderOptions = ascii ? .ascii : .mono
            options.present = present
            return lab.frame(width: columns, height: rows, options: options).text + "\n"
        case .svg:
            return FrameSVG.document(lab.frame(width: columns, height: rows, options: RenderOptions(unicode: !ascii, color: true, present: present)))
        }
    }
}

extension KeyPress {
    init?(_ key: Key) {
        switch key {
        case .character(let c): self = .character(c)
        case .left: self = .left
        case .right: self = .right
        case .up: self = .up
        case .down: self = .down
        case .escape: self = .escape
        case .enter: self = .enter
        case .pageUp: self = .pageUp
        case .pageDown: self = .pageDown
        case .backspace: self = .backspace
        case .home, .end, .resize, .interrupt, .hangup: return nil
        }
    }
}

/// The interactive lab on the terminal: opens the screen, feeds the model (`LabModel`) its
/// events — a tick with the time since the last one (training within 30 ms of each frame), the
/// terminal's size whenever it changes, and every key — and draws the model's frame at 30 frames
/// per second, until the model asks to quit.
struct LabFrontEnd {
    var glyphs: GlyphChoice
    /// Projector mode (`--present`).
    var present = false
    /// The asciicast recording of the frames (`--record`), opened before the lab.
    var recorder: CastRecorder?

    func run<Program: LabProgram>(_ first: Program) throws {
        var model = first
        let screen: Screen
        do {
            screen = try Screen.open(glyphs: glyphs)
        } catch {
            printError("tinylab: \("\(error)".escapingControlCharacters()). To train without the lab, use --headless.")
            throw ExitCode.failure
        }
        let clock = ContinuousClock()
        var lastTick = clock.now
        let budget = Duration.milliseconds(30)
        var size: (width: Int, height: Int)?
        var shownOptions = RenderOptions.standard
        let end = Terminal.runInteractive(
            screen: screen,
            framesPerSecond: 30,
            tick: {
                let start = clock.now
                let elapsed = lastTick.duration(to: start)
                lastTick = start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                model.update(.tick(elapsed: min(seconds, 0.5), hasTime: { clock.now - start < budget }))
            },
            render: { width, height, capabilities in
                if size?.width != width || size?.height != height {
                    size = (width, height)
                    model.update(.resize(width: width, height: height))
                }
                shownOptions = RenderOptions(unicode: capabilities.unicode, color: capabilities.color, present: present)
                let frame = model.frame(width: width, height: height, options: shownOptions)
                if let recorder, recorder.failure == nil {
                    recorder.record(frame)
                    if let reason = recorder.failure { model.update(.recordingStopped(reason)) }
                }
                return frame
            },
            handle: { key in
                guard let press = KeyPress(key) else { return true }
                switch model.update(.key(press)) {
                case .quit?: return false
                case .export(let kind, let baseName)?:
                    let shown = size ?? (LabLayout.minimumWidth, LabLayout.minimumHeight)
                    let outcome = ExportFiles.perform(kind, baseName: baseName, lab: model.shownLab) {
                        model.frame(width: shown.width, height: shown.height, options: shownOptions)
                    }
                    model.update(.exported(outcome))
                    return true
                case nil: return true
                }
            }
        )
        if let problem = recorder?.finish() { printError(problem) }
        if end.exitStatus != 0 { throw ExitCode(end.exitStatus) }
    }

    /// Opens `--record`'s file, or says why it cannot (exit 64 for a directory, 1 otherwise);
    /// without a terminal to draw the lab in (`opensLab` false) there is nothing to record (64).
    static func recorder(_ path: String?, title: String, opensLab: Bool) throws -> CastRecorder? {
        guard let path else { return nil }
        let recorder: CastRecorder
        do {
            recorder = try CastRecorder(path: path, title: title)
        } catch {
            printError("tinylab: \(error.message.escapingControlCharacters())")
            throw error.message.contains("is a directory") ? ExitCode(64) : ExitCode.failure
        }
        guard opensLab else {
            recorder.discard()
            printError("tinylab: --record records the lab in a terminal; stdout is not one, so there is nothing to record")
            throw ExitCode(64)
        }
        return recorder
    }
}
