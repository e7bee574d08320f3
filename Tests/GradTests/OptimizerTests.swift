import Foundation
import Grad
import Testing

/// The small problem every optimizer test uses: f(p) = Σ kᵢ pᵢ² + cᵢ pᵢ, whose gradient 2kᵢpᵢ + cᵢ
/// is known in closed form, so the reference below needs no autograd.
private enum Quadratic {
    static let k: [Double] = [1, 3, 0.5]
    static let c: [Double] = [0.3, -0.2, 0.1]
    static let start: [Double] = [1.5, -0.5, 2.0]

    static func loss(_ p: Tensor) -> Tensor {
        (p.pow(2) * Tensor(k) + p * Tensor(c)).sum()
    }

    static func gradient(_ p: [Double]) -> [Double] {
        p.indices.map { i in 2 * k[i] * p[i] + c[i] }
    }
}

/// Learning rates used with the quadratic above (each gives visible progress in a few steps).
private func quadraticLearningRate(_ kind: OptimizerKind) -> Double {
    kind == .rmsprop ? 0.01 : 0.1
}

/// Runs `steps` engine steps on the quadratic from `start` and returns the parameter after each.
private func engineTrajectory(_ optimizer: Optimizer, steps: Int, start: [Double] = Quadratic.start,
                              learningRates: [Double]? = nil) -> [[Double]] {
    var optimizer = optimizer
    let p = Tensor(start, requiresGrad: true)
    var trajectory: [[Double]] = []
    for step in 0..<steps {
        if let learningRates { optimizer.learningRate = learningRates[step] }
        optimizer.zeroGrad([p])
        Quadratic.loss(p).backward()
        optimizer.step([p])
        trajectory.append(p.data)
    }
    return trajectory
}

/// The same run through `TorchOptimReference` with the closed-form gradient.
private func referenceTrajectory(_ reference: TorchOptimReference, steps: Int, start: [Double] = Quadratic.start,
                                 learningRates: [Double]? = nil) -> [[Double]] {
    var reference = reference
    var p = start
    var trajectory: [[Double]] = []
    for step in 0..<steps {
        if let learningRates { reference.lr = learningRates[step] }
        reference.update(&p, grad: Quadratic.gradient(p))
        trajectory.append(p)
    }
    return trajectory
}

/// Largest distance between two trajectories in units in the last place of the expected values.
private func ulpDistance(_ actual: [[Double]], _ expected: [[Double]]) -> Double {
    var worst = 0.0
    for (a, e) in zip(actual.joined(), expected.joined()) {
        worst = max(worst, abs(a - e) / e.ulp)
    }
    return worst
}

@Suite("Optimizers")
struct OptimizerTests {
    // MARK: - Against the hand transcription of torch.optim

    @Test("three steps on a quadratic match the transcribed torch.optim formulas", arguments: OptimizerKind.allCases)
    func threeStepsMatchReference(_ kind: OptimizerKind) {
        let lr = quadraticLearningRate(kind)
        let engine = engineTrajectory(Optimizer(kind, learningRate: lr), steps: 3)
        let reference = referenceTrajectory(TorchOptimReference(matching: kind, lr: lr), steps: 3)
        for step in 0..<3 {
            expectClose(engine[step], reference[step], relative: 1e-14, "\(kind) step \(step + 1)")
        }
        // Every optimizer makes progress on this convex problem.
        let f = { (p: [Double]) in zip(zip(Quadratic.k, Quadratic.c), p).map { $0.0 * $1 * $1 + $0.1 * $1 }.reduce(0, +) }
        #expect(f(engine[2]) < f(Quadratic.start))
    }

    @Test("the first SGD step is p − lr·g exactly, by hand")
    func firstSGDStepByHand() {
        // g = 2k·p + c = [3.3, −3.2, 2.1]; p − 0.1·g = [1.17, −0.18, 1.79].
        let p = engineTrajectory(.sgd(learningRate: 0.1), steps: 1)[0]
        expectClose(p, [1.5 - 0.1 * 3.3, -0.5 + 0.1 * 3.2, 2.0 - 0.1 * 2.1], relative: 1e-15, "p₁")
    }

    @Test("the first Adam step moves every coordinate by lr (bias-corrected m/√v = sign g)")
    func firstAdamStepByHand() {
        // After one step m̂ = g and v̂ = g², so the update is −lr·g/(|g| + ε) ≈ −lr·sign(g).
        let p = engineTrajectory(.adam(learningRate: 0.1), steps: 1)[0]
        let g = Quadratic.gradient(Quadratic.start)
        let expected = zip(Quadratic.start, g).map { p, g in p - 0.1 * g / (abs(g) + 1e-8) }
        expectClose(p, expected, relative: 1e-15, "p₁")
    }

    @Test("weight decay: L2 added to the gradient, decoupled for AdamW", arguments: OptimizerKind.allCases)
    func weightDecayMatchesReference(_ kind: OptimizerKind) {
        let lr = quadraticLearningRate(kind)
        let engine = engineTrajectory(Optimizer(kind, learningRate: lr, weightDecay: 0.1), steps: 4)
        let reference = referenceTrajectory(TorchOptimReference(matching: kind, lr: lr, weightDecay: 0.1), steps: 4)
        for step in 0..<4 {
            expectClose(engine[step], reference[step], relative: 1e-14, "\(kind) with weight decay 0.1, step \(step + 1)")
        }
    }

    // MARK: - Against PyTorch

    /// Five steps of each optimizer on the quadratic from p = [1.5, −0.5, 2.0] (lr 0.1; RMSprop 0.01),
    /// printed with repr() by torch 2.15.0 (CPU) in float64:
    ///
    ///     p = torch.tensor([1.5, -0.5, 2.0], dtype=torch.float64, requires_grad=True)
    ///     opt = torch.optim.SGD([p], lr=0.1)        # momentum=0.9 [, nesterov=True], RMSprop(lr=0.01), Adam, AdamW
    ///     for _ in range(5):
    ///         opt.zero_grad(); (p.pow(2) * k + p * c).sum().backward(); opt.step(); print(p.tolist())
    static let torchTrajectories: [OptimizerKind: [[Double]]] = [
        .sgd: [
            [1.17, -0.17999999999999997, 1.79],
            [0.9059999999999999, -0.05199999999999998, 1.601],
            [0.6948, -0.000799999999999995, 1.4309],
            [0.52584, 0.019680000000000003, 1.2778100000000001],
            [0.39067199999999996, 0.027872000000000004, 1.1400290000000002],
        ],
        .momentum: [
            [1.17, -0.17999999999999997, 1.79],
            [0.609, 0.23600000000000007, 1.412],
            [-0.04769999999999998, 0.48880000000000007, 0.9206],
            [-0.6591899999999999, 0.44304000000000004, 0.37627999999999995],
            [-1.107693, 0.156032, -0.1612360000000001],
        ],
        .nesterov: [
            [0.873, 0.10800000000000004, 1.601],
            [0.21696000000000001, 0.28208, 1.10771],
            [-0.3287808000000001, 0.1955008, 0.5873741],
            [-0.6859580160000002, 0.067031808, 0.097164611],
            [-0.8359340083200002, 0.0005638860799999886, -0.31962153619000006],
        ],
        .rmsprop: [
            [1.400000003030303, -0.40000000312499995, 1.9000000047619046],
            [1.3313498740655834, -0.3367499598997812, 1.8308529563525644],
            [1.2763004823923672, -0.28903779953839753, 1.7751382513265963],
            [1.2292847097077695, -0.250494753767673, 1.727365344818563],
            [1.1877232281425394, -0.21821477377611087, 1.6849848383552333],
        ],
        .adam: [
            [1.4000000003030304, -0.40000000031250005, 1.9000000004761906],
            [1.3002116279752147, -0.3010673300557583, 1.800156845945396],
            [1.2007967134568234, -0.20434197095204648, 1.7005866021149054],
            [1.1019340161825675, -0.11141665714359966, 1.6014143699109245],
            [1.0038202307275708, -0.024408435712822737, 1.5027745558936498],
        ],
        .adamw: [
            [1.3985000003030303, -0.3995000003125, 1.8980000004761906],
            [1.297317166342032, -0.3001765900859709, 1.7962626807275035],
            [1.1966161075627915, -0.20317798387746502, 1.6949066973534745],
            [1.096578516678157, -0.11010706702388752, 1.5940598526077392],
            [0.9974041616066689, -0.02309115659354216, 1.4938593560017628],
        ],
    ]

    /// DESIGN.md §7: with PyTorch's evaluation order one-parameter runs match bit for bit.
    @Test("five steps agree with PyTorch 2.15 float64 bit for bit", arguments: OptimizerKind.allCases)
    func fiveStepsMatchTorch(_ kind: OptimizerKind) throws {
        let expected = try #require(Self.torchTrajectories[kind])
        let engine = engineTrajectory(Optimizer(kind, learningRate: quadraticLearningRate(kind)), steps: 5)
        #expect(engine == expected, "\(kind): \(ulpDistance(engine, expected)) ulp from torch")
        // The hand transcription agrees with torch too (to rounding: it uses no fused multiply-adds).
        let reference = referenceTrajectory(TorchOptimReference(matching: kind, lr: quadraticLearningRate(kind)), steps: 5)
        for step in 0..<5 { expectClose(reference[step], expected[step], relative: 1e-14, "reference \(kind) step \(step + 1)") }
    }

    /// Weight-decay runs printed by torch 2.15.0 float64 (same problem, same learning rates):
    /// SGD(momentum=0.9, weight_decay=0.1), Adam(weight_decay=0.1), RMSprop(weight_decay=0.1), AdamW(weight_decay=0.5).
    struct TorchRun: Sendable, CustomTestStringConvertible {
        let kind: OptimizerKind
        let weightDecay: Double
        let trajectory: [[Double]]
        init(_ kind: OptimizerKind, _ weightDecay: Double, _ trajectory: [[Double]]) {
            self.kind = kind
            self.weightDecay = weightDecay
            self.trajectory = trajectory
        }
        var testDescription: String { "\(kind) with weight decay \(weightDecay)" }
    }

    static let torchWeightDecay: [TorchRun] = [
        TorchRun(.momentum, 0.1, [
            [1.155, -0.175, 1.77],
            [0.5719500000000001, 0.24425000000000002, 1.3582999999999998],
            [-0.10290449999999997, 0.49258250000000003, 0.8283569999999997],
            [-0.718663605, 0.435606425, 0.25028902999999963],
            [-1.1519274424500001, 0.13860803825, -0.3075039363000004],
        ]),
        TorchRun(.adam, 0.1, [
            [1.4000000002898552, -0.4000000003076923, 1.9000000004347826],
            [1.3002127957154217, -0.3010691237453866, 1.8001576770798835],
            [1.2008012196008249, -0.20434982771172064, 1.7005897709187545],
            [1.1019452298662737, -0.11143878638072081, 1.6014221592282853],
            [1.0038429363738524, -0.024458561505632512, 1.5027901336513791],
        ]),
        TorchRun(.rmsprop, 0.1, [
            [1.4000000028985506, -0.400000003076923, 1.900000004347826],
            [1.3313600572135074, -0.3367589425118922, 1.8308608016718215],
            [1.2763243244739977, -0.28905907255825236, 1.775156582351961],
            [1.229324125814082, -0.25053029134414784, 1.727395585850169],
            [1.187779522633939, -0.21826596453281336, 1.6850279390826355],
        ]),
        TorchRun(.adamw, 0.5, [
            [1.3250000003030302, -0.3750000003125, 1.8000000004761905],
            [1.1591979283785032, -0.25780571543328135, 1.6103851111881051],
            [1.002475055009018, -0.14968094488445416, 1.4309212601325048],
            [0.8547507689787931, -0.052411187532935444, 1.26140681367903],
            [0.715979376235966, 0.031780465253215776, 1.1016696245985023],
        ]),
    ]

    @Test("weight decay agrees with PyTorch 2.15 float64 bit for bit", arguments: Self.torchWeightDecay)
    func weightDecayMatchesTorch(_ run: TorchRun) {
        let (kind, decay, expected) = (run.kind, run.weightDecay, run.trajectory)
        let engine = engineTrajectory(Optimizer(kind, learningRate: quadraticLearningRate(kind), weightDecay: decay), steps: 5)
        #expect(engine == expected, "\(kind) weight decay \(decay): \(ulpDistance(engine, expected)) ulp from torch")
    }

    // MARK: - State

    /// Learning rate 0.1 (RMSprop 0.01) for two steps, then halved for three, through
    /// `param_groups[0]['lr'] *= 0.5` in torch 2.15.0 float64.
    static let torchHalvedLearningRate: [OptimizerKind: [[Double]]] = [
        .momentum: [
            [1.17, -0.17999999999999997, 1.79],
            [0.609, 0.23600000000000007, 1.412],
            [0.28065, 0.36240000000000006, 1.1663],
            [-0.05792999999999998, 0.37744000000000005, 0.8818549999999998],
            [-0.371859, 0.287744, 0.5767617499999999],
        ],
        .adam: [
            [1.4000000003030304, -0.40000000031250005, 1.9000000004761906],
            [1.3002116279752147, -0.3010673300557583, 1.800156845945396],
            [1.250504170716019, -0.2527046505039024, 1.7503717240301508],
            [1.2009657917608483, -0.2054122116938213, 1.7007103422874563],
            [1.1516143450680334, -0.15938272935158265, 1.6511853227689262],
        ],
        .rmsprop: [
            [1.400000003030303, -0.40000000312499995, 1.9000000047619046],
            [1.3313498740655834, -0.3367499598997812, 1.8308529563525644],
            [1.3038251782289751, -0.31289387971908933, 1.8029956038395805],
            [1.2799661765416777, -0.29242822578749533, 1.7788366696501714],
            [1.2586346760357825, -0.27438007099310463, 1.7572203495981378],
        ],
    ]

    @Test("changing learningRate between steps keeps the state", arguments: [OptimizerKind.momentum, .adam, .rmsprop])
    func learningRateChangeKeepsState(_ kind: OptimizerKind) throws {
        let lr = quadraticLearningRate(kind)
        let rates = [lr, lr, lr * 0.5, lr * 0.5, lr * 0.5]
        let engine = engineTrajectory(Optimizer(kind, learningRate: lr), steps: 5, learningRates: rates)
        let reference = referenceTrajectory(TorchOptimReference(matching: kind, lr: lr), steps: 5, learningRates: rates)
        for step in 0..<5 { expectClose(engine[step], reference[step], relative: 1e-14, "\(kind) step \(step + 1)") }
        let expected = try #require(Self.torchHalvedLearningRate[kind])
        #expect(engine == expected, "\(kind): \(ulpDistance(engine, expected)) ulp from torch")

        // A fresh optimizer at the halved rate from the same point would move differently:
        // the buffer really carried over.
        let restarted = engineTrajectory(Optimizer(kind, learningRate: lr * 0.5), steps: 1, start: engine[1])[0]
        #expect(restarted != engine[2])
    }

    @Test("a new Optimizer starts fresh", arguments: OptimizerKind.allCases)
    func newOptimizerStartsFresh(_ kind: OptimizerKind) {
        let lr = quadraticLearningRate(kind)
        let p = Tensor(Quadratic.start, requiresGrad: true)
        var first = Optimizer(kind, learningRate: lr)
        for _ in 0..<3 {
            first.zeroGrad([p])
            Quadratic.loss(p).backward()
            first.step([p])
        }
        let afterThree = p.data
        var second = Optimizer(kind, learningRate: lr)
        second.zeroGrad([p])
        Quadratic.loss(p).backward()
        second.step([p])
        let expected = referenceTrajectory(TorchOptimReference(matching: kind, lr: lr), steps: 1, start: afterThree)[0]
        expectClose(p.data, expected, relative: 1e-14, "\(kind): first step of a new optimizer")
    }

    @Test("copies of an Optimizer keep separate state (it is a value)")
    func optimizerIsAValue() {
        let p = Tensor([1.0], requiresGrad: true)
        var original = Optimizer.momentum(learningRate: 0.1)
        (p * p).sum().backward()
        original.step([p])               // buffer = 2
        let snapshot = original
        var copy = snapshot
        p.zeroGrad()
        (p * p).sum().backward()         // g = 2·0.8 = 1.6
        copy.step([p])                   // buffer = 0.9·2 + 1.6 = 3.4 → p = 0.8 − 0.34
        expectClose(p.item, 0.8 - 0.1 * 3.4, relative: 1e-15, "copy continues the buffer")
        p.data = [0.8]
        original.step([p])               // the original's buffer is still 2 → 0.9·2 + 1.6
        expectClose(p.item, 0.8 - 0.1 * 3.4, relative: 1e-15, "original unaffected by the copy's step")
    }

    @Test("parameters without a gradient are skipped and their state does not advance")
    func parametersWithoutGradAreSkipped() {
        // Printed by torch 2.15.0 float64: Adam(lr=0.1) over [p, q], q unused in the first two steps.
        let torchP: [[Double]] = [
            [1.4000000003030304, -0.40000000031250005, 1.9000000004761906],
            [1.3002116279752147, -0.3010673300557583, 1.800156845945396],
            [1.2007967134568234, -0.20434197095204648, 1.7005866021149054],
            [1.1019340161825675, -0.11141665714359966, 1.6014143699109245],
        ]
        let torchQ: [[Double]] = [
            [0.7, -1.1], [0.7, -1.1],
            [0.6000000007142856, -1.0000000004545455],
            [0.5006944197516024, -0.9003611618472285],
        ]
        let p = Tensor(Quadratic.start, requiresGrad: true)
        let q = Tensor([0.7, -1.1], requiresGrad: true)
        var optimizer = Optimizer.adam(learningRate: 0.1)
        var referenceQ = TorchOptimReference(.adam, lr: 0.1)
        var expectedQ = q.data
        for step in 0..<4 {
            optimizer.zeroGrad([p, q])
            let loss = step >= 2 ? Quadratic.loss(p) + (q * q).sum() : Quadratic.loss(p)
            loss.backward()
            #expect((q.grad == nil) == (step < 2))
            optimizer.step([p, q])
            if step >= 2 { referenceQ.update(&expectedQ, grad: expectedQ.map { 2 * $0 }) }
            #expect(p.data == torchP[step], "p at step \(step + 1)")
            #expect(q.data == torchQ[step], "q at step \(step + 1)")
            expectClose(q.data, expectedQ, relative: 1e-14, "q against the reference at step \(step + 1)")
        }
        // q's first real update is a first Adam step (t = 1): it moves by lr in every coordinate.
        expectClose([0.6000000007142856, -1.0000000004545455], [0.7 - 0.1, -1.1 + 0.1], relative: 1e-8, "first q step ≈ ±lr")
    }

    @Test("a parameter slot reused by a new tensor does not inherit the old tensor's state")
    func stateDoesNotOutliveItsParameter() {
        // The optimizer must not confuse a new parameter with a freed one that happened to live at
        // the same address (PyTorch keys its state by the parameter object itself).
        var optimizer = Optimizer.momentum(learningRate: 0.1)
        var oldAddress: ObjectIdentifier?
        do {
            let old = Tensor([1.0], requiresGrad: true)
            oldAddress = ObjectIdentifier(old)
            for _ in 0..<3 {
                old.zeroGrad()
                (old * old * 50).sum().backward()
                optimizer.step([old])
            }
        }
        // Allocate until a new tensor lands where the old one was (malloc reuses the slot at once in
        // practice); keep the others alive so they do not take it back.
        var keep: [Tensor] = []
        var reused: Tensor?
        for _ in 0..<10_000 {
            let candidate = Tensor([1.0], requiresGrad: true)
            if ObjectIdentifier(candidate) == oldAddress { reused = candidate; break }
            keep.append(candidate)
        }
        guard let fresh = reused else { return }  // the address was never reused: nothing to check
        (fresh * fresh).sum().backward()          // g = 2
        optimizer.step([fresh])
        #expect(fresh.item == 1 - 0.1 * 2, "a new parameter's first momentum step is −lr·g; got \(fresh.item)")
        withExtendedLifetime(keep) {}
    }

    // MARK: - Configuration

    @Test("defaults are torch.optim's: momentum 0.9, alpha 0.99, betas (0.9, 0.999), eps 1e-8; AdamW decays 0.01")
    func defaults() {
        for kind in OptimizerKind.allCases {
            let optimizer = Optimizer(kind, learningRate: 0.5)
            #expect(optimizer.kind == kind)
            #expect(optimizer.learningRate == 0.5)
            #expect(optimizer.momentum == 0.9)
            #expect(optimizer.alpha == 0.99)
            #expect(optimizer.beta1 == 0.9)
            #expect(optimizer.beta2 == 0.999)
            #expect(optimizer.epsilon == 1e-8)
            #expect(optimizer.weightDecay == (kind == .adamw ? 0.01 : 0))
        }
        #expect(Optimizer.sgd(learningRate: 1).kind == .sgd)
        #expect(Optimizer.momentum(learningRate: 1).kind == .momentum)
        #expect(Optimizer.nesterov(learningRate: 1).kind == .nesterov)
        #expect(Optimizer.rmsprop(learningRate: 1).kind == .rmsprop)
        #expect(Optimizer.adam(learningRate: 1).kind == .adam)
        #expect(Optimizer.adamw(learningRate: 1).weightDecay == 0.01)
        #expect(Optimizer.adamw(learningRate: 1, weightDecay: 0.2).weightDecay == 0.2)
    }

    @Test("the lab cycles sgd → momentum → nesterov → rmsprop → adam → adamw → sgd, with display names")
    func kindCycle() {
        var kind = OptimizerKind.sgd
        var seen: [OptimizerKind] = []
        for _ in 0..<6 {
            seen.append(kind)
            kind = kind.next
        }
        #expect(seen == [.sgd, .momentum, .nesterov, .rmsprop, .adam, .adamw])
        #expect(kind == .sgd)
        #expect(OptimizerKind.allCases.map(\.displayName) == ["SGD", "Momentum", "Nesterov", "RMSprop", "Adam", "AdamW"])
        #expect(OptimizerKind.allCases.map(\.rawValue) == ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"])
        #expect(OptimizerKind(rawValue: "adamw") == .adamw)
    }

    @Test("zeroGrad(parameters) clears every gradient")
    func zeroGradClears() {
        let a = Tensor([1, 2], requiresGrad: true), b = Tensor(3, requiresGrad: true)
        (a.sum() * b).backward()
        #expect(a.grad != nil && b.grad != nil)
        Optimizer.sgd(learningRate: 1).zeroGrad([a, b])
        #expect(a.grad == nil && b.grad == nil)
    }

    /// `step` vouches for the values it wrote: finite and within the limit, checked in the update's
    /// own pass; a parameter it did not update (no gradient) makes it say nothing.
    @Test("step reports whether every updated value is finite and within the limit", arguments: OptimizerKind.allCases)
    func stepChecksItsValues(_ kind: OptimizerKind) {
        func run(_ start: [Double], gradient: [Double], limit: Double, withGradient: Bool = true) -> Bool {
            let p = Tensor(start, requiresGrad: true)
            let other = Tensor([0.5], requiresGrad: true)
            if withGradient { p.grad = Tensor(gradient) }
            other.grad = Tensor([0.1])
            var optimizer = Optimizer(kind, learningRate: 0.1)
            return optimizer.step([p, other], limit: limit)
        }
        let start = [Double](repeating: 0.2, count: 19), small = [Double](repeating: 0.01, count: 19)
        #expect(run(start, gradient: small, limit: 10))
        var beyond = start
        beyond[17] = 20
        #expect(!run(beyond, gradient: small, limit: 10))
        var huge = start
        huge[3] = .greatestFiniteMagnitude
        #expect(run(huge, gradient: small, limit: .infinity))
        var infinite = start
        infinite[11] = .infinity
        #expect(!run(infinite, gradient: small, limit: .infinity))
        var nan = small
        nan[5] = .nan
        #expect(!run(start, gradient: nan, limit: 10))
        #expect(!run(start, gradient: small, limit: 10, withGradient: false))
    }
}
