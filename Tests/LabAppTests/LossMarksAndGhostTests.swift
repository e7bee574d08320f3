import Grad
import Lab
@testable import LabApp
import LabFixtures
import Plot
import Testing

/// The loss panel's marks where the learning rate, the optimizer or β changed, and the ghost of the
/// run before the last reset.
struct LossMarksAndGhostTests {
    private func lab() throws -> LabModel {
        LabModel(solo: try Fixtures.session("sin-cubic", RunOptions(startsPaused: true)))
    }

    private func press(_ keys: String, _ lab: inout LabModel) {
        for key in keys { lab.update(.key(.character(key))) }
    }

    /// The loss panel's rows of a 120×36 frame (its last 39 columns, inside the border).
    private func lossPanel(_ lab: inout LabModel, options: RenderOptions = .mono) -> String {
        lab.frame(width: 120, height: 36, options: options).lines.prefix(31).map { String($0.suffix(40).dropLast()) }
            .joined(separator: "\n")
    }

    @Test("a rate change marks its step lr×2 (two at one step join: lr×4), an optimizer change →Momentum, a β change β0.99")
    func marksSayWhatChanged() throws {
        var lab = try lab()
        press("sss++", &lab)
        #expect(lab.selectedRunner.changeMarks == [ChangeMark(step: 3, what: .learningRate(from: 1e-6, to: 4e-6))])
        press("ss-so", &lab)
        press("sssu", &lab)
        let marks = lab.picture(unicode: true).lossMarks.map(\.label)
        #expect(marks == ["lr×4", "lr÷2", "→Momentum", "β0.99"], "\(marks)")
        #expect(lab.picture(unicode: true).lossMarks.map(\.step) == [3, 5, 6, 9])
        var other = lab
        press("[", &other)
        #expect(other.picture(unicode: true).lossMarks.last?.label == "β0.99 lr÷10", "changes at one step share one mark")
        press("]]]", &other)
        #expect(other.picture(unicode: true).lossMarks.last?.label == "β0.99 lr×100", "÷10 then ×1000 at one step is ×100 in all")
        #expect(SessionPicture.label(of: .learningRate(from: 0.01, to: 0.03)) == "lr 0.03")
        press("o", &other)
        #expect(other.picture(unicode: true).lossMarks.last?.label == "β0.99 lr×100 →Nesterov")
        let panel = lossPanel(&lab)
        #expect(panel.contains("lr×4"), "the mark should be drawn:\n\(panel)")
        #expect(lossPanel(&lab, options: .ascii).contains("lrx4"), "ASCII spells × as x")
    }

    @Test("marks past the current step are not drawn after a rewind, come back when the run replays them, and go when a new change starts another future")
    func marksFollowRewind() throws {
        var lab = try lab()
        press("sss+ssso", &lab)
        press("bbbbb", &lab)
        #expect(lab.selectedRunner.step == 1)
        #expect(!lossPanel(&lab).contains("lr×2"), "a mark ahead of the run is not drawn")
        press("ssssss", &lab)
        #expect(lab.selectedRunner.optimizerKind == .momentum && lossPanel(&lab).contains("lr×2"))
        press("bbbbb-", &lab)
        #expect(lab.selectedRunner.changeMarks.map(\.step) == [2], "the new change at step 2 drops the old future's marks")
        #expect(lab.picture(unicode: true).lossMarks.map(\.label) == ["lr÷2"])
    }

    @Test("r keeps the run's loss curve as the ghost until the next reset replaces it; the fresh run's marks are gone")
    func ghostOfThePreviousRun() throws {
        var lab = try lab()
        #expect(lab.ghost == nil)
        lab.update(.key(.character("g"))); press("40", &lab); lab.update(.key(.enter))
        while lab.stepGoal != nil { lab.update(.tick(elapsed: 0.03, hasTime: { true })) }
        press("o", &lab)
        let before = SessionPicture.plottedLoss(lab.selectedRunner)
        press("r", &lab)
        #expect(lab.ghost == LossChart.Ghost(values: before.values, stride: before.stride))
        #expect(lab.picture(unicode: true).ghostLoss == lab.ghost && lab.picture(unicode: true).lossMarks.isEmpty)
        #expect(lab.selectedRunner.optimizerKind == .momentum, "r keeps the optimizer: the ghost is SGD's run, the new one momentum's")
        press("r", &lab)
        #expect(lab.ghost == LossChart.Ghost(values: before.values, stride: before.stride), "a reset at step 0 keeps the ghost")
        press("sssR", &lab)
        #expect(lab.ghost?.values.count == 4, "the next reset replaces it with the run it ends")
    }

    @Test("the ghost is drawn faintly behind the run: dim green braille, · without colour, . in ASCII; the axis spans it")
    func ghostIsDrawn() throws {
        var lab = try lab()
        for _ in 0..<300 { lab.selectedRunner.trainStep() }
        press("r", &lab)
        press("sss", &lab)
        var without = try self.lab()
        press("sss", &without)
        let mono = lossPanel(&lab), plain = lossPanel(&without)
        #expect(mono.filter { $0 == "·" }.count >= plain.filter { $0 == "·" }.count + 20, "the ghost should show as ·:\n\(mono)")
        #expect(mono.contains("300"), "the step axis spans the ghost's 300 steps:\n\(mono)")
        let ascii = lossPanel(&lab, options: .ascii), plainASCII = lossPanel(&without, options: .ascii)
        #expect(ascii.filter { $0 == "." }.count >= plainASCII.filter { $0 == "." }.count + 20, "\(ascii)")
        let frame = lab.frame(width: 120, height: 36, options: .standard)
        let dimGreen = frame.lines.indices.contains { y in (0..<frame.width).contains { x in
            let cell = frame[x, y]
            return cell.style.dim && cell.style.color == .green
        } }
        #expect(dimGreen)
        var race = LabModel(race: try Race(scene: try Fixtures.scene("sin-cubic"), optimizers: [.sgd, .adam], options: RunOptions(startsPaused: true)))
        press("sssr", &race)
        #expect(race.ghost == nil, "a race draws every runner's curve and keeps no ghost")
    }
}

/// A scheduled rate's course on the loss panel.
struct RateCourseTests {
    @Test("a scene with a schedule draws its rate's course faintly on the loss panel (- without colour), labelled lr; others do not")
    func rateCourseIsDrawn() throws {
        var text = try Fixtures.text("noisy-quadratic")
        text += "\n[training.schedule]\nkind = \"cosine\"\nt_max = 100\nwarmup = 10\n"
        let scene = try Fixtures.parse(text, file: "noisy-quadratic.toml")
        var lab = LabModel(solo: try Session(scene: scene, options: RunOptions(startsPaused: true)))
        for _ in 0..<150 { lab.selectedRunner.trainStep() }
        let picture = lab.picture(unicode: true)
        let course = try #require(picture.rateCourse)
        #expect(course.steps.count == 151 && course.values.last == lab.selectedRunner.learningRate)
        let panel = lab.frame(width: 120, height: 36, options: .mono).lines.prefix(31).map { String($0.suffix(40)) }.joined()
        #expect(panel.filter { $0 == "-" }.count >= 20 && panel.contains("lr"), "\(panel)")
        var plain = LabModel(solo: try Fixtures.session("noisy-quadratic", RunOptions(startsPaused: true)))
        for _ in 0..<150 { plain.selectedRunner.trainStep() }
        #expect(plain.picture(unicode: true).rateCourse == nil)
    }
}

/// The batch-size keys and what a mini-batch scene shows.
struct BatchKeyTests {
    @Test(") doubles and ( halves every runner's batch size, said and marked; without mini-batches they say so")
    func batchKeys() throws {
        var lab = LabModel(solo: try Fixtures.session("minibatch", RunOptions(startsPaused: true)))
        lab.update(.key(.character("s")))
        lab.update(.key(.character(")")))
        #expect(lab.selectedRunner.batchSize == 40 && lab.notice == .batchSize(40))
        lab.update(.key(.character("(")))
        lab.update(.key(.character("(")))
        #expect(lab.selectedRunner.batchSize == 10)
        #expect(lab.picture(unicode: true).lossMarks.map(\.label) == ["batch 10"])
        let status = lab.picture(unicode: true).status
        #expect(status.batch?.size == 10 && status.batch?.epoch == 1)
        for _ in 0..<8 { lab.update(.key(.character("("))) }
        #expect(lab.selectedRunner.batchSize == 1 && lab.notice == .batchSizeLimit(1))
        var plain = LabModel(solo: try Fixtures.session("noisy-quadratic", RunOptions(startsPaused: true)))
        plain.update(.key(.character(")")))
        #expect(plain.notice == .noMiniBatches)
    }

    @Test("the status line says batch and epoch and that the stable rate is the full-batch bound; the header names batch and loss")
    func statusAndHeader() throws {
        var lab = LabModel(solo: try Fixtures.session("minibatch", RunOptions(startsPaused: true)))
        for _ in 0..<25 { lab.update(.key(.character("s"))) }
        let text = lab.frame(width: 160, height: 48, options: .mono).text
        #expect(text.contains("batch 20  epoch 3"), "\(text)")
        #expect(text.contains("full-batch stable <"))
        #expect(text.contains("batch ") && text.contains(" loss "))
        let picture = lab.picture(unicode: true)
        #expect(picture.fullLoss?.current == lab.selectedRunner.currentLoss() && picture.fullLoss?.steps.last == 25)
        #expect(picture.loss.count == 25, "the batch losses of 25 steps, without the full loss appended")
    }
}
