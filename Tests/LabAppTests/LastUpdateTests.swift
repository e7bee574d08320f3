import FrameTesting
import Grad
@testable import Lab
@testable import LabApp
import LabFixtures
import Testing

/// `Session.lastUpdate`: what the last optimizer step changed, for the optimizer view.
struct LastUpdateTests {
    private static func values(_ session: Session) -> [[Double]] { session.parameters.map(\.tensor.data) }

    @Test("after a step, the changes are θ after − θ before, with the first value before and the step's learning rate",
          arguments: OptimizerKind.allCases)
    func changesOfOneStep(kind: OptimizerKind) throws {
        let session = try Fixtures.session("sin-cubic", RunOptions(optimizer: kind, startsPaused: true))
        var sessionLab = LabModel(solo: session)
        #expect(session.lastUpdate == nil)
        for _ in 0..<3 {
            let before = Self.values(session)
            sessionLab.apply(.step)
            let after = Self.values(session)
            let update = try #require(session.lastUpdate)
            #expect(update.changes == zip(after, before).map { zip($0, $1).map { $0 - $1 } })
            #expect(update.firstValueBefore == before[0][0])
            #expect(update.learningRate == session.learningRate)
            #expect(update.changes.joined().contains { $0 != 0 })
        }
    }

    @Test("the learning rate is the one the step used, not one chosen after it")
    func learningRateOfTheStep() throws {
        let session = try Fixtures.session("parabola", RunOptions(startsPaused: true))
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.step)
        let used = session.learningRate
        sessionLab.apply(.scaleLearningRate(2))
        #expect(session.lastUpdate?.learningRate == used)
        #expect(session.learningRate == 2 * used)
    }

    @Test("a reset, a reset to defaults and an optimizer switch forget the last update",
          arguments: [Action.reset, .resetToDefaults, .nextOptimizer, .previousOptimizer])
    func forgotten(action: Action) throws {
        let session = try Fixtures.session("linear", RunOptions(startsPaused: true))
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.step)
        #expect(session.lastUpdate != nil)
        sessionLab.apply(action)
        #expect(session.lastUpdate == nil)
        sessionLab.apply(.step)
        #expect(session.lastUpdate != nil)
    }

    @Test("a large model records its changes only while the optimizer view shows them; the first value always")
    func largeModels() throws {
        let session = try Fixtures.session("two-layer-net", RunOptions(startsPaused: true))
        var sessionLab = LabModel(solo: session)
        #expect(!LastUpdate.isSmall(session.parameters.map(\.tensor)))
        let before = Self.values(session)
        sessionLab.apply(.step)
        let update = try #require(session.lastUpdate)
        #expect(update.changes.isEmpty)
        #expect(update.firstValueBefore == before[0][0])

        sessionLab.apply(.showView(.optimizer))
        let beforeShown = Self.values(session)
        sessionLab.apply(.step)
        let shown = try #require(session.lastUpdate)
        #expect(shown.changes == zip(Self.values(session), beforeShown).map { zip($0, $1).map { $0 - $1 } })
    }
}
