import Foundation
import TestSupport
import Testing

/// Every shipped scene's headless log (every optimizer, races) and its --snapshot frames, byte for byte as recorded
/// from 4f6ae32 (`HeadlessGoldens/record.sh`): engine and lab changes must not move a single bit, on
/// the CPU's own kernels (AVX-512 here), the AVX2+FMA ones (`TINYLAB_KERNELS=avx2`) and the portable ones
/// (`TINYLAB_KERNELS=portable`).
@Suite("headless goldens")
struct HeadlessGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var arguments: [String]
        var testDescription: String { "tinylab " + arguments.joined(separator: " ") }
    }

    static let folder = Tinylab.packageRoot.appendingPathComponent("Tests/EndToEndTests/HeadlessGoldens")

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("commands.txt"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { line in
            let words = line.split(separator: " ").map(String.init)
            return Case(file: words[0], arguments: Array(words.dropFirst()))
        }
    }()

    @Test("the manifest lists every shipped scene") func manifest() {
        #expect(Self.cases.count >= 50)
        for name in SceneFiles.names {
            #expect(Self.cases.contains { $0.arguments.prefix(2) == ["race", name] }, "no race golden of \(name)")
        }
    }

    @Test("log matches its golden byte for byte", .tags(.long), .skippedWhenQuick, arguments: cases, ["native", "avx2", "portable"])
    func matches(_ golden: Case, kernels: String) throws {
        let result = Tinylab.run(golden.arguments, environment: ["TINYLAB_KERNELS": kernels == "native" ? nil : kernels],
                                 timeout: .seconds(300))
        let expected = try Self.gunzip(Self.folder.appendingPathComponent(golden.file + ".gz"))
        #expect(result.stdoutData.count == expected.count, "\(golden.testDescription): \(result.stdoutData.count) bytes, golden \(expected.count)")
        if result.stdoutData != expected {
            let got = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
            Issue.record("""
                \(golden.testDescription) (\(kernels) kernels) differs from \(golden.file) first at line \(first + 1):
                  got:    \(first < got.count ? got[first].prefix(300) : "(end)")
                  golden: \(first < want.count ? want[first].prefix(300) : "(end)")
                """)
        }
    }

    static func gunzip(_ file: URL) throws -> Data {
        let result = ProcessRunner.run(URL(fileURLWithPath: "/bin/gzip"), ["-dc", file.path],
                                       environment: ProcessInfo.processInfo.environment, timeout: .seconds(60))
        guard result.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return result.stdoutData
    }
}
