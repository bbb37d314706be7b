import TOMLSyntax
import TemplateSyntax
import Testing

/// Errors a person can act on, at the right byte; never a crash or a hang.
@Suite struct TOMLErrorTests {
    @Test func duplicateKeyNamesTheFirstDefinition() throws {
        let error = try #require(parseError("[project]\nname = \"x\"\nversion = \"1\"\nversion = \"2\"\n"))
        #expect(error.kind == .syntax)
        #expect(error.message == "duplicate key 'version' (first defined at 3:1)")
        #expect(error.offset == 35)
        #expect(error.notes.map(\.offset) == [21])
        let diagnostic = Diagnostic(error, in: SourceText("[project]\nname = \"x\"\nversion = \"1\"\nversion = \"2\"\n", path: "pyproject.toml"))
        #expect(diagnostic.description.hasPrefix("pyproject.toml:4:1: error: duplicate key 'version'"))
    }

    @Test func messagesForTableRules() throws {
        #expect(parseError("[a]\n[a]\n")?.message == "table [a] is defined twice (first at 1:1)")
        #expect(parseError("a = []\n[[a]]\n")?.message
            == "[[a]] cannot append to 'a': it is a static array (defined at 1:1), not an array of tables")
        #expect(parseError("a = 1\n[a.b]\n")?.message == "'a' is already a value (defined at 1:1), so it cannot also be a table")
        #expect(parseError("a = {b = 1}\na.c = 2\n")?.message.contains("inline table") == true)
        #expect(parseError("a.b = 1\n[a]\n")?.message.contains("dotted keys") == true)
    }

    @Test func lexicalErrorsPointAtTheByte() throws {
        #expect(parseError("a = \"\\q\"\n")?.offset == 5)
        #expect(parseError("a = \"\\q\"\n")?.message.contains("invalid escape") == true)
        #expect(parseError("a = \"abc\n")?.message.hasPrefix("unterminated string") == true)
        #expect(parseError("a = 1\rb = 2\n")?.offset == 5)
        #expect(parseError("version = 1.2.3\n")?.message.contains("strings need quotes") == true)
        #expect(parseError([0x61, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0x22])?.offset == 5)
        #expect(parseError([0x61, 0x20, 0x3D, 0x20, 0x22, 0xED, 0xA0, 0x80, 0x22])?.offset == 5)  // a UTF-8 surrogate
    }

    @Test func byteOrderMarkCRLFAndEmptyFilesRoundTrip() throws {
        for text in ["", "\u{FEFF}", "\u{FEFF}a = 1\r\n", "a = 1", "\t\n", "# c", "a = \"\"\"\r\nx\r\n\"\"\"\r\n"] {
            let document = try parse(text)
            #expect(treeProblems(document).isEmpty, "\(text.debugDescription)")
        }
        #expect(try parse("a = \"\"\"\r\nx\r\ny\"\"\"\r\n").scalars().first?.value == "x\ny")
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        for depth in [129, 10_000, 200_000] {
            let arrays = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
            #expect(parseError(arrays)?.message.contains("nest deeper than 128") == true)
            let tables = "a = " + String(repeating: "{b = ", count: depth) + "1" + String(repeating: "}", count: depth) + "\n"
            #expect(parseError(tables)?.message.contains("nest deeper than 128") == true)
        }
        let longKey = Array(repeating: "k", count: 5000).joined(separator: ".")
        #expect(parseError("[\(longKey)]\n")?.kind == .syntax)
        #expect(parseError("\(longKey) = 1\n")?.kind == .syntax)
        let fine = "a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n"
        #expect(parseError(fine) == nil)
    }

    @Test func truncationsOfARealFileNeverCrash() throws {
        let text = Array("""
            [project]
            name = "x" # c
            version = "0.5.20"
            s = \"\"\"a\\
              b\"\"\"
            l = '''x'''
            d = { a = [1, 2.5, 1979-05-27T07:32:00Z], b.c = true }
            [[bin]]
            n = 0x1F
            """.utf8)
        for end in 0...text.count {
            let prefix = Array(text[0..<end])
            if let document = try? TOMLDocument(parsing: SourceText(bytes: prefix)) {
                #expect(document.printed() == prefix)
                _ = document.scalars()
            }
        }
    }
}
