import TemplateSyntax
import Testing

/// The fast paths under parsing and printing, held to the slow answers.
@Suite struct FastPathTests {
    enum Kind: SyntaxTokenKind {
        case word
        var isTrivia: Bool { false }
    }

    func tree(_ tokens: [(Int, Int)]) -> PostorderTree<Kind, Int> {
        PostorderTree(
            tokens: tokens.map { SyntaxToken(.word, $0.0, $0.1) },
            nodes: [PostorderNode(kind: 0, firstTokenIndex: 0, endTokenIndex: UInt32(tokens.count), subtreeStartIndex: 0)])
    }

    /// Tokens that tile the source print as one run; a gap, an overlap, a
    /// token past the end, or tokens stopping short print otherwise, so the
    /// round-trip law catches them.
    @Test func printedRunsTileOrShowTheFault() {
        let source = SourceText("abcdefgh")
        #expect(tree([(0, 3), (3, 3), (3, 8), (8, 8)]).printedRuns(source) == [0..<8])
        #expect(tree([(0, 3), (4, 8)]).printed(source) == Array("abcefgh".utf8))
        #expect(tree([(0, 4), (2, 8)]).printed(source) != source.bytes)
        #expect(tree([(0, 3), (3, 6)]).printedRuns(source) == [0..<6])  // bytes after the last token are not printed
        #expect(tree([(0, 3), (3, 9)]).printed(source) == source.bytes)  // clamped to the source
        #expect(tree([]).printedRuns(SourceText("")) == [])
        #expect(tree([(0, 0)]).printedRuns(SourceText("")) == [])
    }

    /// Offsets are 32-bit: the largest a source under 4 GiB can hold come back unchanged.
    @Test func tokenOffsetsNearTheLimit() {
        let top = Int(UInt32.max)
        let token = SyntaxToken(Kind.word, top - 1, top)
        #expect(token.start == top - 1 && token.end == top && token.range == (top - 1)..<top)
    }

    @Test func commonPrefixAndSuffixAcrossBlocks() {
        let base = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        for at in [0, 1, 4095, 4096, 4097, 8191, 12_288, 19_999] {
            var changed = base
            changed[at] &+= 1
            #expect(ByteComparison.commonPrefix(base, changed) == at)
            #expect(ByteComparison.commonSuffix(base, changed, limit: base.count) == base.count - at - 1)
            // Inserted bytes: the suffix is measured from each end.
            let inserted = Array(base[..<at]) + [0, 0, 0] + Array(base[at...])
            #expect(ByteComparison.commonSuffix(base, inserted, limit: base.count) == base.count - at)
        }
        #expect(ByteComparison.commonPrefix(base, base) == base.count)
        #expect(ByteComparison.commonSuffix(base, base, limit: 10) == 10)
        #expect(ByteComparison.commonPrefix([], base) == 0)
        #expect(ByteComparison.commonSuffix(base, [], limit: 5) == 0)
    }

    /// The eight-bytes-a-step ASCII path finds a bad byte or a NUL at any alignment.
    @Test func validationFindsEveryOffset() {
        let ascii = Array(repeating: UInt8(ascii: "a"), count: 100)
        #expect(UTF8Validation.firstInvalid(ascii) == nil)
        #expect(UTF8Validation.firstNUL(ascii) == nil)
        #expect(UTF8Validation.firstInvalid([]) == nil)
        #expect(UTF8Validation.firstNUL([]) == nil)
        for at in 0..<20 {
            var bad = ascii
            bad[at] = 0xFF
            #expect(UTF8Validation.firstInvalid(bad) == at)
            var nul = ascii
            nul[at + 50] = 0
            #expect(UTF8Validation.firstNUL(nul) == at + 50)
            // A valid two-byte sequence, then ASCII, then a lone continuation byte.
            var mixed = ascii
            mixed[at] = 0xC3
            mixed[at + 1] = 0xA9
            #expect(UTF8Validation.firstInvalid(mixed) == nil)
            mixed[at + 30] = 0x80
            #expect(UTF8Validation.firstInvalid(mixed) == at + 30)
        }
        // A sequence cut off by the end.
        #expect(UTF8Validation.firstInvalid(ascii + [0xE2, 0x82]) == 100)
    }
}
