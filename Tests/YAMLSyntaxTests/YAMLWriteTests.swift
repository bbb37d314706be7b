import TemplateSyntax
import Testing
import YAMLSyntax

/// Writing keeps the scalar's style and quotes only where a plain scalar
/// would change meaning.
@Suite struct YAMLWriteTests {
    func written(_ text: String, _ selector: String, _ value: String) throws -> String {
        let document = try yaml(text)
        let edit = try document.replacement(for: document.slot(selector), with: value)
        return String(decoding: edit.replacement, as: UTF8.self)
    }

    @Test func plainStaysPlainWhenItReadsBackTheSame() throws {
        #expect(try written("v: 0.5.20\n", "v", "1.2.3") == "1.2.3")
        #expect(try written("v: [0.5.20]\n", "v[0]", "1.2.3") == "1.2.3")
        #expect(try written("v: CHROMA_VERSION=0.5.20\n", "v", "CHROMA_VERSION=1.2.3") == "CHROMA_VERSION=1.2.3")
        #expect(try written("v: a\n", "v", "ghcr.io/x/y:1.2") == "ghcr.io/x/y:1.2")
    }

    @Test func numberLikeStringIntoPlainStringIsQuoted() throws {
        // 1.10 written plain would be a float; the old value was a string.
        #expect(try written("version: 0.5.20\n", "version", "1.10") == "\"1.10\"")
        #expect(try written("version: v1\n", "version", "true") == "\"true\"")
        #expect(try written("version: v1\n", "version", "~") == "\"~\"")
        #expect(try written("version: v1\n", "version", "") == "\"\"")
    }

    @Test(arguments: ["yes", "off", "N", "1_000", "0b101", "1:30", "2024-01-31", "2024-1-2T10:00:00Z"])
    func yaml11NonStringsAreQuoted(_ value: String) throws {
        #expect(try written("v: old\n", "v", value) == "\"\(value)\"")
    }

    @Test func versionLikeValuesStayPlain() throws {
        for value in ["1.2.3", "v1.2", "1.2.3-rc.1+build.5", "2024.01.31", "0.5.20-alpha", "latest", "a-b_c/d:1"] {
            #expect(try written("v: old\n", "v", value) == value)
        }
    }

    @Test(arguments: [
        "a: b", "x #y", "*star", "&amp", "!bang", "{brace", "[bracket", "|pipe", ">gt", "%pct", "@at", "`tick",
        "- dash", "? q", " lead", "trail ", "#hash", "'q", "\"dq", "line\nbreak", "ends:",
    ])
    func indicatorsAndSpacesAreQuoted(_ value: String) throws {
        let out = try written("v: old\n", "v", value)
        #expect(out.hasPrefix("\""))
        #expect(try yaml("v: old\n").editing("v", to: value).hasPrefix("v: \""))
    }

    @Test func numberSlotTakesANumberPlain() throws {
        #expect(try written("replicas: 3\n", "replicas", "4") == "4")
        #expect(try written("version: 3.8\n", "version", "3.9") == "3.9")
        #expect(throws: TemplateError.self) { try written("version: 3.8\n", "version", "3.9.1") }
        #expect(try written("enabled: true\n", "enabled", "false") == "false")
        #expect(throws: TemplateError.self) { try written("enabled: true\n", "enabled", "maybe") }
        #expect(throws: TemplateError.self) { try written("tag:\n", "tag", "1.2.3") }
    }

    @Test func quotedStylesAreKept() throws {
        #expect(try written("v: '0.5.20'\n", "v", "it's 1.2") == "'it''s 1.2'")
        #expect(try written("v: \"0.5.20\"\n", "v", "say \"hi\"\\now") == "\"say \\\"hi\\\"\\\\now\"")
        #expect(try written("v: \"x\"\n", "v", "a\nb\tc\u{7}é\u{2028}") == "\"a\\nb\\tc\\aé\\L\"")
        // Single quotes cannot hold a line break on one line: double quotes can.
        #expect(try written("v: 'x'\n", "v", "a\nb") == "\"a\\nb\"")
    }

    @Test func editsCoverOnlyTheScalar() throws {
        let text = "a: &anchor !!str 0.5.20 # comment\nb: 2\n"
        let document = try yaml(text)
        let edit = try document.replacement(for: document.slot("a"), with: "1.2.3")
        #expect(text.utf8.count > edit.range.upperBound)
        #expect(try document.editing("a", to: "1.2.3") == "a: &anchor !!str 1.2.3 # comment\nb: 2\n")
    }

    @Test func literalBlockScalars() throws {
        #expect(try yaml("v: |\n  0.5.20\nn: 1\n").editing("v", to: "1.2.3\n") == "v: |\n  1.2.3\nn: 1\n")
        #expect(try yaml("v: |-\n    0.5.20\n\nn: 1\n").editing("v", to: "1.2.3") == "v: |-\n    1.2.3\n\nn: 1\n")
        #expect(try yaml("v: |\n  a\n  b\nn: 1\n").editing("v", to: "x\n\ny\n") == "v: |\n  x\n\n  y\nn: 1\n")
        #expect(try yaml("l:\n  - |+ # keep\n    a\n\n  - z\n").editing("l[0]", to: "b\n\n\n") == "l:\n  - |+ # keep\n    b\n\n\n  - z\n")
        #expect(try yaml("v: |2\n    indented\n").editing("v", to: "  more\n") == "v: |2\n    more\n")
        #expect(try yaml("v: |\n  no final break").editing("v", to: "done") == "v: |\n  done")
        // A clip header keeps one final line break: the value must end with exactly one.
        #expect(throws: TemplateError.self) { try yaml("v: |\n  0.5.20\n").replacement(for: yaml("v: |\n  0.5.20\n").slot("v"), with: "1.2.3") }
        #expect(throws: TemplateError.self) { try yaml("v: |-\n  0.5.20\n").editing("v", to: "1.2.3\n") }
        #expect(throws: TemplateError.self) { try yaml("v: |\n  x\n").editing("v", to: " lead\n") }
    }

    @Test func foldedBlockScalars() throws {
        #expect(try yaml("v: >\n  0.5.20\nn: 1\n").editing("v", to: "1.2.3 and more\n") == "v: >\n  1.2.3 and more\nn: 1\n")
        #expect(try yaml("v: >-\n  a\n  b\n").editing("v", to: "c") == "v: >-\n  c\n")
        #expect(throws: TemplateError.self) { try yaml("v: >\n  a\n").editing("v", to: "two\nlines\n") }
    }

    @Test func crlfFilesKeepTheirLineEndings() throws {
        let text = "a: 1\r\nversion: \"0.5.20\"\r\nblock: |\r\n  x\r\n"
        #expect(try yaml(text).editing("version", to: "1.2.3") == "a: 1\r\nversion: \"1.2.3\"\r\nblock: |\r\n  x\r\n")
        #expect(try yaml(text).editing("block", to: "y\nz\n") == "a: 1\r\nversion: \"0.5.20\"\r\nblock: |\r\n  y\r\n  z\r\n")
    }

    @Test func aSlotFromAnotherTextIsRefused() throws {
        let slot = Slot(range: 100..<105, value: "x", kind: .string, path: [.key("v")])
        #expect {
            _ = try yaml("v: 1\n").replacement(for: slot, with: "y")
        } throws: { ($0 as? TemplateError)?.kind == .edit }
    }
}
