import Foundation
import Grad
@testable import Lab
import LabFixtures
import Testing

/// The shipped classification scenes do what their descriptions say in their default runs.
@Suite struct ClassificationSceneTests {
    /// Trains `session` for `steps` steps (or to its end).
    static func train(_ session: Session, _ steps: Int = .max) {
        var taken = 0
        while taken < steps, session.trainStep() { taken += 1 }
    }

    @Test("xor: [2, 1] stays below 70 %; eight tanh neurons classify every training point and nine in ten held-out points within 500 steps")
    func xor() throws {
        let session = try Fixtures.session("xor")
        #expect(session.classifiesPlane)
        #expect(session.inputs!.shape == [150, 2] && session.heldOutInputs!.shape == [50, 2])
        Self.train(session)
        #expect(session.step == 500)
        #expect(session.accuracy() == 1)
        #expect(try #require(session.testAccuracy()) >= 0.9)
        let text = try Fixtures.text("xor").replacingOccurrences(of: "layers = [2, 8, 1]", with: "layers = [2, 1]")
            .replacingOccurrences(of: "max_steps = 500", with: "max_steps = 3000")
        let linear = try Session(scene: try SceneLoader.parse(text, name: "xor", file: "xor.toml"), options: RunOptions())
        Self.train(linear)
        #expect(try #require(linear.accuracy()) < 0.7 && linear.testAccuracy()! < 0.75)
    }

    @Test("moons: every training and held-out point right within 200 steps; the loss keeps falling to the end")
    func moons() throws {
        let session = try Fixtures.session("moons")
        Self.train(session, 200)
        #expect(session.accuracy() == 1 && session.testAccuracy() == 1)
        let at200 = session.currentLoss()
        Self.train(session)
        #expect(session.step == 500 && session.currentLoss() < at200 / 10)
    }

    @Test("spiral: a straight split at first, every training point right by step 500, more than 95 % of the held-out points at the end")
    func spiral() throws {
        let session = try Fixtures.session("spiral")
        #expect(try #require(session.accuracy()) < 0.75)
        Self.train(session, 500)
        #expect(session.accuracy() == 1)
        Self.train(session)
        #expect(session.step == 3000 && session.testAccuracy()! > 0.95)
    }

    @Test("circle: logistic regression stays near 50 % and its loss near 0.68; circle-features gets at least 98 % of training and held-out points within 250 steps")
    func circle() throws {
        let straight = try Fixtures.session("circle")
        Self.train(straight)
        #expect(abs(try #require(straight.accuracy()) - 0.5) < 0.1 && abs(straight.testAccuracy()! - 0.5) < 0.1)
        #expect(abs(straight.currentLoss() - 0.68) < 0.01)
        let featured = try Fixtures.session("circle-features")
        #expect(featured.inputs!.shape == [150, 4] && featured.planeInputs!.shape == [150, 2])
        Self.train(featured, 250)
        #expect(try #require(featured.accuracy()) >= 0.98 && featured.testAccuracy()! >= 0.98)
    }
}
