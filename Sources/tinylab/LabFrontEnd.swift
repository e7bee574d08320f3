import ArgumentParser
import Foundation
import Lab
import Plot
import Terminal

/// Prints the frame the lab would show, as plain text (`--snapshot`).
enum SnapshotRenderer {
    static func render(_ session: Session, columns: Int, rows: Int, ascii: Bool) -> String {
        var pictures = SessionPicture()
        return text(pictures.picture(of: session), columns: columns, rows: rows, ascii: ascii)
    }

    /// The race's frame (`tinylab race --snapshot`).
    static func render(_ race: Race, columns: Int, rows: Int, ascii: Bool) -> String {
        var pictures = RacePicture()
        return text(pictures.picture(of: race), columns: columns, rows: rows, ascii: ascii)
    }

    private static func text(_ picture: LabPicture, columns: Int, rows: Int, ascii: Bool) -> String {
        Plot.render(picture, width: columns, height: rows, options: ascii ? .ascii : .mono).text
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
        case .home, .end, .backspace, .resize, .interrupt, .hangup: return nil
        }
    }
}

/// The interactive lab: one session on screen at a time, the keys of `KeyTable`, and the scene
/// menu, which replaces the session with the scene picked; or a race (`run(_: Race)`). Trains at the session's speed, draws at
/// 30 frames per second, applies keys as they come.
struct LabFrontEnd {
    var glyphs: GlyphChoice
    /// Options for scenes opened from the menu (`--paused` carries over; the rest is the scene's own).
    var menuOptions: RunOptions

    func run(_ first: Session, menuOpen: Bool = false) throws {
        var session = first
        var pictures = SessionPicture()
        var menu: SceneMenu? = menuOpen ? Self.sceneMenu(current: first.scene.name) : nil
        try Self.loop(
            glyphs: glyphs,
            tick: { elapsed, hasTime in session.tick(elapsed: elapsed, hasTime: hasTime) },
            setVisible: { session.setVisible($0) },
            picture: {
                var picture = pictures.picture(of: session)
                picture.menu = menu
                return picture
            },
            handle: { press in
                if menu != nil {
                    switch press {
                    case .up, .character("k"): menu?.moveUp()
                    case .down, .character("j"), .character("\t"): menu?.moveDown()
                    case .escape, .character("m"): menu = nil
                    case .character("q"): return false
                    case .enter, .right, .character(" "):
                        guard let entry = menu?.selectedEntry else { return true }
                        do {
                            session = try Session(scene: SceneLibrary.scene(named: entry.name), options: menuOptions)
                            pictures = SessionPicture()
                            menu = nil
                        } catch {
                            menu?.problem = "\(entry.name) cannot be opened: \(error)"
                        }
                    default: break
                    }
                    return true
                }
                switch KeyTable.command(for: press) {
                case .quit: return false
                case .sceneMenu: menu = Self.sceneMenu(current: session.scene.name)
                case .action(let action):
                    if action == .reset || action == .resetToDefaults { pictures.reset() }
                    session.apply(action)
                case nil: break
                }
                return true
            }
        )
    }

    /// The race in the lab: every key acts on the race (`Race.apply`), which passes it to every
    /// runner or, for the learning rate, to the selected one. There is no scene menu in a race.
    func run(_ race: Race) throws {
        var pictures = RacePicture()
        try Self.loop(
            glyphs: glyphs,
            tick: { elapsed, hasTime in race.tick(elapsed: elapsed, hasTime: hasTime) },
            setVisible: { visible in for runner in race.runners { runner.setVisible(visible) } },
            picture: { pictures.picture(of: race) },
            handle: { press in
                switch KeyTable.command(for: press) {
                case .quit: return false
                case .action(let action):
                    if action == .reset || action == .resetToDefaults { pictures.reset() }
                    race.apply(action)
                case .sceneMenu, nil: break
                }
                return true
            }
        )
    }

    /// The loop both labs share: opens the screen, trains through `tick` within 30 ms of each
    /// frame, pauses training while the terminal is too small to show it (`setVisible`), draws
    /// `picture` at 30 frames per second and passes keys to `handle` until it returns false.
    private static func loop(glyphs: GlyphChoice, tick: (_ elapsed: Double, _ hasTime: () -> Bool) -> Void,
                             setVisible: (Bool) -> Void, picture: () -> LabPicture, handle: (KeyPress) -> Bool) throws {
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
        let end = Terminal.runInteractive(
            screen: screen,
            framesPerSecond: 30,
            tick: {
                let start = clock.now
                let elapsed = lastTick.duration(to: start)
                lastTick = start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                tick(min(seconds, 0.5)) { clock.now - start < budget }
            },
            render: { width, height, capabilities in
                // Training pauses while the terminal is too small to show it, and picks up again after.
                setVisible(width >= LabLayout.minimumWidth && height >= LabLayout.minimumHeight)
                return Plot.render(picture(), width: width, height: height,
                                   options: RenderOptions(unicode: capabilities.unicode, color: capabilities.color))
            },
            handle: { key in
                guard let press = KeyPress(key) else { return true }
                return handle(press)
            }
        )
        if end.exitStatus != 0 { throw ExitCode(end.exitStatus) }
    }

    /// The built-in scenes in teaching order, with `current` highlighted.
    static func sceneMenu(current: String) -> SceneMenu {
        let entries = SceneLibrary.entries().map { entry -> SceneMenu.Entry in
            guard entry.problem == nil else {
                return SceneMenu.Entry(name: entry.name, title: "(cannot be read: tinylab check \(entry.name) says why)", summary: "")
            }
            return SceneMenu.Entry(name: entry.name, title: entry.title, summary: entry.summary)
        }
        return SceneMenu(entries: entries, selected: entries.firstIndex { $0.name == current } ?? 0)
    }
}
