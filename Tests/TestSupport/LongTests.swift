import Foundation
import Testing

extension Tag {
    /// A test that takes seconds rather than milliseconds: over about 1.5 s in a serial debug run,
    /// 100,000 steps or more, a fuzz session, or a release-binary run given minutes to finish.
    ///
    /// Swift 6.3's `swift test --filter` and `--skip` match test names only (filtering by
    /// `tag:long` comes in a later Swift Testing), so a long test also carries `.skippedWhenQuick`.
    @Tag public static var long: Self
}

extension Trait where Self == ConditionTrait {
    /// Skips the test when `TINYLAB_QUICK` is set (to anything but `0`): the fast inner loop,
    /// `TINYLAB_QUICK=1 swift test --skip EndToEndTests`. A plain `swift test` runs it.
    public static var skippedWhenQuick: Self {
        .disabled(if: QuickRun.isOn, "a long test, skipped because TINYLAB_QUICK is set")
    }
}

/// Whether this run is a developer's quick one (`TINYLAB_QUICK=1`).
public enum QuickRun {
    public static var isOn: Bool {
        guard let value = ProcessInfo.processInfo.environment["TINYLAB_QUICK"] else { return false }
        return !value.isEmpty && value != "0"
    }
}
