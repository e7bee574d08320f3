import Grad
import Lab
import Plot

extension SessionPicture {
    /// The graph view of `session`: the graph its last step recorded (see `Session.recording`),
    /// from row `scroll`.
    func graph(_ session: Session, scroll: Int) -> GraphPicture {
        guard let graph = session.lastGraph, graph.step == session.step - 1 else {
            let note = session.step == 0 ? "no step yet: press s to take one"
                : "the graph of a step is recorded while this view is shown: press s to take a step"
            return GraphPicture(lines: [], scroll: scroll, note: note)
        }
        return GraphPicture(lines: Self.treeLines(graph.record), scroll: scroll)
    }

    /// The record as a tree, depth first, inputs in order: each node in full where it is first
    /// reached, a reference wherever it is reached again.
    static func treeLines(_ record: GraphRecord) -> [GraphPicture.Line] {
        guard !record.nodes.isEmpty else { return [] }
        var lines: [GraphPicture.Line] = []
        var shown = Set<Int>()
        var pending: [(node: Int, depth: Int, parent: Int?, isLast: Bool)] = [(0, 0, nil, true)]
        while let visit = pending.popLast() {
            let node = record.nodes[visit.node]
            let row = lines.count
            if shown.contains(visit.node) {
                lines.append(GraphPicture.Line(depth: visit.depth, parent: visit.parent, isLast: visit.isLast,
                                               role: .reference, name: node.name, label: node.label))
                continue
            }
            shown.insert(visit.node)
            let role: GraphPicture.Role = switch node.kind {
            case .operation: .operation
            case .parameter: .parameter
            case .data: .data
            }
            lines.append(GraphPicture.Line(depth: visit.depth, parent: visit.parent, isLast: visit.isLast, role: role,
                                           name: node.name, label: node.label,
                                           shape: "[" + node.shape.map(String.init).joined(separator: ", ") + "]",
                                           value: quantity(node.value), gradient: node.gradient.map(quantity) ?? .none))
            for (position, input) in node.inputs.enumerated().reversed() {
                pending.append((input, visit.depth + 1, row, position == node.inputs.count - 1))
            }
        }
        return lines
    }

    private static func quantity(_ summary: GraphRecord.Summary) -> GraphPicture.Quantity {
        summary.scalar.map { .scalar($0) } ?? .norm(summary.norm)
    }
}
