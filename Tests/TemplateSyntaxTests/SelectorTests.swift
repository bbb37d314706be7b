import Testing
import TemplateSyntax

@Suite struct SelectorTests {
    @Test func dottedKeysIndicesAndWildcards() throws {
        let s = try Selector(parsing: "Parameters.ChromaVersion.Default")
        #expect(s.components == [.key("Parameters"), .key("ChromaVersion"), .key("Default")])
        #expect(try Selector(parsing: "a[0].b[*].*").components == [.key("a"), .index(0), .key("b"), .any, .any])
        #expect(try Selector(parsing: "[2]").components == [.index(2)])
        #expect(try Selector(parsing: "variable.chroma_version.default").components.count == 3)
    }

    @Test func quotedKeys() throws {
        #expect(try Selector(parsing: "a.\"b.c\".d").components == [.key("a"), .key("b.c"), .key("d")])
        #expect(try Selector(parsing: "\"say \\\"hi\\\"\"").components == [.key("say \"hi\"")])
        #expect(Selector(components: [.key("b.c"), .index(1), .key("x")]).text == "\"b.c\"[1].x")
    }

    @Test func jsonPointer() throws {
        let s = try Selector(parsing: "/Parameters/a~1b/0/~0x")
        #expect(s.components == [.keyOrIndex("Parameters"), .keyOrIndex("a/b"), .keyOrIndex("0"), .keyOrIndex("~x")])
        #expect(Selector.Component.keyOrIndex("0").matches(index: 0))
        #expect(!Selector.Component.keyOrIndex("01").matches(index: 1))
        #expect(Selector.Component.keyOrIndex("01").matches(key: "01"))
    }

    @Test(arguments: [
        ("", 1), (".a", 1), ("a..b", 3), ("a.", 3), ("a[x]", 3), ("a[1", 2), ("\"abc", 1), ("a b", 2), ("a.[0]", 3),
    ])
    func errorsSayWhere(text: String, column: Int) {
        do {
            _ = try Selector(parsing: text)
            Issue.record("\(text) should not parse")
        } catch {
            #expect(error.column == column, "\(text): \(error)")
            #expect(error.description.contains("^"))
        }
    }
}

@Suite struct UnifiedDiffTests {
    @Test func oneChangedLineWithContext() throws {
        let text = SourceText("1\n2\n3\n4 \"1.0.0\"\n5\n6\n7\n8\n", path: "f")
        let diff = try UnifiedDiff.render(
            old: text, edits: [TextEdit(range: 9..<14, replacement: "2.0.0")], oldLabel: "a/f", newLabel: "b/f")
        #expect(diff == "--- a/f\n+++ b/f\n@@ -1,7 +1,7 @@\n 1\n 2\n 3\n-4 \"1.0.0\"\n+4 \"2.0.0\"\n 5\n 6\n 7\n")
    }

    @Test func separateHunksAndNoFinalNewline() throws {
        var lines = (1...20).map { "line\($0)" }.joined(separator: "\n")
        lines += "\nlast"
        let text = SourceText(lines)
        let firstOffset = text.lineStarts[1]
        let lastOffset = text.lineStarts[20]
        let diff = try UnifiedDiff.render(
            old: text,
            edits: [TextEdit(range: firstOffset..<firstOffset + 5, replacement: "LINE2"), TextEdit(range: lastOffset..<lastOffset + 4, replacement: "LAST")],
            oldLabel: "a", newLabel: "b", context: 1)
        #expect(diff == "--- a\n+++ b\n@@ -1,3 +1,3 @@\n line1\n-line2\n+LINE2\n line3\n@@ -20,2 +20,2 @@\n line20\n-last\n\\ No newline at end of file\n+LAST\n\\ No newline at end of file\n")
    }

    @Test func noOpEditsGiveNoDiff() throws {
        let text = SourceText("a\n")
        #expect(try UnifiedDiff.render(old: text, edits: [TextEdit(range: 0..<1, replacement: "a")], oldLabel: "a", newLabel: "b") == "")
    }
}

@Suite struct UnifiedDiffBytesTests {
    @Test func linesThatAreNotUTF8StayExact() throws {
        let text = SourceText(bytes: Array("# caf".utf8) + [0xE9, 0x0A] + Array("V = \"1\"\n".utf8))
        let diff = try UnifiedDiff.renderBytes(
            old: text, edits: [TextEdit(range: 11..<14, replacement: "\"2\"")], oldLabel: "a/x", newLabel: "b/x")
        #expect(diff.contains(0xE9))
        #expect(!diff.contains(0xEF))  // no U+FFFD stands in for the byte
    }
}
