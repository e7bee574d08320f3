import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Plot
import Testing

/// A frame as an SVG picture and as plain text, read back the way a viewer would read them.
struct FrameSVGTests {
    /// What an XML parser finds in the document: each `<text>`'s characters, each tspan's
    /// attributes with its text, and the background rectangles.
    final class Reading: NSObject, XMLParserDelegate {
        var rows: [String] = []
        var spans: [(attributes: [String: String], text: String)] = []
        var rects: [[String: String]] = []
        var root: [String: String] = [:]
        private var inText = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "svg": root = attributes
            case "text": inText = true; rows.append("")
            case "tspan": spans.append((attributes, ""))
            case "rect": rects.append(attributes)
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { inText = false }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard inText else { return }
            rows[rows.count - 1] += string
            if !spans.isEmpty { spans[spans.count - 1].text += string }
        }

        static func of(_ svg: String) throws -> Reading {
            let reading = Reading()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = reading
            guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
            return reading
        }
    }

    static func sample() -> Frame {
        var frame = Frame(width: 12, height: 3)
        frame.put("┌─ a<b & c>┐", x: 0, y: 0)
        frame.put("⠁⡇ loss", x: 0, y: 1, style: Style(color: .red, bold: true))
        frame.put("\"it's\"", x: 0, y: 2)
        frame.put("ok", x: 8, y: 2, style: Style(reverse: true))
        frame.put("b", x: 11, y: 2, style: Style(color: .green, background: .blue))
        return frame
    }

    @Test func theDocumentIsWellFormedWithOneTextPerRowHoldingTheRowsCharacters() throws {
        let frame = Self.sample()
        let reading = try Reading.of(FrameSVG.document(frame))
        #expect(reading.rows == (0..<frame.height).map(frame.line))
        #expect(reading.root["width"] == "100.8")
        #expect(reading.root["height"] == "51")
        #expect(reading.root["font-family"] == "DejaVu Sans Mono, Menlo, Consolas, monospace")
    }

    @Test func specialCharactersAreEscapedAndBrailleAndBoxCharactersKept() {
        let svg = FrameSVG.document(Self.sample())
        #expect(svg.contains("a&lt;b &amp; c&gt;"))
        #expect(svg.contains("&quot;it&apos;s&quot;"))
        #expect(svg.contains("┌─") && svg.contains("⠁⡇"))
        #expect(FrameSVG.escaped("<&>\"'") == "&lt;&amp;&gt;&quot;&apos;")
    }

    @Test func aRedBoldCellIsRedAndBoldAndEveryCharacterHasItsColumn() throws {
        let reading = try Reading.of(FrameSVG.document(Self.sample()))
        let loss = try #require(reading.spans.first { $0.text.contains("loss") })
        #expect(loss.attributes["fill"] == "#c0392b")
        #expect(loss.attributes["font-weight"] == "bold")
        #expect(loss.attributes["x"]?.split(separator: " ").prefix(3) == ["0", "8.4", "16.8"])
        let plain = try #require(reading.spans.first { $0.text.hasPrefix("┌") })
        #expect(plain.attributes["fill"] == "#1a1a1a")
        #expect(plain.attributes["font-weight"] == nil)
    }

    @Test func aReversedCellSwapsItsColoursAndBackgroundsAreMergedRuns() throws {
        let reading = try Reading.of(FrameSVG.document(Self.sample()))
        let reversed = try #require(reading.spans.first { $0.text == "ok" })
        #expect(reversed.attributes["fill"] == "#ffffff")
        let page = reading.rects[0]
        #expect(page["fill"] == "#ffffff")
        let dark = reading.rects.filter { $0["fill"] == "#1a1a1a" }
        #expect(dark.count == 1)
        #expect(dark.first?["x"] == "67.2" && dark.first?["width"] == "16.8" && dark.first?["y"] == "34")
        let blue = reading.rects.filter { $0["fill"] == "#1f5fa8" }
        #expect(blue.count == 1 && blue.first?["x"] == "92.4")
        #expect(reading.spans.first { $0.text == "b" }?.attributes["fill"] == "#1e8449")
    }

    @Test func dimCellsAreFaint() throws {
        var frame = Frame(width: 4, height: 1)
        frame.put("ab", x: 0, y: 0, style: Style(dim: true))
        let reading = try Reading.of(FrameSVG.document(frame))
        #expect(reading.spans.first?.attributes["fill-opacity"] == "0.55")
        #expect(reading.spans.last?.attributes["fill-opacity"] == nil)
    }

    @Test func plainTextIsTheRowsWithoutTrailingSpaces() {
        var frame = Frame(width: 6, height: 3)
        frame.put("ab", x: 0, y: 0)
        frame.put(" c d", x: 0, y: 2)
        #expect(FrameSVG.plainText(frame) == "ab\n\n c d\n")
    }
}
