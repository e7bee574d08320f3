import Testing
@testable import Terminal

/// Bytes as a terminal sends them, decoded as the lab's key reader decodes them.
@Suite("key decoder")
struct KeyDecoderTests {
    /// Feeds `bytes`, then, if `thenWait`, lets the sequence wait run out.
    static func keys(_ bytes: [UInt8], thenWait: Bool = true) -> [Key] {
        var decoder = KeyDecoder()
        var keys = bytes.flatMap { decoder.feed($0) }
        if thenWait, decoder.isWaiting, let key = decoder.timeout() { keys.append(key) }
        return keys
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("plain characters, Enter, Backspace, Tab and Ctrl-C")
    func plain() {
        #expect(Self.keys(Self.bytes("q s+")) == [.character("q"), .character(" "), .character("s"), .character("+")])
        #expect(Self.keys([13, 10, 127, 8, 9, 3]) == [.enter, .enter, .backspace, .backspace, .character("\t"), .interrupt])
    }

    @Test("arrows in both cursor modes (CSI and SS3), Home, End, PgUp, PgDn")
    func cursorKeys() {
        #expect(Self.keys(Self.bytes("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D")) == [.up, .down, .right, .left])
        #expect(Self.keys(Self.bytes("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD")) == [.up, .down, .right, .left])
        #expect(Self.keys(Self.bytes("\u{1B}[H\u{1B}OH\u{1B}[1~\u{1B}[7~")) == [.home, .home, .home, .home])
        #expect(Self.keys(Self.bytes("\u{1B}[F\u{1B}OF\u{1B}[4~\u{1B}[8~")) == [.end, .end, .end, .end])
        #expect(Self.keys(Self.bytes("\u{1B}[5~\u{1B}[6~")) == [.pageUp, .pageDown])
    }

    @Test("an arrow whose bytes arrive apart is one arrow: nothing is emitted before the sequence ends")
    func splitArrow() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(0x1B).isEmpty)
        #expect(decoder.isWaiting, "after ESC the reader must wait for the rest")
        #expect(decoder.feed(UInt8(ascii: "[")).isEmpty)
        #expect(decoder.isWaiting)
        #expect(decoder.feed(UInt8(ascii: "C")) == [.right])
        #expect(!decoder.isWaiting)
    }

    @Test("Esc alone is known only when nothing follows it")
    func loneEscape() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(0x1B).isEmpty)
        #expect(decoder.timeout() == .escape)
        #expect(!decoder.isWaiting)
        #expect(Self.keys([0x1B, 0x1B], thenWait: true) == [.escape, .escape])
    }

    @Test("Alt held with a key, modified arrows, F-keys and unknown sequences are dropped whole")
    func ignoredSequences() {
        #expect(Self.keys(Self.bytes("\u{1B}s\u{1B}x\u{1B}q")) == [], "Alt+s, Alt+x, Alt+q")
        #expect(Self.keys(Self.bytes("\u{1B}é")) == [], "Alt+é, a two-byte character")
        #expect(Self.keys(Self.bytes("\u{1B}[1;3C\u{1B}[1;5A\u{1B}[2;2D")) == [], "Alt/Ctrl/Shift arrows")
        #expect(Self.keys(Self.bytes("\u{1B}OP\u{1B}[15~\u{1B}[24~\u{1B}[I\u{1B}[O\u{1B}[200~")) == [], "F-keys, focus, paste")
        #expect(Self.keys(Self.bytes("\u{1B}[1;3Cq")) == [.character("q")], "the key after an ignored sequence still counts")
    }

    @Test("an unfinished sequence that times out is dropped, not typed")
    func unfinishedSequence() {
        #expect(Self.keys(Self.bytes("\u{1B}[")) == [])
        #expect(Self.keys(Self.bytes("\u{1B}[12;")) == [])
        #expect(Self.keys(Self.bytes("\u{1B}O")) == [])
    }

    @Test("UTF-8 characters are assembled from their bytes; stray bytes are dropped")
    func utf8() {
        #expect(Self.keys(Self.bytes("é→")) == [.character("é"), .character("→")])
        #expect(Self.keys([0x80, 0xFF, UInt8(ascii: "a")]) == [.character("a")])
        #expect(Self.keys([0xC3, UInt8(ascii: "b")]) == [.character("b")], "a broken character does not eat the next key")
    }

    @Test("an overlong junk sequence ends and does not swallow later keys")
    func overlong() {
        let junk = Self.bytes("\u{1B}[") + [UInt8](repeating: UInt8(ascii: "1"), count: 100)
        #expect(Self.keys(junk + Self.bytes("Aq")) == [.character("q")])
    }
}
