import Lab
import Plot

extension LabModel {
    /// What the lab shows now, as plain values, in Unicode or ASCII glyphs. The pictures' memory
    /// (steady axes, landscape grids in progress) is part of the model, so drawing updates it.
    public mutating func picture(unicode: Bool) -> LabPicture {
        var memory = LabPictures()
        swap(&memory, &pictures)
        defer { swap(&memory, &pictures) }
        var picture = isRace ? memory.picture(of: self) : memory.soloPicture(of: self)
        picture.keys = KeyTable.help(race: isRace, unicode: unicode)
        if var menu {
            menu.keys = KeyTable.menuHints(unicode: unicode)
            picture.menu = menu
        }
        return picture
    }

    /// The frame the lab shows at `width` × `height` cells.
    public mutating func frame(width: Int, height: Int, options: RenderOptions) -> Frame {
        var picture = picture(unicode: options.unicode)
        if options.present, picture.caption == nil {
            let scene = selectedRunner.scene
            picture.caption = Caption(heading: scene.name, text: SceneLibrary.summary(of: scene.description))
        }
        return render(picture, width: width, height: height, options: options)
    }
}
