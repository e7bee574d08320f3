import ArgumentParser
import Foundation
import Lab
import Plot
import Terminal

/// Prints the frame the lab would show, as plain text (`--snapshot`).
enum SnapshotRenderer {
    static func render(_ session: Session, columns: Int, rows: Int, ascii: Bool) -> String {
        var pictures = SessionPicture()
        let frame = Plot.render(pictures.picture(of: session), width: columns, height: rows, options: ascii ? .ascii : .mono)
        return frame.text
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
        case .home, .end, .pageUp, .pageDown, .enter, .backspace, .resize, .interrupt, .hangup: return nil
        }
    }
}

extension SceneCommand {
    /// The interactive lab: trains at the session's speed, draws at 30 frames per second and
    /// applies keys as they come.
    func runInteractive(_ session: Session) throws {
        let screen: Screen
        do {
            screen = try Screen.open(glyphs: glyphs?.choice ?? .automatic)
        } catch {
            printError("tinylab: \("\(error)".escapingControlCharacters()). To train without the lab, use --headless.")
            throw ExitCode.failure
        }
        var pictures = SessionPicture()
        let clock = ContinuousClock()
        var lastTick = clock.now
        let budget = Duration.milliseconds(30)
        let end = Terminal.runInteractive(
            screen: screen,
            framesPerSecond: 30,
            tick: {
                let start = clock.now
                let elapsed = lastTick.duration(to: start)
                lastTick = start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                session.tick(elapsed: min(seconds, 0.5)) { clock.now - start < budget }
            },
            render: { width, height, capabilities in
                // Training pauses while the terminal is too small to show it, and picks up again after.
                session.setVisible(width >= LabLayout.minimumWidth && height >= LabLayout.minimumHeight)
                return Plot.render(pictures.picture(of: session), width: width, height: height,
                            options: RenderOptions(unicode: capabilities.unicode, color: capabilities.color))
            },
            handle: { key in
                guard let press = KeyPress(key) else { return true }
                if Action.isQuit(press) { return false }
                if let action = Action(key: press) {
                    if action == .reset { pictures.reset() }
                    session.apply(action)
                }
                return true
            }
        )
        if end.exitStatus != 0 { throw ExitCode(end.exitStatus) }
    }
}
