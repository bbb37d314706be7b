import HCLSyntax
import TemplateSyntax
import Testing

/// Invalid input is rejected with a `.syntax` error at the right place and a
/// message a person understands.
@Suite struct BadInputTests {
    /// (input, expected line:column of the error, words the message contains)
    static let cases: [(String, String, String)] = [
        // The error sits where '}' was expected (the end); the message names the '{'.
        ("locals {\n  a = 1\n\nresource \"x\" \"y\" {\n  b = 2\n}\n", "7:1", "unclosed block: expected '}' to close the block opened at 1:8"),
        ("a = <<EOF\nline one\nline two\n", "1:5", "unterminated heredoc: no line with EOF"),
        ("a = <<-EOT\n  text\n  EOTX\n", "1:5", "unterminated heredoc: no line with EOT"),
        ("a = 1\n}\n", "2:1", "unexpected '}'"),
        ("block {\n  a = 1\n}\n}\n", "4:1", "unexpected '}'"),
        ("a = \"never closed\nb = 2\n", "1:5", "unterminated string"),
        ("a = \"x ${var.y\"\n", "1:15", "unclosed interpolation: expected '}' to close the '${' opened at 1:8"),
        ("a = \"${\"\n", "1:8", "unclosed interpolation"),
        ("a = <<EOF\n${var.x\nEOF\n", "4:1", "unclosed interpolation: expected '}' to close the '${' opened at 2:1"),
        ("a = \"bad \\q escape\"\n", "1:10", "invalid escape sequence '\\q'"),
        ("a = \"\\u12\"\n", "1:6", "needs 4 hexadecimal digits"),
        ("a = \"a value\", b = \"b value\"\n", "1:14", "each attribute must be on its own line"),
        ("a { b = \"foo\", c = \"bar\" }\n", "1:14", "single-line block holds only one attribute"),
        ("a { b = \"foo\"\n}\n", "1:14", "must be on the same line"),
        ("a { d {} }\n", "1:5", "cannot contain another block"),
        ("a = 1 +\n", "1:8", "expected a value"),
        ("a = [1, 2\nb = 3\n", "2:1", "expected ',' or ']' in the list opened at 1:5"),
        ("a = f(1, 2\n", "2:1", "expected ',' or ')' in the call opened at 1:6"),
        ("a = { x = 1\n", "2:1", "unclosed object"),
        ("resource \"x\" \"${y}\" {\n}\n", "1:15", "block label cannot contain"),
        ("= 1\n", "1:1", "expected an attribute name or a block type"),
        ("a 1\n", "1:3", "expected '=' after 'a'"),
        ("a = b c\n", "1:7", "expected a newline after the attribute"),
        ("a = \"%{ if x }y\"\n", "1:16", "expected '%{ endif }'"),
        ("a = \"%{ endif }\"\n", "1:6", "no matching '%{ if }'"),
        ("a = 1 /* never closed\n", "1:7", "unterminated comment"),
        ("a = 1 & 2\n", "1:7", "'&&'"),
        ("a = x.1.5\n", "1:7", "legacy index"),
        ("a = <<EOF junk\nEOF\n", "1:10", "expected a newline right after the heredoc marker"),
        ("a = 1\rb = 2\n", "1:6", "carriage return"),
        ("a = 1 ~\n", "1:7", "strip marker"),
        ("a = \"0.5.\u{0}20\"\n", "1:10", "a NUL byte"),  // valid UTF-8, never text
        ("# note \u{0}\na = 1\n", "1:8", "a NUL byte"),
        ("a = \u{00A0}1\n", "1:5", "unexpected character '\u{00A0}' (U+00A0)"),  // a no-break space is neither space nor letter
    ]

    @Test(arguments: cases)
    func rejectedAtTheRightPlace(input: String, at expected: String, message: String) throws {
        let error = try #require(parseError(input), "should be rejected: \(input.debugDescription)")
        #expect(error.kind == .syntax)
        #expect(position(error, in: input) == expected, "\(input.debugDescription): \(error)")
        #expect(error.message.contains(message), "\(input.debugDescription): \(error.message)")
        // It renders as a diagnostic with a caret.
        #expect(Diagnostic(error, in: SourceText(input, path: "x.tf")).description.contains("x.tf:\(expected): error: "))
    }

    @Test func unclosedBlockNotesItsBrace() throws {
        let error = try #require(parseError("a {\n  b = 1\n"))
        #expect(error.notes.map(\.offset) == [2])
    }

    @Test func invalidUTF8IsRejected() throws {
        for (bad, offset) in [([UInt8(0xC3), 0x28], 5), ([0xFF], 5), ([0xED, 0xA0, 0x80], 5), ([0xE2, 0x82], 5)] {
            let bytes = Array("a = \"".utf8) + bad + Array("\"\n".utf8)
            do {
                _ = try HCLDocument(parsing: SourceText(bytes: bytes))
                Issue.record("invalid UTF-8 \(bad) accepted")
            } catch {
                #expect(error.offset == offset && error.message.contains("UTF-8"))
            }
        }
    }

    @Test func nestingIsBoundedWithAClearError() throws {
        // Past the bound: a clear error, not a stack overflow.
        for (open, close) in [("[", "]"), ("(", ")"), ("{a=", "}"), ("\"${", "}\""), ("-", "")] {
            let deep = "a = " + String(repeating: open, count: 5000) + "1" + String(repeating: close, count: 5000) + "\n"
            let error = try #require(parseError(deep), "\(open) nested 5000 deep should be rejected")
            #expect(error.message.contains("nesting too deep"), "\(open): \(error.message)")
        }
        var blocks = ""
        for _ in 0..<3000 { blocks += "b {\n" }
        for _ in 0..<3000 { blocks += "}\n" }
        #expect(parseError(blocks)?.message.contains("nesting too deep") == true)
        // Well within the bound, deep nesting parses (a debug build spends
        // kilobytes of stack per level, so this stays modest).
        let fine = "a = " + String(repeating: "[", count: 200) + "1" + String(repeating: "]", count: 200) + "\n"
        #expect(parseError(fine) == nil)
    }

    /// Every prefix of a real file either parses or throws; none crashes or hangs.
    @Test func everyPrefixOfAFileFailsCleanly() throws {
        let text = """
            terraform {
              required_version = ">= 1.0"
            }
            locals {
              a = { for k, v in var.m : k => "${v}-%{ if v != "" }x%{ endif }" if k != "" }
              b = [for x in var.l : x.*.id[0]]
              c = <<-EOT
                ${local.a["k"]}
              EOT
              d = provider::ns::fn(1, [2]...) ? -1 : !true
            }
            """
        let bytes = Array(text.utf8)
        var accepted = 0
        for end in 0...bytes.count {
            do {
                let document = try HCLDocument(parsing: SourceText(bytes: Array(bytes[..<end])))
                #expect(document.printed() == Array(bytes[..<end]))
                accepted += 1
            } catch {
                #expect(error.kind == .syntax)
                #expect((error.offset ?? -1) >= 0 && (error.offset ?? -1) <= end)
            }
        }
        #expect(accepted > 0)
    }
}
