import Foundation

/// PyTorch's CPU random number generator, bit for bit: `TorchGenerator(seed: S)` is the state
/// `torch.manual_seed(S)` (or `torch.Generator().manual_seed(S)`) leaves, and its draws give exactly
/// what PyTorch's float64 CPU kernels give from that state.
///
/// Written from PyTorch's sources (ATen's `MT19937RNGEngine.h`, `CPUGeneratorImpl.cpp`,
/// `DistributionsHelper.h`, `TransformationHelper.h`, `native/cpu/DistributionTemplates.h` and
/// `randperm_cpu` in `native/TensorFactories.cpp`):
///
/// - The engine is mt19937 (Matsumoto and Nishimura's 2002 initialisation, 32-bit words); seeding
///   keeps the low 32 bits of the seed and forgets the cached normal. `random64()` joins two draws,
///   the first as the high word.
/// - A float64 uniform takes the low 53 bits of `random64()` times 2⁻⁵³, then `x·(to − from) + from`
///   as one fused multiply-add (a result equal to `to` becomes `from`, as the kernel clamps). The
///   fused form is what PyTorch's kernels built for AVX2 and AVX-512 compute, which x86-64 CPUs
///   since 2013 run; under `ATEN_CPU_CAPABILITY=default` PyTorch rounds the product first, and
///   `uniform_` over a range other than [0, 1) then differs in the last bit now and then.
/// - `normal(count:)` has PyTorch's two paths: 16 or more values (`normal_fill`) are first all
///   drawn as uniforms, then turned into normals in blocks of 16 by Box–Muller on the pairs
///   (j, j+8) — `radius = √(−2·log(1 − u[j]))`, `θ = 2π·u[j+8]`, `cos` into j and `sin` into j+8 —,
///   and when the count is not a multiple of 16 the last 16 values are drawn and transformed
///   again; fewer than 16 values come one at a time from `normal_distribution`, which draws two
///   uniforms u1, u2, returns `√(−2·log1p(−u2))·cos(2π·u1)` and keeps the `sin` as the next value
///   (the block path neither reads nor clears that cache).
/// - `randperm(_:)` swaps position i with i + `random() % (n − i)` for n below 2³²/20, and
///   otherwise shuffles inside out with `random64() % (i + 1)`.
public struct TorchGenerator: Sendable {
    private static let stateCount = 624
    private static let shift = 397

    private var state: [UInt32]
    /// Draws left before the state is twisted again (PyTorch's `left_`).
    private var left: Int
    /// The next state word to temper (`next_`).
    private var index: Int
    /// The second value of the last scalar Box–Muller pair (`next_double_normal_sample_`).
    private var nextNormal: Double?
    /// The seed this generator was started from (`initial_seed()`).
    public let seed: UInt64

    /// The generator after `torch.manual_seed(seed)`.
    public init(seed: UInt64) {
        self.seed = seed
        var words = [UInt32](repeating: 0, count: Self.stateCount)
        words[0] = UInt32(truncatingIfNeeded: seed)
        for j in 1..<Self.stateCount {
            let previous = words[j - 1]
            words[j] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(j)
        }
        state = words
        left = 1
        index = 0
    }

    /// The next 32 bits (`CPUGeneratorImpl::random`).
    public mutating func random() -> UInt32 {
        left -= 1
        if left == 0 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Two draws as one 64-bit number, the first as the high half (`CPUGeneratorImpl::random64`).
    public mutating func random64() -> UInt64 {
        let high = UInt64(random())
        return high << 32 | UInt64(random())
    }

    private mutating func twist() {
        let n = Self.stateCount, m = Self.shift
        func mixed(_ u: UInt32, _ v: UInt32) -> UInt32 {
            let bits = (u & 0x8000_0000) | (v & 0x7FFF_FFFF)
            return (bits >> 1) ^ (v & 1 == 1 ? 0x9908_B0DF : 0)
        }
        state.withUnsafeMutableBufferPointer { s in
            for j in 0..<(n - m) { s[j] = s[j + m] ^ mixed(s[j], s[j + 1]) }
            for j in (n - m)..<(n - 1) { s[j] = s[j + m - n] ^ mixed(s[j], s[j + 1]) }
            s[n - 1] = s[m - 1] ^ mixed(s[n - 1], s[0])
        }
        left = n
        index = 0
    }

    /// One float64 uniform in [from, to) as `uniform_real_distribution<double>` draws it.
    public mutating func uniform(from: Double = 0, to: Double = 1) -> Double {
        let x = Double(random64() & (1 << 53 - 1)) * 0x1p-53
        let value = from.addingProduct(x, to - from)
        return value == to ? from : value
    }

    /// `count` values of `torch.empty(count).uniform_(from, to)` (`torch.rand` for 0 and 1).
    public mutating func uniform(count: Int, from: Double = 0, to: Double = 1) -> [Double] {
        (0..<count).map { _ in uniform(from: from, to: to) }
    }

    /// `count` values of `torch.randn(count)` (or `randn_like`, `normal_(0, 1)`) in float64: any
    /// shape of that many elements, since the kernels fill contiguous memory in order.
    public mutating func normal(count: Int) -> [Double] {
        guard count >= 16 else { return (0..<count).map { _ in scalarNormal() } }
        var data = (0..<count).map { _ in uniform() }
        data.withUnsafeMutableBufferPointer { buffer in
            for start in stride(from: 0, to: count - 15, by: 16) { Self.boxMuller16(buffer, at: start) }
            if count % 16 != 0 {
                for i in (count - 16)..<count { buffer[i] = uniform() }
                Self.boxMuller16(buffer, at: count - 16)
            }
        }
        return data
    }

    /// Turns the 16 uniforms at `start` into normals in place (`NormalFill16` with mean 0, std 1).
    private static func boxMuller16(_ data: UnsafeMutableBufferPointer<Double>, at start: Int) {
        for j in start..<(start + 8) {
            let radius = (-2 * log(1 - data[j])).squareRoot()
            let theta = 2 * Double.pi * data[j + 8]
            data[j] = radius * cos(theta)
            data[j + 8] = radius * sin(theta)
        }
    }

    /// One value of `normal_distribution<double>(0, 1)`: the cached one if there is one, else a
    /// fresh Box–Muller pair whose second value is cached.
    public mutating func scalarNormal() -> Double {
        if let cached = nextNormal {
            nextNormal = nil
            return cached
        }
        let u1 = uniform(), u2 = uniform()
        let radius = (-2 * log1p(-u2)).squareRoot()
        let theta = 2 * Double.pi * u1
        nextNormal = radius * sin(theta)
        return radius * cos(theta)
    }

    /// `torch.randperm(n)` on the CPU.
    public mutating func randperm(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        if n < Int(UInt32.max / 20) {
            var values = Array(0..<n)
            values.withUnsafeMutableBufferPointer { v in
                for i in 0..<(n - 1) {
                    let z = Int(random()) % (n - i)
                    v.swapAt(i, z + i)
                }
            }
            return values
        }
        return [Int](unsafeUninitializedCapacity: n) { v, initialized in
            for i in 0..<n {
                let z = Int(random64() % UInt64(i + 1))
                v.initializeElement(at: i, to: i)
                v[i] = v[z]
                v[z] = i
            }
            initialized = n
        }
    }

    /// One value of `torch.empty((), dtype=torch.int64).random_()`: 63 random bits.
    public mutating func randomInt64() -> Int64 {
        Int64(random64() % (UInt64(Int64.max) + 1))
    }

    /// The initial `weight` (row-major, `outputs × inputs`) and `bias` of
    /// `torch.nn.Linear(inputs, outputs)` in float64: the weight by
    /// `kaiming_uniform_(a=√5)`, then the bias uniform in ±1/√inputs, as `reset_parameters` draws them.
    public mutating func linear(_ inputs: Int, _ outputs: Int, bias: Bool = true) -> (weight: [Double], bias: [Double]?) {
        let weight = uniform(count: inputs * outputs, from: -Self.kaimingBound(fanIn: inputs), to: Self.kaimingBound(fanIn: inputs))
        guard bias else { return (weight, nil) }
        let bound = inputs > 0 ? 1 / Double(inputs).squareRoot() : 0
        return (weight, uniform(count: outputs, from: -bound, to: bound))
    }

    /// `kaiming_uniform_`'s bound for leaky_relu with a = √5, computed in the order
    /// `torch.nn.init` does: gain = √(2/(1 + a²)), std = gain/√fan, bound = √3·std.
    static func kaimingBound(fanIn: Int) -> Double {
        let slope = 5.0.squareRoot()
        let gain = (2.0 / (1 + pow(slope, 2))).squareRoot()
        let std = gain / Double(fanIn).squareRoot()
        return 3.0.squareRoot() * std
    }

    /// The index order, epoch after epoch, of
    /// `DataLoader(dataset, batch_size=…, shuffle=True, generator=g)` over `count` rows, where `g`
    /// is this generator (`torch.Generator().manual_seed(S)`); see `nextDataLoaderEpoch(count:)`.
    public mutating func dataLoaderOrders(count: Int, epochs: Int) -> [[Int]] {
        (0..<epochs).map { _ in nextDataLoaderEpoch(count: count) }
    }

    /// The next epoch's index order of such a `DataLoader`, as `for batch in loader:` reads it to
    /// the end: the epoch's iterator first draws its workers' base seed (`random_()` on an int64,
    /// 64 bits of `g`, drawn even with no workers), then the `RandomSampler` takes
    /// `torch.randperm(count, generator=g)` — and, once the epoch has been read to its end, a
    /// second `randperm(count)` for the remainder `num_samples % count` (empty, but drawn all the
    /// same), which the next epoch comes after. An epoch left before its end does not draw that
    /// second permutation, and the orders after it are not these.
    public mutating func nextDataLoaderEpoch(count: Int) -> [Int] {
        _ = randomInt64()
        let order = randperm(count)
        _ = randperm(count)
        return order
    }

    /// An epoch's order cut into batches of `size` as `BatchSampler` cuts it: consecutive runs, the
    /// last one shorter, or left out with `dropLast` (`drop_last=True`).
    public static func batches(_ order: [Int], size: Int, dropLast: Bool = false) -> [[Int]] {
        precondition(size >= 1, "a batch holds at least one row")
        let starts = stride(from: 0, to: order.count, by: size)
        return starts.compactMap { start in
            let end = min(start + size, order.count)
            return dropLast && end - start < size ? nil : Array(order[start..<end])
        }
    }

    /// The same for a `DataLoader` given no generator, after `torch.manual_seed(S)` (this is the
    /// global generator): each epoch draws the base seed, then the sampler draws a seed of its own
    /// and shuffles with a fresh generator started from it.
    public mutating func globalDataLoaderOrders(count: Int, epochs: Int) -> [[Int]] {
        (0..<epochs).map { _ in
            _ = randomInt64()
            var sampler = TorchGenerator(seed: UInt64(randomInt64()))
            return sampler.randperm(count)
        }
    }
}

extension Tensor {
    /// `torch.randn(*shape)` in float64 from `generator`.
    public static func randn(_ shape: [Int], using generator: inout TorchGenerator, requiresGrad: Bool = false) -> Tensor {
        Tensor(generator.normal(count: shape.reduce(1, *)), shape: shape, requiresGrad: requiresGrad)
    }

    /// `torch.empty(*shape).uniform_(low, high)` in float64 from `generator`.
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1,
                               using generator: inout TorchGenerator, requiresGrad: Bool = false) -> Tensor {
        Tensor(generator.uniform(count: shape.reduce(1, *), from: low, to: high), shape: shape, requiresGrad: requiresGrad)
    }
}

extension Linear {
    /// `torch.nn.Linear(inputs, outputs, bias=bias)` as PyTorch initialises it from `generator`
    /// (see `TorchGenerator.linear`).
    public convenience init(_ inputs: Int, _ outputs: Int, bias: Bool = true, using generator: inout TorchGenerator) {
        let (weight, b) = generator.linear(inputs, outputs, bias: bias)
        self.init(weight: Tensor(weight, shape: [outputs, inputs], requiresGrad: true),
                  bias: b.map { Tensor($0, shape: [outputs], requiresGrad: true) })
    }
}
