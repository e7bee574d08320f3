import Grad

/// Which generator a run's seeded draws come from (`generator = "torch"` in a scene file, or
/// `--generator torch`).
public enum GeneratorKind: String, CaseIterable, Sendable {
    /// tinylab's own generator (`RandomSource`, xoshiro256**): the default of every shipped scene.
    case tinylab
    /// PyTorch's CPU generator (`TorchGenerator`): seed S gives what `torch.manual_seed(S)` gives a
    /// notebook in float64 — the same data noise, random data and initial parameters, provided the
    /// scene draws them in the notebook's order (see `SeededDraws`).
    case torch

    /// The valid names, for messages.
    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}

/// The stream of a run's seeded draws, in the order a session makes them: the data's inputs, its
/// targets, the noise added to them (one `randn_like` over all the targets), then the parameters
/// — named scalars one `randn(1)` each in the order the scene lists them, layers one
/// `nn.Linear(in, out)` each from input to output (weight, then bias). That is the order of the
/// notebooks (noisy-quadratic: `fx2(x) + 2 * torch.randn_like(x)`, then `a`, `b`, `c`; the two-layer
/// net: `x`, `y`, then `Sequential(Linear, ReLU, Linear)`).
///
/// Under `.torch`, layers start as `nn.Linear` does (kaiming-uniform weights, whose bound is
/// √(1/3)·√(3/in) computed as PyTorch computes it); under `.tinylab` weights and biases are uniform in
/// ±1/√in, as they always were. Random terms (dynamic-net's extra orders each forward pass) come from
/// tinylab's generator under both: the notebook draws them with Python's `random`, not torch.
struct SeededDraws {
    private enum Source {
        case tinylab(RandomSource)
        case torch(TorchGenerator)
    }

    private var source: Source

    init(_ kind: GeneratorKind, seed: UInt64) {
        source = switch kind {
        case .tinylab: .tinylab(RandomSource(seed: seed))
        case .torch: .torch(TorchGenerator(seed: seed))
        }
    }

    /// Standard-normal values of `shape` (`torch.randn(*shape)`).
    mutating func normal(_ shape: [Int]) -> Tensor {
        switch source {
        case .tinylab(var rng):
            defer { source = .tinylab(rng) }
            return .randn(shape, using: &rng)
        case .torch(var generator):
            defer { source = .torch(generator) }
            return .randn(shape, using: &generator)
        }
    }

    /// Uniform values of `shape` in [low, high) (`torch.empty(*shape).uniform_(low, high)`).
    mutating func uniform(_ shape: [Int], low: Double, high: Double) -> Tensor {
        switch source {
        case .tinylab(var rng):
            defer { source = .tinylab(rng) }
            return .uniform(shape, low: low, high: high, using: &rng)
        case .torch(var generator):
            defer { source = .torch(generator) }
            return .uniform(shape, low: low, high: high, using: &generator)
        }
    }

    /// One standard-normal scalar (`torch.randn(1)`, or `torch.randn(())`).
    mutating func scalarNormal() -> Double {
        switch source {
        case .tinylab(var rng):
            defer { source = .tinylab(rng) }
            return rng.normal()
        case .torch(var generator):
            defer { source = .torch(generator) }
            return generator.scalarNormal()
        }
    }

    /// One uniform scalar in [0, 1) (`torch.rand(1)`).
    mutating func scalarUniform() -> Double {
        switch source {
        case .tinylab(var rng):
            defer { source = .tinylab(rng) }
            return rng.uniform()
        case .torch(var generator):
            defer { source = .torch(generator) }
            return Tensor.uniform([1], low: 0, high: 1, using: &generator).data[0]
        }
    }

    /// A fully connected layer with its initial weights.
    mutating func linear(_ inputs: Int, _ outputs: Int, bias: Bool) -> Linear {
        switch source {
        case .tinylab(var rng):
            defer { source = .tinylab(rng) }
            return Linear(inputs, outputs, bias: bias, using: &rng)
        case .torch(var generator):
            defer { source = .torch(generator) }
            return Linear(inputs, outputs, bias: bias, using: &generator)
        }
    }

    /// The stream random terms draw from after the start: the rest of tinylab's stream, or under
    /// `.torch` a tinylab stream started from `seed`.
    func randomTerms(seed: UInt64) -> RandomSource {
        switch source {
        case .tinylab(let rng): rng
        case .torch: RandomSource(seed: seed)
        }
    }
}
