import CAllocator
import CMallocCounter
import Foundation
import Grad
import Lab
import LabApp
import Plot

/// Times tinylab's own workloads for `bench/run`, which prints them beside numpy and PyTorch.
/// Output: one JSON object on stdout. Every number is a median over `repeats` runs.
/// `tinylab-bench mallocs` prints only the heap allocations per step (quick), `tinylab-bench batches`
/// those and the mini-batch step costs, `tinylab-bench classify` the classification lines; `tinylab-bench
/// csv-load FILE` only the CSV reader's time and memory (see CSVLoad.swift).

tinylab_tune_allocator()
if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "csv-load" {
    let result = CSVLoadBench.run(path: CommandLine.arguments[2], repeats: CommandLine.arguments.count > 3 ? Int(CommandLine.arguments[3]) ?? 5 : 5)
    print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    exit(0)
}
let repeats = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 7 : 7
let clock = ContinuousClock()
/// `tinylab-bench floor STEPS`: only the same-order SIMD loop (for counting its instructions);
/// `tinylab-bench floor-us`: its µs per step beside tinylab's sin-cubic SGD step (see bench/floor).
if CommandLine.arguments.count > 1, CommandLine.arguments[1].hasPrefix("floor") {
    runFloor(CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) : nil)
    exit(0)
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Median microseconds per call of `body` over `repeats` batches of `iterations` calls.
func microseconds(iterations: Int, warmup: Int = 0, _ body: () -> Void) -> Double {
    for _ in 0..<warmup { body() }
    var samples: [Double] = []
    for _ in 0..<repeats {
        let start = clock.now
        for _ in 0..<iterations { body() }
        samples.append(seconds(start.duration(to: clock.now)) / Double(iterations) * 1e6)
    }
    return median(samples)
}

/// A session of the built-in scene `name`, with `points` data points instead of its own count and
/// `modify` applied to the scene (mini-batches, held-out data).
func session(_ name: String, _ options: RunOptions, points: Int? = nil, modify: ((inout Scene) -> Void)? = nil) -> Session {
    do {
        var scene = try SceneLibrary.scene(named: name)
        if let points, case .linspace(let start, let end, _) = scene.data?.inputs {
            scene.data?.inputs = .linspace(start: start, end: end, count: points)
        }
        modify?(&scene)
        return try Session(scene: scene, options: options)
    } catch {
        FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
        exit(1)
    }
}

func residentKilobytes(_ field: String) -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix(field) {
        return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0
    }
    return 0
}

let cubicStart = ["a": 0.1, "b": 0.2, "c": -0.1, "d": 0.05]
/// `tinylab-bench matmul`: only the products in two-layer-net's shapes (see Matmul.swift).
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "matmul" {
    print(String(decoding: try JSONSerialization.data(withJSONObject: matmulTimes(), options: [.sortedKeys]), as: UTF8.self))
    exit(0)
}
/// `tinylab-bench net-us`: only two-layer-net's median µs per Adam step (quick, for side-by-side loops).
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "net-us" {
    let net = session("two-layer-net", RunOptions(optimizer: .adam, learningRate: 1e-4, steps: 100_000_000, rewindMemory: 0))
    print("{\"two-layer-net adam\": \(microseconds(iterations: 50, warmup: 10) { net.trainStep() })}")
    exit(0)
}
let long = 100_000_000
var result: [String: Any] = [:]

/// Heap allocations per training step once warmed up: the mean over `steps` steps after `warmup`.
/// Heap allocations per step after `warmup` steps (for formula models past the 400 steps that fill
/// the trail of recent parameter values, whose arrays are then reused).
func mallocsPerStep(_ session: Session, warmup: Int, steps: Int) -> Double {
    for _ in 0..<warmup { session.trainStep() }
    let before = tinylab_malloc_count()
    for _ in 0..<steps { session.trainStep() }
    return Double(tinylab_malloc_count() - before) / Double(steps)
}

result["mallocs per step"] = [
    "sin-cubic sgd": mallocsPerStep(session("sin-cubic", RunOptions(optimizer: .sgd, learningRate: 1e-6, steps: long,
                                                                    initialValues: cubicStart, rewindMemory: 0)),
                                    warmup: 500, steps: 1000),
    "sin-cubic adam": mallocsPerStep(session("sin-cubic", RunOptions(optimizer: .adam, learningRate: 1e-3, steps: long,
                                                                     initialValues: cubicStart, rewindMemory: 0)),
                                     warmup: 500, steps: 1000),
    "sin-cubic sgd batch 20 (headless)": mallocsPerStep({
        let run = session("sin-cubic", RunOptions(optimizer: .sgd, learningRate: 1e-6, steps: long, initialValues: cubicStart,
                                                  rewindMemory: 0)) { $0.batchSize = 20 }
        run.recording = []
        return run
    }(), warmup: 500, steps: 1000),
    "two-layer-net adam": mallocsPerStep(session("two-layer-net", RunOptions(optimizer: .adam, learningRate: 1e-4, steps: long,
                                                                             rewindMemory: 0)),
                                         warmup: 10, steps: 50),
]
if CommandLine.arguments.dropFirst().contains("mallocs") {
    let data = try! JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
    exit(0)
}

result["floor matches engine"] = SinCubicFloor.matchesEngine(
    session("sin-cubic", RunOptions(optimizer: .sgd, learningRate: 1e-6, steps: long, initialValues: cubicStart, rewindMemory: 0)),
    start: cubicStart, learningRate: 1e-6, steps: 1000)
let sgd = session("sin-cubic", RunOptions(optimizer: .sgd, learningRate: 1e-6, steps: long, initialValues: cubicStart, rewindMemory: 0))
result["sin-cubic sgd"] = microseconds(iterations: 5000, warmup: 500) { sgd.trainStep() }
/// A mini-batch step's cost against its batch, µs: sin-cubic SGD over its own 2,000 points and over
/// 200,000, in batches of `sizes` rows and on all of them (the key "all"); no recording, as headless.
func batchCosts(points: Int, sizes: [Int]) -> [String: Double] {
    var costs: [String: Double] = [:]
    for size in sizes + [points] {
        let run = session("sin-cubic", RunOptions(optimizer: .sgd, learningRate: points > 2000 ? 1e-9 : 1e-6, steps: long,
                                                  initialValues: cubicStart, rewindMemory: 0),
                          points: points) { if size < points { $0.batchSize = size } }
        run.recording = []
        let iterations = max(20, min(5000, 4_000_000 / size))
        costs[size < points ? String(size) : "all"] = microseconds(iterations: iterations, warmup: iterations / 10) { run.trainStep() }
    }
    return costs
}
result["sin-cubic batches"] = batchCosts(points: 2000, sizes: [1, 20, 200])
result["sin-cubic 200k points by batch"] = batchCosts(points: 200_000, sizes: [1, 200, 2000, 8000])
if CommandLine.arguments.dropFirst().contains("batches") {
    let data = try! JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
    exit(0)
}
let adam = session("sin-cubic", RunOptions(optimizer: .adam, learningRate: 1e-3, steps: long, initialValues: cubicStart, rewindMemory: 0))
result["sin-cubic adam"] = microseconds(iterations: 5000, warmup: 500) { adam.trainStep() }
let net = session("two-layer-net", RunOptions(optimizer: .adam, learningRate: 1e-4, steps: long, rewindMemory: 0))
result["two-layer-net adam"] = microseconds(iterations: 50, warmup: 10) { net.trainStep() }

let framed = session("sin-cubic", RunOptions(steps: long, initialValues: cubicStart))
for _ in 0..<10_000 { framed.trainStep() }
var framedLab = LabModel(solo: framed)
var frame = Frame(width: 0, height: 0)
result["frame 160x48"] = microseconds(iterations: 200, warmup: 20) {
    frame = framedLab.frame(width: 160, height: 48, options: .standard)
}
precondition(frame.width == 160)
let landscaped = session("sin-cubic", RunOptions(steps: long, initialValues: cubicStart))
for _ in 0..<10_000 { landscaped.trainStep() }
var landscapeLab = LabModel(solo: landscaped, view: .landscape)
result["landscape frame 160x48"] = microseconds(iterations: 200, warmup: 20) {
    landscaped.trainStep()
    frame = landscapeLab.frame(width: 160, height: 48, options: .standard)
}

for (name, view) in [("optimizer", LabView.optimizer), ("graph", LabView.graph)] {
    let viewed = session("sin-cubic", RunOptions(steps: long, initialValues: cubicStart))
    for _ in 0..<1000 { viewed.trainStep() }
    var viewLab = LabModel(solo: viewed, view: view)
    result["\(name) frame 160x48"] = microseconds(iterations: 200, warmup: 20) {
        viewed.trainStep()
        frame = viewLab.frame(width: 160, height: 48, options: .standard)
    }
}

/// The first frame of two-layer-net's landscape view, which evaluates its first grid at once.
func firstNetLandscapeFrame() -> Double {
    let net = session("two-layer-net", RunOptions(steps: long, rewindMemory: 0))
    net.trainStep()
    var lab = LabModel(solo: net, view: .landscape)
    let start = clock.now
    _ = lab.frame(width: 160, height: 48, options: .standard)
    return seconds(start.duration(to: clock.now)) * 1e3
}
result["two-layer-net first landscape frame ms"] = median((0..<3).map { _ in firstNetLandscapeFrame() })

/// The lab's loop without a terminal: at top speed each 1/30 s frame trains until 30 ms are used,
/// then renders `view`; compared with headless training for the same wall time. The first frame
/// (which opens the view: the landscape evaluates its first grid at once) is drawn before timing.
func labRate(_ name: String, _ options: RunOptions, view: LabView, duration: Double,
             modify: ((inout Scene) -> Void)? = nil) -> (lab: Double, headless: Double) {
    let trained = session(name, options, modify: modify)
    var lab = LabModel(solo: trained, view: view)
    while lab.stepsPerSecond.isFinite { lab.apply(.faster) }
    _ = lab.frame(width: 160, height: 48, options: .standard)
    let start = clock.now, firstStep = trained.step
    let budget = Duration.milliseconds(30)
    while seconds(start.duration(to: clock.now)) < duration {
        let tickStart = clock.now
        lab.update(.tick(elapsed: 1.0 / 30, hasTime: { clock.now - tickStart < budget }))
        _ = lab.frame(width: 160, height: 48, options: .standard).text
    }
    let labRate = Double(trained.step - firstStep) / seconds(start.duration(to: clock.now))
    var quiet = options
    quiet.rewindMemory = 0
    let headless = session(name, quiet, modify: modify)
    let headlessStart = clock.now
    while seconds(headlessStart.duration(to: clock.now)) < duration { headless.trainStep() }
    return (labRate, Double(headless.step) / seconds(headlessStart.duration(to: clock.now)))
}

/// Median lab and headless rates over three runs.
func labRates(_ name: String, _ options: RunOptions, view: LabView, duration: Double,
              modify: ((inout Scene) -> Void)? = nil) -> (lab: Double, headless: Double) {
    var labs: [Double] = [], headlesses: [Double] = []
    for _ in 0..<3 {
        let (lab, headless) = labRate(name, options, view: view, duration: duration, modify: modify)
        labs.append(lab)
        headlesses.append(headless)
    }
    return (median(labs), median(headlesses))
}
let fitRates = labRates("sin-cubic", RunOptions(steps: long, initialValues: cubicStart), view: .fit, duration: 1.0)
result["lab steps/s at top speed"] = fitRates.lab
result["headless steps/s"] = fitRates.headless
let heldOutRates = labRates("sin-cubic", RunOptions(steps: long, initialValues: cubicStart), view: .fit, duration: 1.0) {
    $0.data?.testFraction = 0.25
}
result["lab with held-out data"] = ["lab steps/s": heldOutRates.lab, "headless steps/s": heldOutRates.headless]
/// Classification (moons): a training step as headless runs it; a decision-map frame at 160×48
/// after each step (so every frame evaluates the map anew); the lab at top speed in that view.
func classificationBench() -> [String: Any] {
    var out: [String: Any] = [:]
    let moons = session("moons", RunOptions(optimizer: .adam, steps: long, rewindMemory: 0))
    moons.recording = []
    out["moons adam"] = microseconds(iterations: 500, warmup: 50) { moons.trainStep() }
    let mapped = session("moons", RunOptions(steps: long))
    var mapLab = LabModel(solo: mapped)
    var mapFrame = Frame(width: 0, height: 0)
    out["decision map frame 160x48"] = microseconds(iterations: 100, warmup: 10) {
        mapped.trainStep()
        mapFrame = mapLab.frame(width: 160, height: 48, options: .standard)
    }
    precondition(mapFrame.width == 160)
    let rates = labRates("moons", RunOptions(steps: long), view: .fit, duration: 1.0)
    out["lab in the decision map"] = ["lab steps/s": rates.lab, "headless steps/s": rates.headless]
    return out
}
if CommandLine.arguments.dropFirst().contains("classify") {
    let data = try! JSONSerialization.data(withJSONObject: classificationBench(), options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
    exit(0)
}
result.merge(classificationBench()) { $1 }
var landscapeRates: [String: [String: Double]] = [:]
for (name, options) in [("sin-cubic", RunOptions(steps: long, initialValues: cubicStart)), ("two-layer-net", RunOptions(steps: long))] {
    let rates = labRates(name, options, view: .landscape, duration: 2.0)
    landscapeRates[name] = ["lab steps/s": rates.lab, "headless steps/s": rates.headless]
}
result["landscape view at top speed"] = landscapeRates

let memory = session("sin-cubic", RunOptions(steps: long, initialValues: cubicStart, rewindMemory: 0))
for _ in 0..<10_000 { memory.trainStep() }
let after10k = residentKilobytes("VmRSS:")
for _ in 10_000..<100_000 { memory.trainStep() }
result["rss kB after 10k steps"] = after10k
result["rss kB after 100k steps"] = residentKilobytes("VmRSS:")
result["peak rss kB"] = residentKilobytes("VmHWM:")

var growth: [[String: Double]] = []
for points in [2_000, 20_000, 200_000, 2_000_000] {
    let big = session("sin-cubic", RunOptions(optimizer: .sgd, learningRate: 1e-6 * 2000 / Double(points), steps: long,
                                              initialValues: cubicStart), points: points)
    let iterations = max(3, 2_000_000 / points)
    let step = microseconds(iterations: iterations, warmup: 2) { big.trainStep() }
    var bigLab = LabModel(solo: big)
    let frameTime = microseconds(iterations: 10, warmup: 2) {
        _ = bigLab.frame(width: 160, height: 48, options: .standard)
    }
    growth.append(["points": Double(points), "step us": step, "ns per point": step * 1000 / Double(points), "frame us": frameTime])
}
result["growth"] = growth

/// Rewind in a lab session (rewind on, the default 64 MB): milliseconds to go back to targets spread
/// over the last `window` steps, newest first (each rewind restores a checkpoint and replays).
func rewindTimes(_ lab: Session, window: Int, samples: Int) -> [String: Double] {
    let end = lab.step
    let spacing = max(1, window / samples)
    var times: [Double] = []
    var reached = true
    var target = end - 1
    while target >= end - window {
        let start = clock.now
        reached = lab.rewind(to: target) && reached
        times.append(seconds(start.duration(to: clock.now)) * 1000)
        target -= spacing
    }
    return ["steps": Double(end), "window": Double(window), "median ms": median(times), "max ms": times.max() ?? .nan,
            "reach steps": Double(end - lab.oldestReachableStep), "all reached": reached ? 1 : 0,
            "checkpoint MB": Double(lab.rewindMemory.used) / 1_048_576]
}

let rewindNet = session("two-layer-net", RunOptions(optimizer: .adam, learningRate: 1e-4, steps: long))
while rewindNet.step < 2_000 { rewindNet.trainStep() }
result["rewind two-layer-net"] = rewindTimes(rewindNet, window: 1_000, samples: 97)

let rewindLab = session("sin-cubic", RunOptions(steps: long, initialValues: cubicStart))
while rewindLab.step < 100_000 { rewindLab.trainStep() }
let rewindRSS100k = residentKilobytes("VmRSS:")
while rewindLab.step < 1_000_000 { rewindLab.trainStep() }
var rewindCubic = rewindTimes(rewindLab, window: 10_000, samples: 97)
rewindCubic["rss kB after 100k steps"] = Double(rewindRSS100k)
rewindCubic["rss kB after 1M steps"] = Double(residentKilobytes("VmRSS:"))
result["rewind sin-cubic"] = rewindCubic

let data = try! JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: data, as: UTF8.self))
