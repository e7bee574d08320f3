import FrameTesting
import Lab
@testable import LabApp
import LabFixtures
import Testing
@testable import Plot

/// What the lab shows of rewinding: how far b can go back, and where a rewound run branched.
@Suite struct RewindPictureTests {
    @Test("the status line says how far b can go back; a change after b marks the branch on the loss panel")
    func reachAndBranch() throws {
        let session = try Fixtures.session("sin-cubic", RunOptions(initialValues: ["a": 0.5, "b": -0.3, "c": 0.2, "d": 0.1]))
        var sessionLab = LabModel(solo: session)
        for _ in 0..<40 { session.trainStep() }
        let before = sessionLab.picture(unicode: true)
        #expect(before.status.stepsBack == 40)
        #expect(render(before, width: 160, height: 48, options: .standard).lines[45].contains("back 40"))
        sessionLab.apply(.stepBack(10))
        #expect(session.step == 30)
        sessionLab.apply(.scaleLearningRate(0.5))
        #expect(session.branchSteps == [30])
        for _ in 0..<10 { session.trainStep() }
        let after = sessionLab.picture(unicode: true)
        #expect(after.branchSteps == [30])
        let plain = render(after, width: 160, height: 48, options: .mono)
        var unmarked = after
        unmarked.branchSteps = []
        let without = render(unmarked, width: 160, height: 48, options: .mono)
        #expect(plain.text != without.text, "the branch at step 30 is not marked on the loss panel")
    }

    @Test("b at the limit says why it stops: the start, or the rewind memory")
    func limitMessages() {
        #expect(SessionPicture.text(of: .rewindLimit(oldest: 0), state: .paused) == "step 0 is the start: there is nothing before it")
        #expect(SessionPicture.text(of: .rewindLimit(oldest: 1200), state: .paused).contains("rewind memory"))
    }
}
