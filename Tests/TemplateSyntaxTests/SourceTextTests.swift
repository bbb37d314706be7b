import Testing
import TemplateSyntax

@Suite struct SourceTextTests {
    @Test func linesAndColumns() {
        let text = SourceText("ab\r\ncd\n\u{e9}x\n", path: "f")
        #expect(text.lineStarts == [0, 4, 7, 11])
        #expect(text.lineCount == 3)
        #expect(text.location(of: 0) == SourceLocation(offset: 0, line: 1, column: 1))
        #expect(text.location(of: 5).description == "2:2")
        // "é" is two bytes but one column.
        #expect(text.location(of: 9).description == "3:2")
        #expect(text.lineContentRange(0) == 0..<2)
        #expect(text.lineFullRange(0) == 0..<4)
        #expect(text.location(of: 99).offset == text.count)
    }

    @Test func byteOrderMarkIsNotAColumn() {
        let text = SourceText(bytes: [0xEF, 0xBB, 0xBF] + Array("{x".utf8))
        #expect(text.hasByteOrderMark)
        #expect(text.location(of: 4).description == "1:2")
    }

    @Test func noFinalNewline() {
        let text = SourceText("a\nb")
        #expect(text.lineCount == 2)
        #expect(text.lineContentRange(1) == 2..<3)
    }
}

@Suite struct TextEditTests {
    @Test func splicesInAnyOrder() throws {
        let text = SourceText("hello world")
        let edited = try text.applying([
            TextEdit(range: 6..<11, replacement: "there"),
            TextEdit(range: 0..<5, replacement: "HELLO"),
        ])
        #expect(edited.string == "HELLO there")
    }

    @Test func exactRepeatsCountOnce() throws {
        let text = SourceText("abc")
        let edit = TextEdit(range: 1..<2, replacement: "X")
        #expect(try text.applying([edit, edit]).string == "aXc")
    }

    @Test func overlapIsAnError() {
        let text = SourceText("abcdef")
        #expect(throws: TemplateError.self) {
            try text.applying([TextEdit(range: 0..<3, replacement: "x"), TextEdit(range: 2..<4, replacement: "y")])
        }
        #expect(throws: TemplateError.self) {
            try text.applying([TextEdit(range: 2..<2, replacement: "x"), TextEdit(range: 2..<2, replacement: "y")])
        }
    }

    @Test func outOfRangeIsAnError() {
        #expect(throws: TemplateError.self) {
            try SourceText("ab").applying([TextEdit(range: 1..<5, replacement: "x")])
        }
    }
}

@Suite struct DiagnosticTests {
    @Test func rendersFileLineColumnExcerptAndCaret() {
        let text = SourceText("{\n\t\"a\": tru\n}\n", path: "t.json")
        let d = Diagnostic(.error, "invalid literal", at: 8, in: text)
        #expect(d.description == "t.json:2:7: error: invalid literal\n 2 | \t\"a\": tru\n   | \t     ^")
    }

    @Test func longLinesAreCutAroundTheColumn() {
        let line = String(repeating: "a", count: 500) + "X" + String(repeating: "b", count: 500)
        let text = SourceText(line, path: "min.json")
        let d = Diagnostic(.error, "bad", at: 500, in: text)
        let lines = d.description.split(separator: "\n")
        #expect(lines[0] == "min.json:1:501: error: bad")
        #expect(lines[1].count < 140)
        #expect(lines[1].contains("aX") && lines[1].hasPrefix(" 1 | ..."))
        let caretColumn = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let xColumn = lines[1].firstIndex(of: "X").map { lines[1].distance(from: lines[1].startIndex, to: $0) }
        #expect(caretColumn == xColumn)
    }

    @Test func notesFollowTheError() {
        let text = SourceText("a = 1\na = 2\n", path: "m.py")
        let error = TemplateError(.selection, "assigned twice", at: 6, notes: [.init("first assigned here", at: 0)])
        let d = Diagnostic(error, in: text)
        #expect(d.description.contains("m.py:2:1: error: assigned twice"))
        #expect(d.description.contains("m.py:1:1: note: first assigned here"))
    }
}

@Suite struct PrintedRunsTests {
    func runs(_ count: Int, _ tokens: [Range<Int>]) -> [Range<Int>] {
        var runs = PrintedRuns(count: count)
        for token in tokens { runs.addToken(token.lowerBound, token.upperBound) }
        return runs.finish()
    }

    @Test func tokensThatTileTheTextAreOneRun() {
        #expect(runs(10, [0..<2, 3..<5, 5..<9]) == [0..<10])
        #expect(runs(0, []) == [])
    }

    @Test func overlappingOrBackwardTokensPrintTheirBytesAgain() {
        let text = SourceText("abcdef")
        #expect(text.reassembled(fromTokens: [0..<3, 2..<4]) == Array("abccd".utf8) + Array("ef".utf8))
        #expect(text.reassembled(fromTokens: [3..<4, 0..<1]) == Array("abcdaef".utf8))
        #expect(runs(6, [0..<3, 2..<4]) == [0..<3, 2..<6])
    }

    @Test func bytesOutsideTheTextAreNotPrinted() {
        #expect(SourceText("abc").reassembled(fromTokens: [0..<2, 1..<9]) == Array("abbc".utf8))
    }
}

@Suite struct TokenShiftTests {
    func holds(_ edits: [TextEdit], _ old: [Range<Int>], _ new: [Range<Int>]) -> Bool {
        TokenShift.holds(count: old.count, edits: edits, old: { old[$0] }, new: { new[$0] })
    }

    @Test func tokensAfterAnEditMoveByItsSizeChange() {
        let edit = TextEdit(range: 2..<4, replacement: "xyz")
        #expect(holds([edit], [0..<1, 2..<4, 5..<6], [0..<1, 2..<5, 6..<7]))
        #expect(!holds([edit], [0..<1, 2..<4, 5..<6], [0..<1, 2..<5, 5..<6]))
        #expect(!holds([edit], [0..<1, 2..<4, 5..<6], [0..<1, 2..<6, 6..<7]))
        #expect(!holds([], [0..<1], [0..<2]))
    }

    @Test func anEditThatCutsIntoATokenFails() {
        #expect(!holds([TextEdit(range: 1..<3, replacement: "ab")], [0..<2, 2..<4], [0..<2, 2..<4]))
        #expect(!holds([TextEdit(range: 1..<1, replacement: "a")], [0..<2], [0..<3]))
    }

    @Test func anInsertionBeforeATokenShiftsIt() {
        #expect(holds([TextEdit(range: 2..<2, replacement: "ab")], [0..<2, 2..<3], [0..<2, 4..<5]))
    }
}

@Suite struct PostorderTreeProofTests {
    enum Kind: SyntaxTokenKind {
        case word, space
        var isTrivia: Bool { self == .space }
    }

    /// Words and spaces as tokens, under one root node.
    func tree(_ text: String) -> PostorderTree<Kind, Int> {
        var tokens: [SyntaxToken<Kind>] = []
        var start = 0
        let bytes = Array(text.utf8)
        while start < bytes.count {
            let isSpace = bytes[start] == 0x20
            var end = start
            while end < bytes.count && (bytes[end] == 0x20) == isSpace { end += 1 }
            tokens.append(SyntaxToken(isSpace ? .space : .word, start, end))
            start = end
        }
        return PostorderTree(tokens: tokens, nodes: [PostorderNode(kind: 0, firstTokenIndex: 0, endTokenIndex: UInt32(tokens.count), subtreeStartIndex: 0)])
    }

    @Test func printingIsTheTokensRuns() {
        let source = SourceText("ab cd  e")
        #expect(tree("ab cd  e").printedRuns(source) == [0..<8])
        #expect(tree("ab cd  e").printed(source) == source.bytes)
    }

    @Test func onlyTheEditedTokenMayMove() throws {
        let old = tree("ab cd e")
        let edit = TextEdit(range: 3..<5, replacement: "xyz")
        #expect(old.matchesOutsideEdits([edit], in: tree("ab xyz e")))
        // Another token changed too, or the edit split a word in two.
        #expect(!old.matchesOutsideEdits([edit], in: tree("ab xyz  e")))
        #expect(!old.matchesOutsideEdits([TextEdit(range: 3..<5, replacement: "x y")], in: tree("ab x y e")))
        // The word replaced by spaces: the spaces around it merge into one token.
        #expect(!old.matchesOutsideEdits([TextEdit(range: 3..<5, replacement: "  ")], in: tree("ab    e")))
    }
}
