import JSONSyntax
import TemplateSyntax
import Testing

@Suite struct JSONWriteTests {
    func set(_ text: String, _ selector: String, _ value: String) throws -> String {
        let doc = try JSONDocument(parsing: SourceText(text))
        let changes = try doc.select(Selector(parsing: selector)).map { SlotChange(slot: $0, value: value) }
        return try doc.applyingVerified(changes).document.source.string
    }

    @Test func onlyTheLiteralChanges() throws {
        let before = "{\r\n\t\"v\" :  \"1.0.0\" , \"w\": \"1.0.0\"}"
        #expect(try set(before, "v", "1.2.3") == "{\r\n\t\"v\" :  \"1.2.3\" , \"w\": \"1.0.0\"}")
    }

    @Test func valuesAreEscaped() throws {
        #expect(try set(#"{"v": "x"}"#, "v", "a\"b\\c\nd\u{1}") == #"{"v": "a\"b\\c\nd\u0001"}"#)
        #expect(try set(#"{"v": "x"}"#, "v", "caf\u{e9}/") == "{\"v\": \"caf\u{e9}/\"}")
    }

    @Test func theLiteralsEscapingStyleIsKept() throws {
        #expect(try set(#"{"v": "caf\u00e9"}"#, "v", "na\u{ef}ve \u{1F600}") == #"{"v": "na\u00efve \ud83d\ude00"}"#)
        #expect(try set(#"{"v": "a\/b"}"#, "v", "c/d") == #"{"v": "c\/d"}"#)
    }

    @Test func typesAreKept() throws {
        #expect(try set(#"{"n": 1}"#, "n", "2.5e3") == #"{"n": 2.5e3}"#)
        #expect(throws: TemplateError.self) { try set(#"{"n": 1}"#, "n", "1.2.3") }
        #expect(try set(#"{"b": false}"#, "b", "true") == #"{"b": true}"#)
        #expect(throws: TemplateError.self) { try set(#"{"b": false}"#, "b", "yes") }
        #expect(throws: TemplateError.self) { try set(#"{"z": null}"#, "z", "1") }
    }

    @Test func everyMatchOfAWildcardChanges() throws {
        #expect(try set(#"{"a": {"v": "1"}, "b": {"v": "1"}, "c": "1"}"#, "*.v", "2") == #"{"a": {"v": "2"}, "b": {"v": "2"}, "c": "1"}"#)
    }

    @Test func encodeAndDecodeAgree() {
        for value in ["", "plain", "\u{0}\u{1f}\u{7f}", "\u{FFFF}\u{10FFFF}", "\\\\\"", "tab\there"] {
            let literal = JSONString.encode(value)
            #expect(JSONString.decode(literal, 0..<literal.count) == value)
            let ascii = JSONString.encode(value, style: .init(escapesNonASCII: true))
            #expect(ascii.allSatisfy { $0 < 0x80 })
            #expect(JSONString.decode(ascii, 0..<ascii.count) == value)
        }
    }
}
