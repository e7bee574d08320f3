import Lab

extension SessionPicture {
    /// The optimizer view of `session` (see `OptimizerPicture`).
    func optimizerTable(_ session: Session) -> OptimizerPicture {
        OptimizerPicture(optimizer: session.optimizerKind.displayName, rule: [], columns: [], rows: [])
    }
}
