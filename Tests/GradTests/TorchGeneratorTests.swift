import Grad
import ReferenceMath
import TestSupport
import Testing

/// `TorchGenerator` against draws made by real PyTorch 2.13 on the CPU in float64
/// (Tests/ReferenceMath/TorchRandom): every value must have the same bits.
@Suite("TorchGenerator")
struct TorchGeneratorTests {
    private typealias F = TorchRandomFixtures

    private static func seed(_ item: [String: Any]) -> UInt64 { UInt64(item["seed"] as! Int) }

    @Test("the fixtures were read (every kind is there)")
    func fixturesPresent() {
        for kind in ["randn", "randn_shape", "rand", "uniform", "randperm", "linear", "linear_nobias", "random_int64",
                     "sequence", "dataloader", "dataloader_global"] {
            #expect(!F.cases(kind).isEmpty, "no \(kind) cases in \(F.url.path)")
        }
    }

    @Test("mt19937 from seed 5489 gives the reference implementation's 10000th output, 4123659995")
    func engineKnownValue() {
        // The C++ standard's check of std::mt19937 ([rand.predef]): default seed 5489, 10000th value.
        var generator = TorchGenerator(seed: 5489)
        for _ in 1..<10000 { _ = generator.random() }
        #expect(generator.random() == 4_123_659_995)
    }

    @Test("torch.randn(n): blocks of 16 (n ≥ 16, the tail redrawn) and the scalar path with its cached value (n < 16)")
    func randn() {
        for item in F.cases("randn") {
            var generator = TorchGenerator(seed: Self.seed(item))
            let count = item["count"] as! Int
            #expect(F.matches(generator.normal(count: count), item["values"]), "seed \(Self.seed(item)), n = \(count)")
        }
        for item in F.cases("randn_shape") {
            var generator = TorchGenerator(seed: Self.seed(item))
            #expect(F.matches(Tensor.randn([3, 7], using: &generator).data, item["values"]))
        }
    }

    @Test("torch.rand(n) and uniform_(a, b)")
    func uniform() {
        for item in F.cases("rand") {
            var generator = TorchGenerator(seed: Self.seed(item))
            #expect(F.matches(generator.uniform(count: item["count"] as! Int), item["values"]))
        }
        for item in F.cases("uniform") {
            var generator = TorchGenerator(seed: Self.seed(item))
            let low = F.parseHexFloat(item["low"] as! String), high = F.parseHexFloat(item["high"] as! String)
            let values = Tensor.uniform([item["count"] as! Int], low: low, high: high, using: &generator).data
            #expect(F.matches(values, item["values"]), "seed \(Self.seed(item)), uniform_(\(low), \(high))")
        }
    }

    @Test("torch.randperm(n) for n = 5, 100 and 10000")
    func randperm() {
        for item in F.cases("randperm") {
            var generator = TorchGenerator(seed: Self.seed(item))
            #expect(generator.randperm(item["count"] as! Int) == item["values"] as! [Int])
        }
    }

    @Test("torch.randperm(n) on its inside-out path: n = (2³² − 1)/20 = 214748364, seed 0 (1.7 GB, tens of seconds)",
          .tags(.long), .skippedWhenQuick)
    func randpermInsideOut() throws {
        let reference = try #require(F.root["randperm_large"] as? [String: Any])
        let count = reference["count"] as! Int, every = reference["every"] as! Int
        #expect(count == Int(UInt32.max / 20))
        var generator = TorchGenerator(seed: 0)
        let values = generator.randperm(count)
        #expect(Array(values.prefix(16)) == reference["first"] as! [Int])
        #expect(Array(values.suffix(16)) == reference["last"] as! [Int])
        #expect(stride(from: 0, to: count, by: every).map { values[$0] } == reference["sample"] as! [Int])
    }

    @Test("random_() on an int64 scalar")
    func randomInt64() {
        for item in F.cases("random_int64") {
            var generator = TorchGenerator(seed: Self.seed(item))
            #expect((0..<5).map { _ in String(generator.randomInt64()) } == item["values"] as! [String])
        }
    }

    @Test("nn.Linear's initial weight (kaiming_uniform_, a = √5) and bias (uniform ±1/√fan_in)")
    func linear() {
        for item in F.cases("linear") {
            var generator = TorchGenerator(seed: Self.seed(item))
            let inputs = item["inputs"] as! Int, outputs = item["outputs"] as! Int
            let layer = Linear(inputs, outputs, using: &generator)
            #expect(layer.weight.shape == [outputs, inputs])
            #expect(F.matches(layer.weight.data, item["weight"]), "seed \(Self.seed(item)), Linear(\(inputs), \(outputs)).weight")
            #expect(F.matches(layer.bias!.data, item["bias"]), "seed \(Self.seed(item)), Linear(\(inputs), \(outputs)).bias")
        }
        for item in F.cases("linear_nobias") {
            var generator = TorchGenerator(seed: Self.seed(item))
            let layer = Linear(7, 4, bias: false, using: &generator)
            #expect(layer.bias == nil)
            #expect(F.matches(layer.weight.data, item["weight"]))
        }
    }

    @Test("a notebook's mixed draws from one manual_seed, in order")
    func sequence() {
        for item in F.cases("sequence") {
            var generator = TorchGenerator(seed: Self.seed(item))
            for (index, step) in (item["steps"] as! [[String: Any]]).enumerated() {
                let label = "seed \(Self.seed(item)), draw \(index) (\(step["op"]!))"
                switch step["op"] as! String {
                case "randn": #expect(F.matches(generator.normal(count: step["arg"] as! Int), step["values"]), "\(label)")
                case "rand": #expect(F.matches(generator.uniform(count: step["arg"] as! Int), step["values"]), "\(label)")
                case "randperm": #expect(generator.randperm(step["arg"] as! Int) == step["values"] as! [Int], "\(label)")
                case "linear":
                    let sizes = step["arg"] as! [Int]
                    let (weight, bias) = generator.linear(sizes[0], sizes[1])
                    #expect(F.matches(weight + bias!, step["values"]), "\(label)")
                default: Issue.record("unknown step \(step)")
                }
            }
        }
    }

    @Test("DataLoader(shuffle=True, generator=torch.Generator().manual_seed(S)): two epochs of batch order")
    func dataLoader() {
        for item in F.cases("dataloader") {
            var generator = TorchGenerator(seed: Self.seed(item))
            #expect(generator.dataLoaderOrders(count: item["count"] as! Int, epochs: 2) == item["orders"] as! [[Int]],
                    "seed \(Self.seed(item)), n = \(item["count"]!)")
        }
    }

    @Test("DataLoader(shuffle=True) with no generator after torch.manual_seed(S): two epochs of batch order")
    func globalDataLoader() {
        for item in F.cases("dataloader_global") {
            var generator = TorchGenerator(seed: Self.seed(item))
            #expect(generator.globalDataLoaderOrders(count: item["count"] as! Int, epochs: 2) == item["orders"] as! [[Int]],
                    "seed \(Self.seed(item)), n = \(item["count"]!)")
        }
    }

    @Test("batches are consecutive runs of the epoch's order; drop_last leaves out the short one")
    func batches() {
        let order = [3, 7, 5, 2, 0, 8, 1, 6, 9, 4]
        #expect(TorchGenerator.batches(order, size: 3) == [[3, 7, 5], [2, 0, 8], [1, 6, 9], [4]])
        #expect(TorchGenerator.batches(order, size: 3, dropLast: true) == [[3, 7, 5], [2, 0, 8], [1, 6, 9]])
        #expect(TorchGenerator.batches(order, size: 5) == [[3, 7, 5, 2, 0], [8, 1, 6, 9, 4]])
        #expect(TorchGenerator.batches(order, size: 20) == [order])
        #expect(TorchGenerator.batches(order, size: 20, dropLast: true).isEmpty)
    }

    @Test("the batch order of a small case worked out by hand: randperm(3) after the 64-bit base-seed draw")
    func handWorkedOrder() {
        // randperm(3) swaps 0 with 0 + r₁ % 3, then 1 with 1 + r₂ % 2, where r₁, r₂ are the
        // 32-bit words after the two of the base seed.
        var words = TorchGenerator(seed: 3)
        _ = words.random64()
        let r1 = Int(words.random()), r2 = Int(words.random())
        var expected = [0, 1, 2]
        expected.swapAt(0, r1 % 3)
        expected.swapAt(1, 1 + r2 % 2)
        var generator = TorchGenerator(seed: 3)
        #expect(generator.dataLoaderOrders(count: 3, epochs: 1) == [expected])
    }
}
