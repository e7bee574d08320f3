import Plot

/// What the terminal front end runs: the lab itself, or a lesson around it. Both are Elm-style
/// models: events in, frames out.
public protocol LabProgram {
    @discardableResult mutating func update(_ event: LabEvent) -> LabEffect?
    mutating func frame(width: Int, height: Int, options: RenderOptions) -> Frame
    /// The lab whose state W writes.
    var shownLab: LabModel { get }
}

extension LabModel: LabProgram {
    public var shownLab: LabModel { self }
}

extension LessonModel: LabProgram {
    public var shownLab: LabModel { lab }
}
