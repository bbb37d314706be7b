import HCLSyntax
import TemplateSyntax
import Testing

/// Writing values: escapes, types, and edits that touch only the literal.
@Suite struct WriterTests {
    func slot(_ text: String, _ selector: String) throws -> (HCLDocument, Slot) {
        let document = try parse(text)
        let slots = try document.select(Selector(parsing: selector))
        return (document, try #require(slots.first))
    }

    func rewrite(_ text: String, _ selector: String, _ value: String) throws -> String {
        let (document, slot) = try slot(text, selector)
        return try document.source.applying([try document.replacement(for: slot, with: value)]).string
    }

    @Test(arguments: [
        ("1.2.3", "\"1.2.3\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("C:\\path", "\"C:\\\\path\""),
        ("two\nlines\r\n\tand tab", "\"two\\nlines\\r\\n\\tand tab\""),
        ("${not.a.ref}", "\"$${not.a.ref}\""),
        ("%{ if x }", "\"%%{ if x }\""),
        ("$$ and % and $x", "\"$$ and % and $x\""),
        ("$${", "\"$$${\""),
        ("bell\u{07}del\u{7F}", "\"bell\\u0007del\\u007F\""),
        ("é 👩‍👩‍👧 ЖЖ", "\"é 👩‍👩‍👧 ЖЖ\""),
        ("", "\"\""),
    ])
    func stringsAreQuotedAndEscapedAndReadBack(value: String, literal: String) throws {
        #expect(String(decoding: HCLWriter.quotedLiteral(value), as: UTF8.self) == literal)
        let after = try rewrite("a = \"old\" # keep\n", "a", value)
        #expect(after == "a = \(literal) # keep\n")
        let slots = try parse(after).select(Selector(parsing: "a"))
        #expect(slots.map(\.kind) == [.string])
        #expect(slots.map(\.value) == [value])
    }

    @Test func alignmentAndCommentsSurvive() throws {
        let text = "chroma_version                  = \"1.2.3\"   # pinned\nother = 1\n"
        #expect(try rewrite(text, "chroma_version", "1.3.0") == "chroma_version                  = \"1.3.0\"   # pinned\nother = 1\n")
    }

    @Test func numbersTakeOnlyNumbers() throws {
        #expect(try rewrite("n = 1\n", "n", "42") == "n = 42\n")
        #expect(try rewrite("n = 1\n", "n", "-1.5e10") == "n = -1.5e10\n")
        #expect(try rewrite("n = -1\n", "n", "3") == "n = 3\n")
        #expect(try parse("n = -1\n").select(Selector(parsing: "n")).map(\.kind) == [.number])
        for bad in ["1.2.3", "abc", "", "1.", ".5", "1e", "0x10", " 1", "+1"] {
            let (document, slot) = try slot("n = 1\n", "n")
            #expect(throws: TemplateError.self, "\(bad)") { try document.replacement(for: slot, with: bad) }
        }
        let (document, slot) = try slot("n = 1\n", "n")
        do {
            _ = try document.replacement(for: slot, with: "1.2.3")
        } catch {
            #expect(error.kind == .value)
            #expect(error.message.contains("'1.2.3' is not an HCL number"))
        }
    }

    @Test func boolsTakeOnlyTrueOrFalse() throws {
        #expect(try rewrite("b = true\n", "b", "false") == "b = false\n")
        let (document, slot) = try slot("b = true\n", "b")
        #expect(throws: TemplateError.self) { try document.replacement(for: slot, with: "yes") }
    }

    @Test func nullAndExpressionsAreNotRewritten() throws {
        for (text, selector) in [("a = null\n", "a"), ("a = var.x\n", "a"), ("a = f(1)\n", "a"), ("a = 1 + 2\n", "a"), ("a = <<EOF\nx\nEOF\n", "a"), ("a = \"%{ if true }x%{ endif }\"\n", "a")] {
            let (document, slot) = try slot(text, selector)
            do {
                _ = try document.replacement(for: slot, with: "1")
                Issue.record("\(text) should not be rewritten")
            } catch {
                #expect(error.kind == .value)
                #expect(error.offset == slot.range.lowerBound)
            }
        }
    }

    @Test func aSlotFromAnotherDocumentIsRefused() throws {
        let (_, slot) = try slot("a_rather_long_name = \"a rather long value\"\n", "a_rather_long_name")
        let small = try parse("a = 1\n")
        #expect(throws: TemplateError.self) { try small.replacement(for: slot, with: "x") }
    }
}
