import FrameTesting
@testable import Plot
import Grad
import Lab
@testable import LabApp
import LabFixtures
import Testing

/// The graph view: the recorded graph as a tree (shared tensors once, then referenced), its text,
/// scrolling and narrow panels.
@Suite("Graph view")
struct GraphViewTests {
    /// L = Σ(a·x + a·a): `a` is read three times, by two operations.
    static func sharedRecord() -> GraphRecord {
        let a = Tensor(1.5, requiresGrad: true), x = Tensor([2.0, -1])
        let loss = (a * x + a * a).sum()
        return loss.backwardRecordingGraph(labels: [ObjectIdentifier(a): "a", ObjectIdentifier(x): "x"])
    }

    /// The tree drawn alone into a frame pre-filled with `x`.
    static func draw(_ picture: GraphPicture, width: Int, height: Int, options: RenderOptions = .standard) -> Frame {
        var frame = Frame.filled(width: width + 2, height: height + 2)
        GraphTree(picture: picture).render(into: &frame, area: Rect(x: 1, y: 1, width: width, height: height), options: options)
        return frame
    }

    /// The rows of the area, without the one-cell margin around it.
    static func rows(_ frame: Frame) -> [String] {
        frame.lines.dropFirst().dropLast().map { String($0.dropFirst().dropLast()) }
    }

    /// A chain of `count` lines, each the only input of the one above.
    static func chain(_ count: Int) -> [GraphPicture.Line] {
        (0..<count).map { index in
            GraphPicture.Line(depth: index, parent: index == 0 ? nil : index - 1, isLast: true, role: .operation,
                              name: "Op\(index)", shape: "[]", value: .scalar(Double(index)), gradient: .scalar(1))
        }
    }

    @Test("a shared tensor is shown once in full and referenced at its other uses")
    func sharedNodes() {
        let lines = SessionPicture.treeLines(Self.sharedRecord())
        #expect(lines.map { GraphTree.name($0) } == [
            "SumBackward0", "AddBackward0", "MulBackward0", "AccumulateGrad a", "x",
            "MulBackward0", "↑ a (above)", "↑ a (above)",
        ])
        #expect(lines.map(\.depth) == [0, 1, 2, 3, 3, 2, 3, 3])
        #expect(lines.map(\.parent) == [nil, 0, 1, 2, 2, 1, 5, 5])
        #expect(lines.map(\.isLast) == [true, true, false, false, true, true, false, true])
        // d/da Σ(a·xᵢ + a²) = Σxᵢ + 2·2a; the leaf shows it once.
        #expect(lines[3].gradient == .scalar(1 + 4 * 1.5))
        #expect(lines[4].gradient == .none)
        #expect(lines[6].gradient == .none && lines[6].shape.isEmpty)
    }

    @Test("the tree's text: guides, names, shapes, values and gradients in columns")
    func treeText() {
        let picture = GraphPicture(lines: SessionPicture.treeLines(Self.sharedRecord()))
        let rows = Self.rows(Self.draw(picture, width: 50, height: 10))
        // Σ(a·x + a·a) at a = 1.5, x = (2, −1): a·x = (3, −1.5), a·a = 2.25 (its gradient 2: it is
        // broadcast over both elements), the sum 6; a's gradient Σx + 2·2a = 7.
        #expect(rows == [
            "node                      shape   value    grad   ",
            "SumBackward0              []          6       1   ",
            "└─ AddBackward0           [2]   ‖5.303‖ ‖1.414‖   ",
            "   ├─ MulBackward0        [2]   ‖3.354‖ ‖1.414‖   ",
            "   │  ├─ AccumulateGrad a []        1.5       7   ",
            "   │  └─ x                [2]   ‖2.236‖    None   ",
            "   └─ MulBackward0        []       2.25       2   ",
            "      ├─ ↑ a (above)                              ",
            "      └─ ↑ a (above)                              ",
            "                                                  ",
        ])
    }

    @Test("ASCII terminals get ASCII guides and norms")
    func asciiTree() {
        let picture = GraphPicture(lines: SessionPicture.treeLines(Self.sharedRecord()))
        let text = Self.rows(Self.draw(picture, width: 50, height: 10, options: .ascii)).joined(separator: "\n")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(text)")
        #expect(text.contains("`- AddBackward0"))
        #expect(text.contains("|  |- AccumulateGrad a"))
        #expect(text.contains("^ a (above)"))
        #expect(text.contains("|2.236|"))
    }

    @Test("a long tree scrolls: the rows from graphScroll, clamped so the last page stays full, and where it is")
    func scrolling() {
        let lines = Self.chain(30)
        let names = { (frame: Frame) in Self.rows(frame).dropFirst().dropLast().map { row in
            row.split(separator: " ").first { $0.hasPrefix("Op") }.map(String.init) ?? "" } }
        let top = Self.draw(GraphPicture(lines: lines, scroll: 0), width: 60, height: 10)
        #expect(names(top) == (0..<8).map { "Op\($0)" })
        #expect(Self.rows(top).last?.hasPrefix("lines 1–8 of 30 · j/k PgDn/PgUp") == true)
        let middle = Self.draw(GraphPicture(lines: lines, scroll: 11), width: 60, height: 10)
        #expect(names(middle) == (11..<19).map { "Op\($0)" })
        #expect(Self.rows(middle).last?.hasPrefix("lines 12–19 of 30") == true)
        let beyond = Self.draw(GraphPicture(lines: lines, scroll: 500), width: 60, height: 10)
        #expect(names(beyond) == (22..<30).map { "Op\($0)" })
        #expect(Self.rows(beyond).last?.hasPrefix("lines 23–30 of 30") == true)
        // A tree that fits has no scroll row, whatever the scroll.
        let short = Self.rows(Self.draw(GraphPicture(lines: Self.chain(5), scroll: 3), width: 60, height: 10))
        #expect(short[1].contains("Op0"))
        #expect(!short.joined().contains("lines"))
    }

    @Test("deep trees draw their deepest levels' guides after an ellipsis and keep names in the panel")
    func deepTree() {
        let frame = Self.draw(GraphPicture(lines: Self.chain(200), scroll: 190), width: 40, height: 12)
        let rows = Self.rows(frame)
        let deepest = rows.first { $0.contains("Op199") }
        #expect(deepest?.hasPrefix("…") == true, "\(rows.joined(separator: "\n"))")
        #expect(frame.lines.first == String(repeating: "x", count: 42))
        #expect(frame.lines.allSatisfy { $0.hasPrefix("x") && $0.hasSuffix("x") })
    }

    @Test("narrow panels: shapes go before names are cut, and nothing is drawn outside the panel",
          arguments: [12, 20, 30, 40])
    func narrow(width: Int) {
        let picture = GraphPicture(lines: SessionPicture.treeLines(Self.sharedRecord()))
        let frame = Self.draw(picture, width: width, height: 10)
        #expect(frame.lines.first == String(repeating: "x", count: width + 2))
        #expect(frame.lines.last == String(repeating: "x", count: width + 2))
        #expect(frame.lines.allSatisfy { $0.hasPrefix("x") && $0.hasSuffix("x") })
        let rows = Self.rows(frame)
        #expect(rows[1].hasPrefix("Sum"), "\(rows.joined(separator: "\n"))")
        #expect(rows[0].contains("shape") == (width >= 50))
    }

    @Test("before the first step the view says how to get a graph; with a step, the graph of that step")
    func fromSession() throws {
        let session = try Fixtures.session("sin-cubic")
        var sessionLab = LabModel(solo: session, view: .graph)
        guard case .graph(let empty) = sessionLab.picture(unicode: true).main else { Issue.record("not the graph view"); return }
        #expect(empty.lines.isEmpty)
        #expect(empty.note == "no step yet: press s to take one")
        sessionLab.apply(.step)
        guard case .graph(let picture) = sessionLab.picture(unicode: true).main else { Issue.record("not the graph view"); return }
        let names = picture.lines.map { GraphTree.name($0) }
        #expect(names.first == "MseLossBackward0")
        for expected in ["AccumulateGrad a", "AccumulateGrad b", "AccumulateGrad c", "AccumulateGrad d", "x", "x^2", "x^3", "y"] {
            #expect(names.filter { $0 == expected }.count == 1, "\(expected) in \(names)")
        }
        // The leaves' gradients are the ones the optimizer used.
        for (named, gradient) in zip(session.parameters, session.gradients) {
            let line = try #require(picture.lines.first { $0.label == named.name })
            #expect(line.gradient == .scalar(gradient[0]))
        }
    }

    @Test("steps record their graph only while the graph view is shown")
    func recordsOnlyInTheGraphView() throws {
        let session = try Fixtures.session("two-layer-net", RunOptions(startsPaused: true))
        var sessionLab = LabModel(solo: session)
        sessionLab.apply(.step)
        #expect(session.lastGraph == nil)
        sessionLab.apply(.showView(.graph))
        guard case .graph(let stale) = sessionLab.picture(unicode: true).main else { Issue.record("not the graph view"); return }
        #expect(stale.note?.contains("press s") == true)
        sessionLab.apply(.step)
        let record = try #require(session.lastGraph)
        #expect(record.step == 1)
        let labels = Set(record.record.nodes.compactMap(\.label))
        #expect(labels == ["x", "y", "0.weight", "0.bias", "2.weight", "2.bias"])
        #expect(record.record.nodes.map(\.name).contains("ReluBackward0"))
        #expect(record.record.nodes.map(\.name).filter { $0 == "AddmmBackward0" }.count == 2)
        sessionLab.apply(.showView(.fit))
        sessionLab.apply(.step)
        #expect(session.lastGraph == nil)
    }
}
