import FrameTesting
import Plot

/// Pictures of the lab as the app would fill them, computed here from first principles so the
/// golden frames show real runs: SGD on the sin-cubic fit, gradient descent on the parabola, and
/// a half-trained parity plot.
enum Fixtures {
    /// `torch.linspace(start, end, count)`.
    static func linspace(_ start: Double, _ end: Double, _ count: Int) -> [Double] {
        let step = (end - start) / Double(count - 1)
        return (0..<count).map { i in
            i < count / 2 ? step * Double(i) + start : end - step * Double(count - 1 - i)
        }
    }

    static func cubic(_ p: [Double], _ x: Double) -> Double { p[0] + p[1] * x + p[2] * x * x + p[3] * x * x * x }

    /// SGD on a + bx + cx² + dx³ against sin x over 2000 points, sum-of-squares loss.
    static func sinCubicRun(steps: Int, learningRate: Double = 1e-6) -> (params: [Double], grads: [Double], loss: [Double]) {
        let xs = linspace(-.pi, .pi, 2000)
        let ys = xs.map { sinApproximation($0) }
        var p = [-0.2, 0.5, 0.1, -0.3]
        var grads = [0.0, 0, 0, 0]
        var losses: [Double] = []
        for _ in 0..<steps {
            var loss = 0.0
            grads = [0, 0, 0, 0]
            for (x, y) in zip(xs, ys) {
                let r = cubic(p, x) - y
                loss += r * r
                grads[0] += 2 * r
                grads[1] += 2 * r * x
                grads[2] += 2 * r * x * x
                grads[3] += 2 * r * x * x * x
            }
            losses.append(loss)
            for k in 0..<4 { p[k] -= learningRate * grads[k] }
        }
        return (p, grads, losses)
    }

    /// sin x from its Taylor series (exact to double precision on [−π, π]), so the fixtures do not
    /// depend on the platform's libm.
    static func sinApproximation(_ x: Double) -> Double {
        var term = x, sum = x
        for n in 1...15 {
            term *= -x * x / Double((2 * n) * (2 * n + 1))
            sum += term
        }
        return sum
    }

    static let sinCubicTitle = "sin-cubic · fit sin(x) with a + bx + cx² + dx³"

    /// 1200 SGD steps of the sin-cubic fit, computed once.
    static let sinCubicTraining = sinCubicRun(steps: 1200)

    static func sinCubic(state: LabStatus.State = .running, showHelp: Bool = false) -> LabPicture {
        let run = sinCubicTraining
        let xs = linspace(-.pi, .pi, 2000)
        let curveX = linspace(-.pi, .pi, 200)
        let names = ["a", "b", "c", "d"]
        return keyed(LabPicture(
            title: sinCubicTitle,
            main: .fit(data: XYPoints(xs: xs, ys: xs.map(sinApproximation)),
                       curve: XYPoints(xs: curveX, ys: curveX.map { cubic(run.params, $0) })),
            loss: run.loss,
            bestLoss: run.loss.min(),
            status: LabStatus(
                state: state, step: run.loss.count, loss: run.loss.last!, learningRate: 1e-6, optimizer: "SGD",
                parameters: (0..<4).map { LabStatus.Parameter(name: names[$0], value: run.params[$0], grad: run.grads[$0]) },
                stepsPerSecond: 240),
            showHelp: showHelp))
    }

    /// Gradient descent on f(x) = 3x² + 2x − 1.2 from x = 1.6 with lr 0.02, after 9 steps.
    static func parabola() -> LabPicture {
        func f(_ x: Double) -> Double { 3 * x * x + 2 * x - 1.2 }
        var x = 1.6
        var trail: [DataPoint] = []
        var losses: [Double] = []
        for _ in 0..<9 {
            trail.append(DataPoint(x: x, y: f(x)))
            losses.append(f(x))
            x -= 0.02 * (6 * x + 2)
        }
        let curveX = linspace(-2, 2, 161)
        return keyed(LabPicture(
            title: "parabola · minimize f(x) = 3x² + 2x − 1.2",
            main: .parabola(curve: XYPoints(xs: curveX, ys: curveX.map(f)), point: DataPoint(x: x, y: f(x)),
                            trail: XYPoints(trail), slope: 6 * x + 2),
            loss: losses + [f(x)],
            bestLoss: (losses + [f(x)]).min(),
            status: LabStatus(
                state: .paused, step: 9, loss: f(x), learningRate: 0.02, optimizer: "SGD",
                parameters: [LabStatus.Parameter(name: "x", value: x, grad: 6 * x + 2)], stepsPerSecond: 20)))
    }

    /// The linear scene (w·x against y = 2x at x = 1…4, mean squared error) after 3 SGD steps at
    /// lr 0.01 from w = 0, in the view the lab keeps from step 0 (it holds the w = 0 line).
    static func linear() -> LabPicture {
        let xs = [1.0, 2, 3, 4], ys = xs.map { 2 * $0 }
        func loss(_ w: Double) -> Double { zip(xs, ys).map { (w * $0 - $1) * (w * $0 - $1) }.reduce(0, +) / 4 }
        func gradient(_ w: Double) -> Double { zip(xs, ys).map { 2 * (w * $0 - $1) * $0 }.reduce(0, +) / 4 }
        var w = 0.0
        var losses: [Double] = []
        for _ in 0..<3 {
            losses.append(loss(w))
            w -= 0.01 * gradient(w)
        }
        let curveX = linspace(1, 4, 61)
        let view = XYChart.fitView(data: XYPoints(xs: xs, ys: ys), curve: XYPoints(xs: curveX, ys: curveX.map { _ in 0 }))
        return keyed(LabPicture(
            title: "linear · learn w in f(x) = w·x from four points",
            main: .fit(data: XYPoints(xs: xs, ys: ys), curve: XYPoints(xs: curveX, ys: curveX.map { w * $0 }), view: view),
            loss: losses, bestLoss: loss(w),
            status: LabStatus(
                state: .paused, step: 3, loss: loss(w), learningRate: 0.01, optimizer: "SGD",
                parameters: [LabStatus.Parameter(name: "w", value: w, grad: gradient(w))], speedSetting: "2/s")))
    }

    /// A deterministic stream of standard normal numbers (xorshift + Box–Muller).
    struct Normals {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15

        mutating func uniform() -> Double {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return (Double(state >> 11) + 0.5) / 9_007_199_254_740_992
        }

        mutating func next() -> Double {
            let u = uniform(), v = uniform()
            return (-2 * logApproximation(u)).squareRoot() * cosApproximation(2 * .pi * v)
        }

        /// ln u = 2 atanh((u − 1)/(u + 1)) by 201 terms of its series: close enough for shaping test
        /// data (it only drifts for u within a few 1e-3 of 0), and the same on every platform.
        private func logApproximation(_ u: Double) -> Double {
            let z = (u - 1) / (u + 1), z2 = z * z
            var term = z, sum = 0.0
            for n in stride(from: 1, through: 401, by: 2) {
                sum += term / Double(n)
                term *= z2
            }
            return 2 * sum
        }

        private func cosApproximation(_ t: Double) -> Double { sinApproximation(.pi / 2 - t) }
    }

    /// Two-layer-net targets against predictions halfway through training.
    static func parity() -> LabPicture {
        var normals = Normals()
        let target = (0..<640).map { _ in normals.next() }
        let prediction = target.map { 0.75 * $0 + 0.35 * normals.next() }
        let loss = (0..<250).map { 640 * (0.08 + 1.2 * expApproximation(-Double($0) / 60)) }
        return keyed(LabPicture(
            title: "two-layer-net · Linear(1000,100) → ReLU → Linear(100,10)",
            main: .parity(target: target, prediction: prediction),
            loss: loss, bestLoss: loss.min(),
            status: LabStatus(
                state: .running, step: 250, loss: loss.last!, learningRate: 1e-4, optimizer: "Adam",
                parameters: [], stepsPerSecond: 310)))
    }

    static func expApproximation(_ x: Double) -> Double {
        var term = 1.0, sum = 1.0
        for n in 1...60 {
            term *= x / Double(n)
            sum += term
        }
        return sum
    }

    /// SGD on sin-cubic with a learning rate a thousand times too large: it blows up.
    static func diverged() -> LabPicture {
        var run = sinCubicRun(steps: 12, learningRate: 4e-3)
        run.loss += [.infinity]
        let xs = linspace(-.pi, .pi, 2000)
        let curveX = linspace(-.pi, .pi, 200)
        return keyed(LabPicture(
            title: sinCubicTitle,
            main: .fit(data: XYPoints(xs: xs, ys: xs.map(sinApproximation)),
                       curve: XYPoints(xs: curveX, ys: curveX.map { cubic(run.params, $0) })),
            loss: run.loss,
            bestLoss: run.loss.min(),
            status: LabStatus(
                state: .diverged, step: 12, loss: .infinity, learningRate: 4e-3, optimizer: "SGD",
                parameters: zip(["a", "b", "c", "d"], run.params).map { LabStatus.Parameter(name: $0, value: $1) },
                message: "loss became inf at step 12 — press r to reset, - to lower the learning rate")))
    }

    /// `picture` with the scene menu open over it: the seven scenes in teaching order, sin-cubic
    /// highlighted.
    static func withMenu(_ picture: LabPicture) -> LabPicture {
        var picture = picture
        let scenes: [(String, String, String)] = [
            ("parabola", "descend f(x) = 3x² + 2x − 1.2", "There is no data here, only a function."),
            ("linear", "learn w in f(x) = w·x from four points", "Four points on the line y = 2x."),
            ("noisy-quadratic", "fit a x² + b x + c to noisy data", "Two hundred points were made from a parabola and shaken."),
            ("sin-cubic", "fit sin(x) with a + bx + cx² + dx³", "Two thousand points of sin(x) between −π and π, and a cubic with random coefficients."),
            ("legendre", "fit sin(x) with a + b·P3(c + dx)", "A custom differentiable function with a hand-written backward."),
            ("dynamic-net", "dynamic net: a + bx + cx² + dx³ (+ ex⁴ + ex⁵)", "Extra terms drawn at random on every pass share one weight."),
            ("two-layer-net", "two-layer ReLU net: 1000 → 100 → 10", "Random inputs and targets; watch the parity plot collapse."),
        ]
        picture.menu = SceneMenu(entries: scenes.map { SceneMenu.Entry(name: $0.0, title: $0.1, summary: $0.2) },
                                 keys: menuKeys(unicode: true), selected: 3)
        return picture
    }

    /// The solo lab's keys as the app's key table gives them (a copy, so these tests need no app).
    static func keys(unicode: Bool) -> [KeyHelp] {
        let (left, right, up, down) = unicode ? ("←", "→", "↑", "↓") : ("left", "right", "up", "down")
        return [
            KeyHelp(keys: "space", help: "pause / run (done: train on)", lineKeys: "space", label: "pause", shortLabel: "pause", keep: 9, role: .pause),
            KeyHelp(keys: "s \(right)", help: "one step (pauses first)", lineKeys: "s", label: "step", shortLabel: "step", keep: 5, role: .step),
            KeyHelp(keys: "+ = - _ ] [", help: "learning rate ×2 ÷2 ×10 ÷10", lineKeys: "+/-", label: "lr", shortLabel: "lr", keep: 8),
            KeyHelp(keys: "b \(left) / B", help: "back one step / ten steps", lineKeys: "b/B", label: nil, shortLabel: nil, keep: 0),
            KeyHelp(keys: "o / O", help: "next / previous optimizer", lineKeys: "o/O", label: "optimizer", shortLabel: "opt", keep: 6),
            KeyHelp(keys: "r / R", help: "reset / reset to scene defaults", lineKeys: "r/R", label: "reset", shortLabel: "reset", keep: 7),
            KeyHelp(keys: "< , \(down) / > . \(up)", help: "slower / faster", lineKeys: "</>", label: "speed", shortLabel: "speed", keep: 3),
            KeyHelp(keys: "1 2 3 4 v", help: "the 4 views; v: the next one", lineKeys: "1-4/v", label: "views", shortLabel: "views", keep: 4),
            KeyHelp(keys: "p", help: "landscape: next parameter pair", lineKeys: "p", label: nil, shortLabel: nil, keep: 0),
            KeyHelp(keys: "j k PgDn PgUp", help: "graph: scroll a row / a page", lineKeys: "j/k/PgDn/PgUp", label: nil, shortLabel: nil, keep: 0),
            KeyHelp(keys: "m", help: "scene menu", lineKeys: "m", label: "scenes", shortLabel: "scenes", keep: 2),
            KeyHelp(keys: "? h / Esc", help: "help on / off (Esc closes it)", lineKeys: "?", label: "help", shortLabel: "help", keep: .max),
            KeyHelp(keys: "q", help: "quit (Ctrl-C too)", lineKeys: "q", label: "quit", shortLabel: "quit", keep: .max),
        ]
    }

    /// The scene menu's keys as the app gives them.
    static func menuKeys(unicode: Bool) -> [SceneMenu.KeyHint] {
        [SceneMenu.KeyHint(keys: unicode ? "↑↓" : "up/down", label: "choose"), SceneMenu.KeyHint(keys: "Enter", label: "opens"),
         SceneMenu.KeyHint(keys: "Esc", label: "back"), SceneMenu.KeyHint(keys: "q", label: "quits")]
    }

    /// `picture` with the solo lab's keys in Unicode (`GoldenFrameTests` sets them for its glyphs).
    static func keyed(_ picture: LabPicture, unicode: Bool = true) -> LabPicture {
        var picture = picture
        picture.keys = keys(unicode: unicode)
        picture.menu?.keys = menuKeys(unicode: unicode)
        return picture
    }
}
