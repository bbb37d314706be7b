import PythonSyntax
import TemplateSyntax
import Testing

/// The kinds and texts of a source's tokens, leaving out the end marker.
func tokens(_ text: String) throws -> [(PythonToken.Kind, String)] {
    let source = SourceText(text)
    let document = try PythonDocument(parsing: source)
    #expect(document.printed() == source.bytes)
    return document.tokens.dropLast().map { ($0.kind, source.text($0.range)) }
}

func render(_ list: [(PythonToken.Kind, String)]) -> String {
    list.map { "\($0.0):\($0.1.debugDescription)" }.joined(separator: " ")
}

@Suite struct PythonLexerTests {
    @Test func namesNumbersAndOperators() throws {
        let list = try tokens("café = 0x_1F + 1_000.5e-3j ** .5 // 0o17 >> 0b1\nx @= y->z; a := ...\n")
        #expect(list.map(\.1) == [
            "café", "=", "0x_1F", "+", "1_000.5e-3j", "**", ".5", "//", "0o17", ">>", "0b1", "\n",
            "x", "@=", "y", "->", "z", ";", "a", ":=", "...", "\n",
        ])
        #expect(list[0].0 == .name && list[2].0 == .number && list[4].0 == .number && list[1].0 == .op)
    }

    @Test(arguments: ["", "r", "u", "R", "U", "b", "B", "br", "Br", "rb", "bR", "RB"])
    func everyStringPrefixAndQuote(_ prefix: String) throws {
        for quote in ["'", "\"", "'''", "\"\"\""] {
            let literal = prefix + quote + "a\\" + quote.prefix(1) + "b" + quote
            let list = try tokens("x = \(literal)\n")
            #expect(list.count == 4, "\(literal): \(render(list))")
            #expect(list[2].0 == .string && list[2].1 == literal, "\(render(list))")
        }
    }

    @Test func invalidPrefixesAreNames() throws {
        // Python 2's `ur` is a name followed by a string in Python 3.
        let list = try tokens("x = ur'a'\n")
        #expect(list[2].0 == .name && list[2].1 == "ur" && list[3].0 == .string)
    }

    @Test(arguments: ["f", "F", "rf", "fR", "Rf", "FR", "t", "T", "tr", "Rt"])
    func everyFormattedPrefix(_ prefix: String) throws {
        let template = prefix.lowercased().contains("t")
        for quote in ["'", "\"", "'''", "\"\"\""] {
            let list = try tokens("x = \(prefix)\(quote)a{b}c\(quote)\n")
            let start: PythonToken.Kind = template ? .tstringStart : .fstringStart
            let middle: PythonToken.Kind = template ? .tstringMiddle : .fstringMiddle
            let end: PythonToken.Kind = template ? .tstringEnd : .fstringEnd
            #expect(list.map(\.0) == [.name, .op, start, middle, .op, .name, .op, middle, end, .newline], "\(render(list))")
            #expect(list[2].1 == prefix + quote)
        }
    }

    @Test func pep701SameQuoteInsideAReplacementField() throws {
        let list = try tokens(#"x = f"{x["a"]}""# + "\n")
        #expect(list.map(\.1) == ["x", "=", "f\"", "{", "x", "[", "\"a\"", "]", "}", "\"", "\n"])
        #expect(list[6].0 == .string && list[9].0 == .fstringEnd)
    }

    @Test func pep701TripleQuotedStringWithALineBreakInsideAField() throws {
        let list = try tokens("x = f\"{'''\n'''}\"\n")
        #expect(list.map(\.1) == ["x", "=", "f\"", "{", "'''\n'''", "}", "\"", "\n"])
    }

    @Test func nestedFormatSpecs() throws {
        let list = try tokens(#"x = f"{x:{w}.{p}} and {y!r:>{w}} {a!=b} {z=}""# + "\n")
        #expect(list.map(\.1) == [
            "x", "=", "f\"", "{", "x", ":", "{", "w", "}", ".", "{", "p", "}", "}", " and ",
            "{", "y", "!", "r", ":", ">", "{", "w", "}", "}", " ", "{", "a", "!=", "b", "}", " ", "{", "z", "=", "}", "\"", "\n",
        ])
        #expect(list[9].0 == .fstringMiddle && list[20].0 == .fstringMiddle)
    }

    @Test func doubledBracesAreText() throws {
        let list = try tokens(#"x = f"{{a}} {b} }}""# + "\n")
        #expect(list.map(\.1) == ["x", "=", "f\"", "{{a}} ", "{", "b", "}", " }}", "\"", "\n"])
    }

    @Test func commentsAndLineBreaksInsideMultiLineFields() throws {
        let text = """
            songs = f"This is the playlist: {", ".join([
                'Take me back to Eden',  # My, my, those eyes like fire
                'Alkaline',              # Not acid nor alkaline
            ])}"
            y = f'''{
                x  # the x
                + 1
            :>{w}}'''

            """
        let list = try tokens(text)
        let comments = list.filter { $0.0 == .comment }.map(\.1)
        #expect(comments == ["# My, my, those eyes like fire", "# Not acid nor alkaline", "# the x"])
        #expect(list.filter { $0.0 == .newline }.count == 2, "\(render(list))")
        #expect(list.filter { $0.0 == .fstringEnd }.map(\.1) == ["\"", "'''"])
        #expect(!list.contains { $0.0 == .indent })
    }

    @Test func nestedFStrings() throws {
        let list = try tokens(#"x = f"{f"{f"{1}"}"}" rf'\{x}' f"\N{BULLET} {y}""# + "\n")
        #expect(list.filter { $0.0 == .fstringStart }.count == 5)
        #expect(list.filter { $0.0 == .fstringEnd }.count == 5)
        #expect(list.contains { $0.0 == .fstringMiddle && $0.1 == "\\N{BULLET} " })
        #expect(list.contains { $0.0 == .fstringMiddle && $0.1 == "\\" })
    }

    @Test func continuationLinesAreTrivia() throws {
        let list = try tokens("x = 1 + \\\n    2\nif a and \\\r\n   b:\n    pass\n")
        #expect(list.map(\.1) == ["x", "=", "1", "+", "2", "\n", "if", "a", "and", "b", ":", "\n", "    ", "pass", "\n", ""])
        #expect(list[12].0 == .indent && list[15].0 == .dedent)
    }

    @Test func bracketsSuppressNewline() throws {
        let list = try tokens("x = (1,\n     2)  # c\n\n# only a comment\ny = [\n]\n")
        #expect(list.map(\.0) == [
            .name, .op, .op, .number, .op, .nl, .number, .op, .comment, .newline, .nl, .comment, .nl,
            .name, .op, .op, .nl, .op, .newline,
        ])
    }

    @Test func lineEndingsBOMAndNoFinalNewline() throws {
        let list = try tokens("\u{FEFF}a = 1\r\nb = 2\rc = 3")
        #expect(list.map(\.1) == ["a", "=", "1", "\r\n", "b", "=", "2", "\r", "c", "=", "3", ""])
        #expect(list.last?.0 == .newline)
    }

    @Test func formFeedsAndTabs() throws {
        let list = try tokens("\u{0C}x = 1\nif x:\n\ty = 2\n\u{0C}\n\tz = 3\nw = 4\n")
        #expect(list.filter { $0.0 == .indent }.map(\.1) == ["\t"])
        #expect(list.filter { $0.0 == .dedent }.count == 1)
    }

    @Test func indentAndDedentTrackBlocks() throws {
        let list = try tokens("class A:\n    def f(self):\n        return 1\n\n    x = 2\ny = 3\n")
        #expect(list.filter { $0.0 == .indent }.map(\.1) == ["    ", "        "])
        #expect(list.filter { $0.0 == .dedent }.count == 2)
    }

    @Test func emptyAndBlankFiles() throws {
        #expect(try tokens("").isEmpty)
        #expect(try tokens("\n\n").map(\.0) == [.nl, .nl])
        #expect(try tokens("# c").map(\.0) == [.comment])
    }
}

@Suite struct PythonLexerErrorTests {
    /// The error for `text`, with its line:column.
    func failure(_ text: String) -> (message: String, location: String)? {
        let source = SourceText(text)
        do {
            _ = try PythonDocument(parsing: source)
            return nil
        } catch {
            #expect(error.kind == .syntax)
            return (error.message, source.location(of: error.offset ?? -1).description)
        }
    }

    @Test func unterminatedTripleQuotedString() {
        let found = failure("x = 1\ny = '''abc\n\nz = 2\n")
        #expect(found?.message == "unterminated triple-quoted string (opened here)")
        #expect(found?.location == "2:5")
    }

    @Test func unterminatedString() {
        let found = failure("x = 1\ny = b\"abc\nz = 2\n")
        #expect(found?.message == "unterminated string")
        #expect(found?.location == "2:5")
    }

    @Test func unmatchedBrackets() {
        #expect(failure("x = (1, 2))\n")?.message == "unmatched ')'")
        #expect(failure("x = (1, 2))\n")?.location == "1:11")
        #expect(failure("x = [1, 2)\n")?.message == "closing parenthesis ')' does not match opening parenthesis '['")
        #expect(failure("x = [1, 2)\n")?.location == "1:10")
        #expect(failure("x = {1,\n2\n")?.message == "'{' was never closed")
        #expect(failure("x = {1,\n2\n")?.location == "1:5")
    }

    @Test func unterminatedFString() {
        #expect(failure("x = f'{a}\n")?.message == "unterminated f-string (opened here)")
        #expect(failure("x = 1\ny = f'''{a}\n")?.location == "2:5")
        #expect(failure("x = f'a}'\n")?.message == "f-string: single '}' is not allowed")
    }

    @Test func inconsistentTabsAndSpaces() {
        let found = failure("if x:\n\tif y:\n        pass\n")
        #expect(found?.message == "inconsistent use of tabs and spaces in indentation")
        #expect(found?.location == "3:9")
        // Tabs alone, or spaces alone, are fine; so is a tab after the same spaces.
        #expect(failure("if x:\n\ty = 1\n\tif y:\n\t\tz = 2\n") == nil)
        #expect(failure("if x:\n    y = 1\n    if y:\n    \tz = 2\n") == nil)
    }

    @Test func unindentThatMatchesNoLevel() {
        let found = failure("if x:\n    a = 1\n  b = 2\n")
        #expect(found?.message == "unindent does not match any outer indentation level")
        #expect(found?.location == "3:3")
    }

    @Test func invalidCharactersAndContinuations() {
        #expect(failure("x = $y\n")?.message == "invalid character '$' (U+0024)")
        #expect(failure("x = 1 \\ y\n")?.message == "unexpected character after line continuation character")
    }

    /// Random bytes, and the prefixes of a tricky file: never a crash or a hang.
    @Test func arbitraryBytesNeverCrash() {
        let tricky = Array("x = f'''{a:{b}}''' + rb\"\\\"\" # c\nif (x):\n\ty = [f\"{x[\"k\"]!r}\"]\n".utf8)
        for end in 0...tricky.count {
            _ = try? PythonDocument(parsing: SourceText(bytes: Array(tricky[0..<end])))
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("\"'{}()[]:!=fr\\#\n\r\t x1.".utf8) + [0x00, 0xFF, 0x0C]
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            if let document = try? PythonDocument(parsing: SourceText(bytes: bytes)) {
                #expect(document.printed() == bytes)
            }
        }
        let deep = String(repeating: "(", count: 10_000) + String(repeating: ")", count: 10_000)
        #expect(failure(deep)?.message == "too many nested parentheses")
        let deepF = String(repeating: "f'{", count: 1000)
        #expect(failure(deepF) != nil)
    }
}
