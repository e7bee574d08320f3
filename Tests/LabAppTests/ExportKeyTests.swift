import Lab
import LabApp
import LabFixtures
import Plot
import Testing

/// w and W: the lab asks the program around it to write files (an effect, so `update` stays pure)
/// and says what became of them.
struct ExportKeyTests {
    @Test func wAndWAskForTheFilesOfTheSceneAndTheSelectedRunsStep() throws {
        var lab = LabModel(solo: try Fixtures.session("sin-cubic", RunOptions(startsPaused: true)))
        for _ in 0..<3 { lab.apply(.step) }
        #expect(lab.update(.key(.character("w"))) == .export(.picture, baseName: "sin-cubic-step3"))
        #expect(lab.update(.key(.character("W"))) == .export(.state, baseName: "sin-cubic-step3"))
        #expect(lab.selectedRunner.step == 3, "asking for files changes nothing")
        #expect(lab.notice == nil)
    }

    @Test func aSceneOpenedFromAStateFileKeepsTheFirstScenesName() throws {
        var scene = try Fixtures.scene("parabola")
        for (name, stem) in [("parabola-step153", "parabola"), ("parabola-step153-2", "parabola"), ("two-layer-net", "two-layer-net"),
                             ("my-steps", "my-steps"), ("step5", "step5")] {
            scene.name = name
            var lab = LabModel(solo: try Session(scene: scene, options: RunOptions(startsPaused: true)))
            #expect(lab.update(.key(.character("w"))) == .export(.picture, baseName: "\(stem)-step0"))
        }
    }

    @Test func theNoticeNamesTheFilesOrSaysWhatFailed() throws {
        var lab = LabModel(solo: try Fixtures.session("parabola", RunOptions(startsPaused: true)))
        lab.update(.exported(.wrote(["parabola-step0.svg", "parabola-step0.txt"])))
        #expect(lab.frame(width: 100, height: 30, options: .mono).text.contains("wrote parabola-step0.svg and .txt"))
        lab.update(.exported(.wrote(["parabola-step0-2.toml"])))
        #expect(lab.frame(width: 100, height: 30, options: .mono).text
            .contains("wrote parabola-step0-2.toml · tinylab scene parabola-step0-2.toml opens it"))
        lab.update(.exported(.failed(file: "parabola-step0.svg", reason: "the disk is full")))
        #expect(lab.frame(width: 100, height: 30, options: .mono).text.contains("cannot write parabola-step0.svg: the disk is full"))
    }

    @Test func aFileNameAShellWouldSplitIsQuoted() {
        #expect(LabModel.shellWord("parabola-step3.toml") == "parabola-step3.toml")
        #expect(LabModel.shellWord("my scene-step3.toml") == "'my scene-step3.toml'")
        #expect(LabModel.shellWord("it's-step3.toml") == "'it'\\''s-step3.toml'")
    }
}
