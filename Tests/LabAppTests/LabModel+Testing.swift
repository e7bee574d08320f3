import FrameTesting
import Lab
import LabApp
import Plot

extension LabModel {
    /// The picture a fresh solo lab draws of `session` in `view` (Unicode glyphs).
    static func picture(of session: Session, view: LabView = .fit) -> LabPicture {
        var lab = LabModel(solo: session, view: view)
        return lab.picture(unicode: true)
    }
}
