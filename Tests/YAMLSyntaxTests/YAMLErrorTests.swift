import Foundation
import TemplateSyntax
import Testing
import YAMLSyntax

/// Bad input gives libyaml's own words at a position, with a note where the
/// construct it was reading began; no input crashes.
@Suite struct YAMLErrorTests {
    /// The error for `text`, with its position and its notes' positions as
    /// `line:column` (1-based, in characters).
    func failure(_ text: String) -> (message: String, at: String, notes: [String])? {
        let source = SourceText(text)
        do {
            _ = try YAMLDocument(parsing: source)
            return nil
        } catch {
            let at = error.offset.map { source.location(of: $0).description } ?? "-"
            return (error.message, at, error.notes.map { "\($0.message) @ \(source.location(of: $0.offset))" })
        }
    }

    @Test func unclosedQuote() throws {
        let error = try #require(failure("a: \"abc\nb: c\n"))
        #expect(error.message == "found unexpected end of stream while scanning a quoted scalar")
        #expect(error.at == "3:1")
        #expect(error.notes == ["the quoted scalar starts here @ 1:4"])
    }

    @Test func badIndentation() throws {
        let error = try #require(failure("a:\n  b: 1\n c: 2\n"))
        #expect(error.message == "did not find expected key while parsing a block mapping")
        #expect(error.at == "3:2")
        #expect(error.notes == ["the block mapping starts here @ 1:1"])
    }

    @Test func tabIndentation() throws {
        let error = try #require(failure("a:\n\tb: 1\n"))
        #expect(error.message == "found character that cannot start any token while scanning for the next token")
        #expect(error.at == "2:1")
    }

    @Test func missingColonAfterNonASCIIText() throws {
        let error = try #require(failure("名前: 値\nこれ\n"))
        #expect(error.message == "could not find expected ':' while scanning a simple key")
        #expect(error.at == "3:1")
        #expect(error.notes == ["the simple key starts here @ 2:1"])
    }

    @Test func readerErrorsArePlacedByByte() throws {
        let control = try #require(failure("a: \u{1}\n"))
        #expect(control.message.hasPrefix("control characters are not allowed"))
        #expect(control.at == "1:4")
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: \"".utf8) + [0xFF, 0x22, 0x0A]
        #expect {
            _ = try YAMLDocument(parsing: SourceText(bytes: bytes))
        } throws: { error in
            (error as? TemplateError)?.offset == 7
        }
    }

    @Test func utf16IsRefusedWithAPosition() {
        #expect {
            _ = try YAMLDocument(parsing: SourceText(bytes: [0xFF, 0xFE, 0x61, 0x00]))
        } throws: { ($0 as? TemplateError)?.offset == 0 }
    }

    /// Random bytes and mangled YAML: parsing either succeeds with a sane
    /// tree or fails with a positioned syntax error; never a crash.
    @Test func neverCrashes() throws {
        var generator = SystemRandomNumberGenerator()
        let seeds = ["a: [1, {b: \"c\"}]\n", "- &x !t |\n  y\n- *x\n", "k: 'v'\n---\n? [a]\n: >-\n  z\n", "\u{FEFF}é: \"\\u00e9\"\r\n"]
        let alphabet = Array("ab: -?[]{},&*!|>'\"#%@`\t\n\r\\é🚀\u{FEFF}".utf8)
        for round in 0..<3000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<(1 + round % 5) {
                let position = Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes.insert(alphabet.randomElement(using: &generator) ?? 0x20, at: position)
                case 1: if position < bytes.count { bytes.remove(at: position) }
                default: if position < bytes.count { bytes[position] = UInt8.random(in: 0...255, using: &generator) }
                }
            }
            let source = SourceText(bytes: bytes)
            do {
                let document = try YAMLDocument(parsing: source)
                #expect(document.printed() == bytes)
                for slot in document.scalars() {
                    #expect(slot.range.lowerBound >= 0 && slot.range.upperBound <= bytes.count)
                    _ = try? document.replacement(for: slot, with: "1.2.3")
                }
                _ = try? document.select(Selector(parsing: "*.*"))
            } catch {
                #expect(error.kind == .syntax)
                #expect(error.offset.map { $0 >= 0 && $0 <= bytes.count } ?? false, "\(error)")
            }
        }
    }
}
