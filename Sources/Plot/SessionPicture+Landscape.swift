import Lab

extension SessionPicture {
    /// The landscape view of `session` (see `LandscapePicture`).
    mutating func landscape(_ session: Session) -> LandscapePicture {
        LandscapePicture(xName: "", yName: "", xs: [], ys: [], values: [])
    }
}
