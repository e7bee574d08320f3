/// The box-drawing, axis and status characters for Unicode or ASCII terminals.
struct Symbols {
    let horizontal: Character
    let vertical: Character
    let topLeft: Character
    let topRight: Character
    let bottomLeft: Character
    let bottomRight: Character
    /// ┬ ┴ ├ ┤ : a line meeting the border from below, above, the right and the left.
    let teeDown: Character
    let teeUp: Character
    let teeRight: Character
    let teeLeft: Character
    let axisVertical: Character
    let axisHorizontal: Character
    let axisCorner: Character
    let yTick: Character
    let xTick: Character
    let ellipsis: String
    let diverged: Character

    static let unicode = Symbols(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        teeDown: "┬", teeUp: "┴", teeRight: "├", teeLeft: "┤",
        axisVertical: "│", axisHorizontal: "─", axisCorner: "└", yTick: "┤", xTick: "┬",
        ellipsis: "…", diverged: "✕")

    static let ascii = Symbols(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        teeDown: "+", teeUp: "+", teeRight: "+", teeLeft: "+",
        axisVertical: "|", axisHorizontal: "-", axisCorner: "+", yTick: "+", xTick: "+",
        ellipsis: "~", diverged: "X")

    static func of(_ options: RenderOptions) -> Symbols { options.unicode ? unicode : ascii }
}
