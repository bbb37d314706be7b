import TemplateSyntax
import Testing
import YAMLSyntax

/// libyaml counts characters; YAMLSyntax works in bytes. These inputs put
/// multi-byte text before the value so any confusion of the two shows.
@Suite struct CharacterOffsetTests {
    @Test func valueAfterJapaneseText() throws {
        let text = "Description: 日本語の説明です\nParameters:\n  ChromaVersion:\n    Description: バージョン\n    Default: 0.5.20\n"
        let document = try yaml(text)
        let slot = try document.slot("Parameters.ChromaVersion.Default")
        #expect(slot.range.lowerBound == byteOffset(of: "0.5.20", in: text))
        #expect(document.text(of: slot) == "0.5.20")
        #expect(try document.slot("Description").value == "日本語の説明です")
        #expect(try document.editing("Parameters.ChromaVersion.Default", to: "1.2.3") == text.replacingOccurrences(of: "0.5.20", with: "1.2.3"))
    }

    @Test func valueAfterEmoji() throws {
        let text = "title: \"🚀 launch 🎉\"\nnote: '👩‍👩‍👧 family'\nversion: '1.2.3'\n"
        let document = try yaml(text)
        let slot = try document.slot("version")
        #expect(document.text(of: slot) == "'1.2.3'")
        #expect(try document.slot("title").value == "🚀 launch 🎉")
        #expect(document.text(of: try document.slot("note")) == "'👩‍👩‍👧 family'")
    }

    @Test func valueAfterByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("version: 1.2.3\nname: é\n".utf8)
        let document = try yaml(bytes: bytes)
        let slot = try document.slot("version")
        #expect(slot.range == 12..<17)
        #expect(document.text(of: slot) == "1.2.3")
        let (result, _) = try document.applyingVerified([SlotChange(slot: slot, value: "2.0.0")])
        #expect(result.source.bytes == [0xEF, 0xBB, 0xBF] + Array("version: 2.0.0\nname: é\n".utf8))
    }

    @Test func byteOrderMarkBeforeASCIIText() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 'x'\nversion: \"1.2.3\"\n".utf8)
        let document = try yaml(bytes: bytes)
        #expect(try document.slot("version").range == 19..<26)
        #expect(try document.slot("a").range == 6..<9)
    }

    @Test func byteOrderMarkBeforeALaterDocument() throws {
        let text = "a: b\n---\n\u{FEFF}version: \"1.2.3\"\n"
        let document = try yaml(text)
        #expect(document.text(of: try document.slot("version")) == "\"1.2.3\"")
    }

    @Test func crlfLineEndings() throws {
        let text = "a: |\r\n  x\r\n  y\r\nb: \"q\r\n  r\"\r\nversion: 1.2.3\r\n"
        let document = try yaml(text)
        #expect(try document.slot("a").value == "x\ny\n")
        #expect(try document.slot("b").value == "q r")
        #expect(document.text(of: try document.slot("version")) == "1.2.3")
        #expect(try document.editing("version", to: "2.0.0") == "a: |\r\n  x\r\n  y\r\nb: \"q\r\n  r\"\r\nversion: 2.0.0\r\n")
        #expect(try document.editing("a", to: "z\n") == "a: |\r\n  z\r\nb: \"q\r\n  r\"\r\nversion: 1.2.3\r\n")
    }

    @Test func errorPositionAfterNonASCIIText() throws {
        let text = "説明: 日本語\nkey: \"unclosed\n"
        let source = SourceText(text)
        #expect {
            _ = try YAMLDocument(parsing: source)
        } throws: { error in
            guard let error = error as? TemplateError, let note = error.notes.first else { return false }
            return source.location(of: note.offset).description == "2:6"
        }
    }
}
