import Grad
import Lab
import Plot

extension SessionPicture {
    /// Samples of the decision map across and up: one batched forward pass of 12,288 points, enough
    /// for two samples a cell of the largest main panel.
    static let mapColumns = 128
    static let mapRows = 96

    /// The decision map of a session that classifies points of the plane: the window covers the
    /// training and held-out points with a tenth to spare on each side.
    static func decisionMap(_ session: Session) -> DecisionMapPicture? {
        guard let inputs = session.planeInputs, let targets = session.targets else { return nil }
        var points = (0..<targets.count).map {
            DecisionMapPicture.Point(x: inputs.data[2 * $0], y: inputs.data[2 * $0 + 1], label: Int(targets.data[$0]))
        }
        if let held = session.heldOutPlaneInputs, let labels = session.heldOutTargets {
            points += (0..<labels.count).map {
                DecisionMapPicture.Point(x: held.data[2 * $0], y: held.data[2 * $0 + 1], label: Int(labels.data[$0]), heldOut: true)
            }
        }
        let x = Scale.covering(points.map(\.x), padding: 0.1, fallback: (-1, 1))
        let y = Scale.covering(points.map(\.y), padding: 0.1, fallback: (-1, 1))
        var grid: [Double] = []
        grid.reserveCapacity(2 * mapColumns * mapRows)
        for row in 0..<mapRows {
            let y2 = y.lower + (Double(row) + 0.5) / Double(mapRows) * (y.upper - y.lower)
            for column in 0..<mapColumns {
                grid.append(x.lower + (Double(column) + 0.5) / Double(mapColumns) * (x.upper - x.lower))
                grid.append(y2)
            }
        }
        guard let (classes, probabilities) = session.classProbabilities(at: grid) else { return nil }
        var winners = [UInt8](repeating: 0, count: mapColumns * mapRows)
        var confidence = [Double](repeating: 0, count: winners.count)
        for sample in winners.indices {
            var best = 0
            for k in 1..<classes where probabilities[sample * classes + k] > probabilities[sample * classes + best] { best = k }
            winners[sample] = UInt8(best)
            confidence[sample] = probabilities[sample * classes + best]
        }
        return DecisionMapPicture(viewport: Viewport(x: x, y: y), columns: mapColumns, rows: mapRows, classes: classes,
                                  winners: winners, confidence: confidence, points: points)
    }
}
