/// The contour levels of a loss surface: log-spaced heights above its lowest value,
/// `lowest + 10^(k/2)` for whole k, from the largest such height within the surface down through
/// `decades` decades. Heights above the minimum (rather than of the loss itself) keep the picture
/// informative when the minimum is far from zero (sin-cubic's L* ≈ 8.8 under losses of 1e5): a
/// quadratic bowl always shows as nested ellipses, each about √(√10) ≈ 1.78 times wider than the
/// one inside it.
public struct ContourLevels: Equatable, Sendable {
    /// The lowest value of the surface; every level lies above it.
    public let base: Double
    /// k of the lowest and the highest level.
    public let lowestIndex: Int
    public let highestIndex: Int

    public static let perDecade = 2
    public static let decades = 4

    /// Nil when `values` hold no two different finite values.
    public init?(values: [[Double]]) {
        var low = Double.infinity, high = -Double.infinity
        for row in values {
            for v in row where v.isFinite {
                low = min(low, v)
                high = max(high, v)
            }
        }
        let span = high - low
        guard low.isFinite, high.isFinite, span > 0, span.isFinite else { return nil }
        let perDecade = Double(Self.perDecade)
        base = low
        highestIndex = Int((Math.decimalLog(span) * perDecade).rounded(.down))
        lowestIndex = highestIndex - Self.decades * Self.perDecade + 1
    }

    /// The loss at each level, lowest first.
    public var levels: [Double] {
        (lowestIndex...highestIndex).map { base + height(of: $0) }
    }

    /// 10^(k/2): the height of level k above `base`.
    public func height(of index: Int) -> Double {
        let decade = index >= 0 ? index / 2 : -((1 - index) / 2)
        return index - 2 * decade == 0 ? Math.powerOfTen(decade) : Math.powerOfTen(decade) * 10.0.squareRoot()
    }

    /// A continuous level coordinate of `value`: k where it equals level k, so that the levels
    /// between two values are the whole numbers between their coordinates. Clamped to
    /// [lowestIndex − 1, highestIndex + 1]; values at or below `base` (and NaN) map to the bottom,
    /// +∞ to the top.
    public func coordinate(of value: Double) -> Double {
        let bottom = Double(lowestIndex - 1), top = Double(highestIndex + 1)
        let height = value - base
        guard height > 0 else { return height.isNaN || height <= 0 ? bottom : top }
        return min(max(Math.decimalLog(height) * Double(Self.perDecade), bottom), top)
    }
}

/// Contour lines on the dot grid: the surface's level coordinate (`ContourLevels.coordinate`) is
/// interpolated bilinearly from the grid to every dot, and a dot is on a contour where a level
/// lies between its coordinate and that of the dot to its right or below it. Lines are one dot
/// wide and never break, whatever the grid's resolution.
enum Contours {
    /// Calls `mark(dotX, dotY, level)` for every contour dot (dots counted from the top left; the
    /// grid's first row is the bottom of the canvas). `values[j][i]` lies at grid column i, row j,
    /// spread evenly over `width` × `height` dots.
    static func trace(values: [[Double]], levels: ContourLevels, width: Int, height: Int,
                      mark: (Int, Int, Int) -> Void) {
        let rows = values.count, columns = values.first?.count ?? 0
        guard rows >= 2, columns >= 2, width >= 2, height >= 2, values.allSatisfy({ $0.count == columns }) else { return }
        let nodes = values.map { $0.map(levels.coordinate(of:)) }
        // Interpolate along x once per grid row, then along y per dot row.
        let xs = (0..<width).map { Double($0) * Double(columns - 1) / Double(width - 1) }
        let alongX = nodes.map { row in
            xs.map { gx -> Double in
                let i = min(Int(gx), columns - 2), f = gx - Double(i)
                return row[i] + (row[i + 1] - row[i]) * f
            }
        }
        /// The highest level between two dots' bands (the level a band's lower edge is), or Int.min.
        func level(between p: Int, _ q: Int) -> Int {
            let level = min(max(p, q), levels.highestIndex)
            return level > min(p, q) && level >= levels.lowestIndex ? level : Int.min
        }
        var below = [Int](repeating: 0, count: width), current = below
        for dotY in stride(from: height - 1, through: 0, by: -1) {
            let gy = Double(height - 1 - dotY) * Double(rows - 1) / Double(height - 1)
            let j = min(Int(gy), rows - 2), f = gy - Double(j)
            let lower = alongX[j], upper = alongX[j + 1]
            for x in 0..<width {
                current[x] = Int((lower[x] + (upper[x] - lower[x]) * f).rounded(.down))
            }
            for x in 0..<width {
                let band = current[x]
                var crossed = Int.min
                if x + 1 < width { crossed = max(crossed, level(between: band, current[x + 1])) }
                if dotY < height - 1 { crossed = max(crossed, level(between: band, below[x])) }
                if crossed != Int.min { mark(x, dotY, crossed) }
            }
            swap(&below, &current)
        }

    }
}
