import TemplateSyntax
import Testing
import YAMLSyntax

/// Each scalar style's byte range: quotes included, block scalars from the
/// indicator through their last line break, properties left out.
@Suite struct ScalarStyleTests {
    static let text = """
        plain: 1.2.3
        multi: first
          second
        single: 'it''s'
        double: "tab\\there"
        literal: |
          line one
          line two

        folded: >-
          folded
          text
        anchored: &v 4.5.6
        tagged: !!str 7.8
        both: !!str &w "9"
        empty:
        last: end
        """

    @Test func rangesOfEachStyle() throws {
        let document = try yaml(Self.text)
        #expect(document.text(of: try document.slot("plain")) == "1.2.3")
        #expect(document.text(of: try document.slot("multi")) == "first\n  second")
        #expect(try document.slot("multi").value == "first second")
        #expect(document.text(of: try document.slot("single")) == "'it''s'")
        #expect(try document.slot("single").value == "it's")
        #expect(document.text(of: try document.slot("double")) == "\"tab\\there\"")
        #expect(try document.slot("double").value == "tab\there")
        #expect(document.text(of: try document.slot("literal")) == "|\n  line one\n  line two\n\n")
        #expect(try document.slot("literal").value == "line one\nline two\n")
        #expect(document.text(of: try document.slot("folded")) == ">-\n  folded\n  text\n")
        #expect(try document.slot("folded").value == "folded text")
        #expect(document.text(of: try document.slot("anchored")) == "4.5.6")
        #expect(document.text(of: try document.slot("tagged")) == "7.8")
        #expect(try document.slot("tagged").kind == .string)
        #expect(document.text(of: try document.slot("both")) == "\"9\"")
        #expect(try document.slot("empty").kind == .null)
        #expect(try document.slot("empty").range.isEmpty)
        #expect(document.printed() == Array(Self.text.utf8))
    }

    @Test func styles() throws {
        let document = try yaml(Self.text)
        let styles = try ["plain", "single", "double", "literal", "folded"].map { key in
            let range = try document.slot(key).range
            return document.nodes.first { $0.kind == .scalar && $0.contentRange == range }?.style
        }
        #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    }

    @Test func flowCollections() throws {
        let text = "ports: [80, \"443\", 'x']\nenv: {A: 1, B: two}\n"
        let document = try yaml(text)
        #expect(try document.slots("ports[*]").map { document.text(of: $0) } == ["80", "\"443\"", "'x'"])
        #expect(document.text(of: try document.slot("env.B")) == "two")
        #expect(try document.slot("/ports/1").value == "443")
    }

    @Test func scalarsAreInDocumentOrderWithPaths() throws {
        let document = try yaml("a: 1\nb:\n  - x\n  - {c: y}\nd: z\n")
        let scalars = document.scalars()
        #expect(scalars.map(\.selectorText) == ["a", "b[0]", "b[1].c", "d"])
        #expect(scalars.map(\.value) == ["1", "x", "y", "z"])
    }
}
