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
        guard let (window, points) = planeWindow(session) else { return nil }
        let grid = planeGrid(window, columns: mapColumns, rows: mapRows)
        guard let (classes, probabilities) = session.classProbabilities(at: grid) else { return nil }
        var winners = [UInt8](repeating: 0, count: mapColumns * mapRows)
        var confidence = [Double](repeating: 0, count: winners.count)
        for sample in winners.indices {
            var best = 0
            for k in 1..<classes where probabilities[sample * classes + k] > probabilities[sample * classes + best] { best = k }
            winners[sample] = UInt8(best)
            confidence[sample] = probabilities[sample * classes + best]
        }
        return DecisionMapPicture(viewport: window, columns: mapColumns, rows: mapRows, classes: classes,
                                  winners: winners, confidence: confidence, points: points)
    }

    /// The window over the plane that the decision map and the neurons view show, covering the
    /// training and held-out points with a tenth to spare on each side, and those points.
    static func planeWindow(_ session: Session) -> (Viewport, [DecisionMapPicture.Point])? {
        guard let inputs = session.planeInputs, let targets = session.targets,
              inputs.shape.count == 2, inputs.shape[1] == 2 else { return nil }
        // Targets that are not class labels (a regression over the plane) draw as class 0.
        func label(_ value: Double) -> Int { value.isFinite && value >= 0 && value < 256 ? Int(value) : 0 }
        var points = (0..<targets.count).map {
            DecisionMapPicture.Point(x: inputs.data[2 * $0], y: inputs.data[2 * $0 + 1], label: label(targets.data[$0]))
        }
        if let held = session.heldOutPlaneInputs, let labels = session.heldOutTargets {
            points += (0..<labels.count).map {
                DecisionMapPicture.Point(x: held.data[2 * $0], y: held.data[2 * $0 + 1], label: label(labels.data[$0]), heldOut: true)
            }
        }
        let x = Scale.covering(points.map(\.x), padding: 0.1, fallback: (-1, 1))
        let y = Scale.covering(points.map(\.y), padding: 0.1, fallback: (-1, 1))
        return (Viewport(x: x, y: y), points)
    }

    /// The centres of `columns` × `rows` equal parts of `window`, as x1, x2 pairs, row by row from
    /// the bottom.
    static func planeGrid(_ window: Viewport, columns: Int, rows: Int) -> [Double] {
        var grid: [Double] = []
        grid.reserveCapacity(2 * columns * rows)
        for row in 0..<rows {
            let y = window.y.lower + (Double(row) + 0.5) / Double(rows) * (window.y.upper - window.y.lower)
            for column in 0..<columns {
                grid.append(window.x.lower + (Double(column) + 0.5) / Double(columns) * (window.x.upper - window.x.lower))
                grid.append(y)
            }
        }
        return grid
    }
}
