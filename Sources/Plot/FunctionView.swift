/// The window on a function of one variable that gradient descent walks down (the parabola
/// scene): one view, fixed for the whole run, that shows the start, the minimum and both branches
/// around it from the first frame.
///
/// The x range is centred on the minimum with a half-width of 1.25 × the distance from the start,
/// and at least half of max(1, |minimum|) for a start at or near the minimum, so both branches show
/// and the start sits well inside. When a step lands outside (an overshooting or diverging run) the half-width
/// doubles until every visited point is inside again: the view changes rarely and only widens.
/// The rule depends only on the start, the minimum and the points visited, so a live run and a
/// snapshot of the same state frame the function alike.
public enum FunctionView {
    /// The half-width around `center` before any widening.
    public static func baseHalfWidth(start: Double, center: Double) -> Double {
        max(1.25 * abs(start - center), 0.5 * max(1, abs(center)))
    }

    /// The smallest `base × 2^k` (k ≥ 0) that keeps every finite point of `visited` inside
    /// `center ± halfWidth`, with a margin of a twentieth of the half-width.
    public static func halfWidth(base: Double, center: Double, visited: [Double]) -> Double {
        var half = base
        let farthest = visited.lazy.filter(\.isFinite).map { abs($0 - center) }.max() ?? 0
        while half.isFinite, farthest > half * 0.95 { half *= 2 }
        return half.isFinite ? half : .greatestFiniteMagnitude / 4
    }

    /// Where `f` has its minimum, searched downhill from `start` (bracketing by growing steps,
    /// then golden-section search to about 1e-10 relative); nil when `f` keeps falling (no
    /// minimum within 1e15 of the start) or is not finite where the search goes.
    public static func minimum(of f: (Double) -> Double, near start: Double) -> Double? {
        guard start.isFinite else { return nil }
        let golden = 1.618_033_988_749_895
        let fStart = f(start)
        guard fStart.isFinite else { return nil }
        let h = 0.1 * max(1, abs(start))
        var low = start - h, high = start + h
        let fForward = f(high), fBack = f(low)
        if fForward < fStart || fBack < fStart {
            // Walk downhill with growing steps until f rises again: a, b, c then bracket a minimum.
            var a = start, b = fForward < fStart ? high : low
            var fb = fForward < fStart ? fForward : fBack
            var c = b + golden * (b - a), fc = f(c)
            var expansions = 0
            while fc < fb {
                a = b
                b = c
                fb = fc
                c = b + golden * (b - a)
                fc = f(c)
                expansions += 1
                if expansions > 80 || abs(c - start) > 1e15 { return nil }
            }
            low = min(a, c)
            high = max(a, c)
        }
        let ratio = 2 - golden
        var x1 = high - (1 - ratio) * (high - low), x2 = low + (1 - ratio) * (high - low)
        var f1 = f(x1), f2 = f(x2)
        for _ in 0..<200 where high - low > 1e-10 * max(1, abs(low) + abs(high)) {
            if f1 < f2 || f2.isNaN {
                high = x2
                x2 = x1; f2 = f1
                x1 = high - (1 - ratio) * (high - low)
                f1 = f(x1)
            } else {
                low = x1
                x1 = x2; f1 = f2
                x2 = low + (1 - ratio) * (high - low)
                f2 = f(x2)
            }
        }
        let best = f1 < f2 ? x1 : x2
        return best.isFinite ? best : nil
    }
}
