import Lab

extension SessionPicture {
    /// The graph view of `session` (see `GraphPicture`).
    func graph(_ session: Session) -> GraphPicture {
        GraphPicture(lines: [], scroll: session.graphScroll)
    }
}
