import Foundation

/// Draws the whole lab screen (DESIGN.md §5):
///
///     ┌ title ───────────────────────────────┬──────────────────┐
///     │ main panel (≈ 2/3)                   │ loss (log) panel │
///     ├──────────────────────────────────────┴──────────────────┤
///     │ message (only when there is one)                        │
///     │ status                                                  │
///     │ keys                                                    │
///     └─────────────────────────────────────────────────────────┘
///
/// Below `minimumWidth` × `minimumHeight` the frame holds only a centered note: the terminal's
/// size, the size needed, and that q quits.
public enum LabLayout {
    /// The smallest terminal, in cells, that gets the lab; a smaller one gets only the note
    /// `tooSmallMessage`.
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    /// The note shown in a terminal of `width` × `height` cells that is too small for the lab.
    public static func tooSmallMessage(width: Int, height: Int, options: RenderOptions) -> String {
        tooSmallVariants(width: width, height: height, options: options)[0]
    }

    /// The note from the longest to the shortest wording; the frame shows the first that fits.
    static func tooSmallVariants(width: Int, height: Int, options: RenderOptions) -> [String] {
        let times = options.unicode ? "×" : "x"
        let have = "\(width)\(times)\(height)", need = "\(minimumWidth)\(times)\(minimumHeight)"
        return [
            "the terminal is \(have) · the lab needs at least \(need) · enlarge the terminal, or press q to quit",
            "terminal \(have) · needs \(need) · enlarge it or press q to quit",
            "\(have) · needs \(need) · q quits",
            "\(need) · q quits",
            "q quits",
        ].map { Text.displayable($0, unicode: options.unicode) }
    }

    /// The lab screen for `picture` in a frame of `width` × `height` cells (also the free function
    /// `render(_:width:height:options:)`).
    public static func render(_ picture: LabPicture, width: Int, height: Int, options: RenderOptions) -> Frame {
        var frame = Frame(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(into: &frame, options: options)
            return frame
        }
        let palette = Palette(options)
        let symbols = Symbols.of(options)
        let unicode = options.unicode
        let whole = Rect(x: 0, y: 0, width: width, height: height)

        let message = messageLines(picture.status.message, width: width - 4, unicode: unicode)
        let caption = captionLines(picture.caption, width: width - 4, rows: max(2, height / 6), unicode: unicode)
        let raceRows = picture.race.map { RaceTable.rowsPerColumn(runners: $0.rows.count, rows: height - 13 - message.count - caption.count) } ?? 0
        // Projector mode has no key line: the status line takes its row.
        let keyRows = options.present ? 0 : 1
        let separatorRow = height - 3 - keyRows - message.count - raceRows - caption.count
        let panelHeight = separatorRow - 1
        let mainWidth = (width - 3) * 2 / 3
        let divider = 1 + mainWidth

        for y in 1..<(height - 1) {
            frame[0, y] = Cell(symbols.vertical, style: palette.border)
            frame[width - 1, y] = Cell(symbols.vertical, style: palette.border)
        }
        for y in 1..<separatorRow { frame[divider, y] = Cell(symbols.vertical, style: palette.border) }
        frame.repeatCharacter(symbols.horizontal, from: 1, to: width - 1, y: 0, style: palette.border, clip: whole)
        frame.repeatCharacter(symbols.horizontal, from: 1, to: width - 1, y: separatorRow, style: palette.border, clip: whole)
        frame.repeatCharacter(symbols.horizontal, from: 1, to: width - 1, y: height - 1, style: palette.border, clip: whole)
        frame[0, 0] = Cell(symbols.topLeft, style: palette.border)
        frame[width - 1, 0] = Cell(symbols.topRight, style: palette.border)
        frame[divider, 0] = Cell(symbols.teeDown, style: palette.border)
        frame[0, separatorRow] = Cell(symbols.teeRight, style: palette.border)
        frame[width - 1, separatorRow] = Cell(symbols.teeLeft, style: palette.border)
        frame[divider, separatorRow] = Cell(symbols.teeUp, style: palette.border)
        frame[0, height - 1] = Cell(symbols.bottomLeft, style: palette.border)
        frame[width - 1, height - 1] = Cell(symbols.bottomRight, style: palette.border)

        let title = Text.truncated(Text.displayable(picture.title, unicode: unicode), to: width - 6, unicode: unicode)
        if !title.isEmpty { frame.put(" " + title + " ", x: 1, y: 0, style: palette.title, clip: whole) }

        let mainArea = Rect(x: 2, y: 1, width: mainWidth - 2, height: panelHeight)
        MainPanelWidget(panel: picture.main, optimum: picture.optimumCurve, race: picture.race, heldOut: picture.heldOut).render(into: &frame, area: mainArea, options: options)
        let lossArea = Rect(x: divider + 2, y: 1, width: width - divider - 4, height: panelHeight)
        var lossChart = LossChart(history: picture.loss, stride: picture.lossStride, current: picture.status.loss,
                                  best: picture.bestLoss, diverged: picture.status.state == .diverged, reference: picture.optimumLoss,
                                  branches: picture.branchSteps)
        lossChart.marks = picture.lossMarks
        lossChart.test = picture.testLoss
        lossChart.ghost = picture.ghostLoss
        lossChart.rates = picture.rateCourse
        lossChart.full = picture.fullLoss
        lossChart.runners = picture.race?.runners ?? []
        lossChart.onTop = picture.race?.selected
        lossChart.render(into: &frame, area: lossArea, options: options)

        let row = { (y: Int) in Rect(x: 2, y: y, width: width - 4, height: 1) }
        for (index, line) in caption.enumerated() {
            let y = separatorRow + 1 + index
            var x = 2
            for (text, isHeading, isTask) in line {
                let style = isHeading ? palette.title : isTask ? palette.notice : palette.label
                x = frame.put(text, x: x, y: y, style: style, clip: row(y))
            }
        }
        let messageStyle = picture.status.state == .diverged ? palette.alarm : palette.notice
        for (index, line) in message.enumerated() {
            let y = separatorRow + 1 + caption.count + index
            frame.put(Text.truncated(line, to: width - 4, unicode: unicode), x: 2, y: y, style: messageStyle, clip: row(y))
        }
        let statusRow = height - 2 - keyRows
        if let race = picture.race {
            RaceTable(status: picture.status, race: race)
                .render(into: &frame, area: Rect(x: 2, y: statusRow - raceRows, width: width - 4, height: raceRows + 1), options: options)
        } else {
            StatusLine(status: picture.status).render(into: &frame, area: row(statusRow), options: options)
        }
        if keyRows > 0 {
            KeyLine(state: picture.status.state, keys: picture.keys, canStepBack: picture.status.stepsBack != nil).render(into: &frame, area: row(height - 2), options: options)
        }

        if let menu = picture.menu {
            SceneMenuOverlay(menu: menu).render(into: &frame, area: whole.inset(dx: 1, dy: 1), options: options)
        } else if let box = picture.textBox, !picture.showHelp {
            drawTextBox(box, into: &frame, area: whole.inset(dx: 1, dy: 1), options: options)
        } else if picture.showHelp {
            // The keys must all show: on a short terminal the help may cover the frame's border rows too.
            let keysNeed = picture.keys.filter { !$0.help.isEmpty }.count + 2
            let area = height - 2 >= keysNeed ? whole.inset(dx: 1, dy: 1) : Rect(x: 1, y: 0, width: width - 2, height: height)
            HelpOverlay(about: picture.description, keys: picture.keys).render(into: &frame, area: area, options: options)
        }
        return frame
    }

    /// A caption's rows, at most `rows` of `width`: the heading in front of the text, wrapped, then
    /// the task; each row as runs of (text, is the heading, is the task). A caption longer than
    /// the rows ends in an ellipsis.
    static func captionLines(_ caption: Caption?, width: Int, rows: Int, unicode: Bool) -> [[(String, Bool, Bool)]] {
        guard let caption, width > 0, rows > 0 else { return [] }
        let heading = Text.displayable(caption.heading, unicode: unicode) + " "
        let body = Text.displayable(Text.singleSpaced(caption.text), unicode: unicode)
        var wrapped = Text.wrapped(heading + body, width: width, longWords: .cut)
        let task = caption.task.map { Text.wrapped(Text.displayable($0, unicode: unicode), width: width, longWords: .cut) } ?? []
        let room = max(1, rows - task.count)
        if wrapped.count > room {
            wrapped = Array(wrapped.prefix(room))
            let ellipsis = unicode ? "…" : "..."
            let last = wrapped[room - 1]
            wrapped[room - 1] = last.count + ellipsis.count <= width ? last + ellipsis : String(last.prefix(width - ellipsis.count)) + ellipsis
        }
        var lines: [[(String, Bool, Bool)]] = wrapped.enumerated().map { index, line in
            guard index == 0, line.hasPrefix(heading.trimmingCharacters(in: .whitespaces)) else { return [(line, false, false)] }
            let cut = min(heading.count, line.count)
            return [(String(line.prefix(cut)), true, false), (String(line.dropFirst(cut)), false, false)]
        }
        lines += task.prefix(max(0, rows - lines.count)).map { [($0, false, true)] }
        return lines
    }

    /// A `TextBox` centred over the lab, its marked row reversed.
    private static func drawTextBox(_ box: TextBox, into frame: inout Frame, area: Rect, options: RenderOptions) {
        let unicode = options.unicode
        let lines = box.lines.map { Text.displayable($0, unicode: unicode) }
        let inner = min(area.width - 4, max(box.title.count + 4, box.hint.count + 4, (lines.map(\.count).max() ?? 0) + 2))
        let height = min(area.height, lines.count + 2)
        let overlay = OverlayBox(inner: inner, height: height, in: area)
        overlay.draw(into: &frame, title: " " + Text.displayable(box.title, unicode: unicode) + " ",
                     hint: Text.displayable(box.hint, unicode: unicode), clip: area, options: options)
        let rows = height - 2
        let first = box.marked.map { max(0, min($0 - rows / 2, lines.count - rows)) } ?? 0
        for row in 0..<rows where first + row < lines.count {
            let index = first + row
            let text = Text.truncated(lines[index], to: inner - 2, unicode: unicode)
            let style = index == box.marked ? Style(bold: true, reverse: true) : Style.plain
            frame.put(text, x: overlay.rect.x + 2, y: overlay.rect.y + 1 + row,
                      style: style, clip: Rect(x: overlay.rect.x + 1, y: overlay.rect.y + 1, width: inner, height: rows))
        }
    }

    /// The status message's rows: none, one, or two when it is too wide for one and has a `\n` to
    /// split at.
    private static func messageLines(_ message: String?, width: Int, unicode: Bool) -> [String] {
        guard let message, !message.isEmpty else { return [] }
        let text = Text.displayable(message, unicode: unicode)
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let joined = parts.joined(separator: " ")
        return parts.count == 1 || joined.count <= width ? [joined] : parts
    }

    /// The too-small note, centered: the longest wording that fits, its ` · `-separated parts kept
    /// whole on a line where they fit, wrapped at spaces where they do not.
    private static func drawTooSmall(into frame: inout Frame, options: RenderOptions) {
        let whole = Rect(x: 0, y: 0, width: frame.width, height: frame.height)
        guard !whole.isEmpty else { return }
        let variants = tooSmallVariants(width: frame.width, height: frame.height, options: options)
        let separator = options.unicode ? " · " : " - "
        let wrapped = variants.map { Self.lines($0, separator: separator, width: frame.width) }
        let lines = wrapped.first { lines in
            lines.count <= frame.height && lines.allSatisfy { $0.count <= frame.width }
        } ?? wrapped[wrapped.count - 1]
        let top = max(0, (frame.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            frame.put(line, x: max(0, (frame.width - line.count) / 2), y: top + index, style: Style(bold: true), clip: whole)
        }
    }

    /// `text` in lines of at most `width` characters where possible: parts joined by `separator`
    /// while they fit, a part that does not fit after them starting a new line, wrapped at its
    /// spaces when it is too long for one (a word longer than the line stays whole).
    static func lines(_ text: String, separator: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for part in text.components(separatedBy: separator) {
            if current.isEmpty, part.count <= width {
                current = part
            } else if !current.isEmpty, current.count + separator.count + part.count <= width {
                current += separator + part
            } else {
                if !current.isEmpty { lines.append(current) }
                var partLines = Text.wrapped(part, width: width)
                current = partLines.popLast() ?? ""
                lines += partLines
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// The lab screen for `picture` at `width` × `height` cells. Pure: the same input gives the same frame.
public func render(_ picture: LabPicture, width: Int, height: Int, options: RenderOptions) -> Frame {
    LabLayout.render(picture, width: width, height: height, options: options)
}
