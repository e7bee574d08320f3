import Grad

/// The model of one mini-batch length, sharing the session's parameters, over data tensors that
/// each step refills with the batch's rows: the inputs, the targets and, for formula models, the
/// fixed tensors the formula reads (`x`, and what it computes of `x` once, such as `x^2`), gathered
/// from the same tensors over every training row.
///
/// Each batch tensor has a spare array: a step writes the rows into the spare and swaps it in. The
/// loss plan holds the array it last read until it sees a new one, so the spare is never shared when
/// it is written (no copy on write, nothing allocated per step), and whoever kept the old values (a
/// recorded graph) keeps them unchanged.
final class BatchModel {
    fileprivate struct Fill {
        let batch: Tensor
        let full: Tensor
        let width: Int
        var spare: [Double]
    }

    let model: Model
    @exclusivity(unchecked) private var fills: [Fill]

    /// A batch model for the rows `first` of `data`; `fullConstants` are the formula's fixed
    /// tensors over every training row (`Model.formulaConstants` of an unchunked model of `data`).
    init(rows first: ArraySlice<Int>, of data: TrainingData, sharingParametersOf parent: Model, fullConstants: [[Tensor]]) {
        let indices = Array(first)
        let batch = TrainingData(inputs: HeldOutSplit.rows(indices, of: data.inputs), targets: HeldOutSplit.rows(indices, of: data.targets))
        model = Model(sharingParametersOf: parent, data: batch)
        model.l1 = parent.l1
        var pairs = [(batch.inputs, data.inputs), (batch.targets, data.targets)]
        let total = data.inputs.shape.first ?? 0
        for (constants, sources) in zip(model.formulaConstants, fullConstants) {
            for (constant, full) in zip(constants, sources)
            where full.shape.first == total && constant !== batch.inputs && constant !== batch.targets {
                pairs.append((constant, full))
            }
        }
        fills = pairs.map { batch, full in
            Fill(batch: batch, full: full, width: full.shape.dropFirst().reduce(1, *), spare: [Double](repeating: 0, count: batch.count))
        }
    }

    /// Puts the rows `rows` of every full-data tensor into its batch tensor.
    func fill(_ rows: ArraySlice<Int>) {
        for index in fills.indices { fills[index].gather(rows) }
    }
}

extension BatchModel.Fill {
    /// Writes the rows into the spare array, then swaps it with the batch tensor's values (which
    /// become the spare).
    mutating func gather(_ rows: ArraySlice<Int>) {
        precondition(spare.count == rows.count * width, "a batch model serves one batch length")
        let width = width
        full.data.withUnsafeBufferPointer { source in
            spare.withUnsafeMutableBufferPointer { target in
                var at = 0
                if width == 1 {
                    for row in rows { target[at] = source[row]; at += 1 }
                } else {
                    for row in rows {
                        for k in 0..<width { target[at + k] = source[row * width + k] }
                        at += width
                    }
                }
            }
        }
        swap(&spare, &batch.data)
    }
}
