import ArgumentParser
import Grad
import Lab
import LabApp
import Terminal

extension OptimizerKind: ExpressibleByArgument {}

/// `--ascii` / `--unicode`: the lab's glyph set, overriding the locale and TERM.
enum GlyphFlag: String, EnumerableFlag {
    case ascii, unicode

    var choice: GlyphChoice {
        switch self {
        case .ascii: .ascii
        case .unicode: .unicode
        }
    }
}

extension LabView: ExpressibleByArgument {}

extension GeneratorKind: ExpressibleByArgument {}

/// How headless runs print their log.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    case text, jsonl, csv
}

/// `--snapshot-format`: the snapshot as the lab's plain text, or as an SVG picture in colour.
enum SnapshotFormat: String, CaseIterable, ExpressibleByArgument {
    case text, svg
}

/// `--init a=0.1,b=-2`: starting values of named scalar parameters. A name given twice
/// (`x=1,x=2`) is a command-line error (see `LabOptions.validate`, shared by `scene` and
/// `race`), not "the last one wins".
struct InitialValues: ExpressibleByArgument {
    var values: [String: Double] = [:]
    /// The first name that appears more than once, if any.
    var repeated: String?

    init?(argument: String) {
        for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty,
                  let value = Double(parts[1].trimmingCharacters(in: .whitespaces)), value.isFinite
            else { return nil }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            if values[name] != nil, repeated == nil { repeated = name }
            values[name] = value
        }
    }

    static var defaultValueDescription: String { "name=value,..." }
}

/// `--snapshot COLSxROWS`.
struct SnapshotSize: ExpressibleByArgument {
    var columns: Int
    var rows: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let columns = Int(parts[0]), let rows = Int(parts[1]),
              (1...1000).contains(columns), (1...1000).contains(rows) else { return nil }
        self.columns = columns
        self.rows = rows
    }
}

import Foundation
