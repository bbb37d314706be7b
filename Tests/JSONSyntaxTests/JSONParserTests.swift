import JSONSyntax
import TemplateSyntax
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(TemplateError) -> JSONDocument {
        try JSONDocument(parsing: SourceText(text))
    }

    func errorLocation(_ text: String) -> (String, String)? {
        let source = SourceText(text)
        do {
            _ = try JSONDocument(parsing: source)
            return nil
        } catch {
            return (error.message, source.location(of: error.offset ?? -1).description)
        }
    }

    @Test func oddBytesRoundTrip() throws {
        let samples: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}\n".utf8),
            Array("{\r\n\t\"a\" :\t[1 , 2e-5, -0.5E+3]\r\n}".utf8),
            Array(" \"\\u00e9\\ud83d\\ude00\\/\" ".utf8),
            Array("[]".utf8), Array("{}".utf8), Array("0".utf8), Array("null".utf8),
            Array("{\"\u{1F600}\": \"\u{e9}\"}".utf8),
        ]
        for bytes in samples {
            let document = try JSONDocument(parsing: SourceText(bytes: bytes))
            #expect(document.printed() == bytes)
        }
    }

    @Test func treeShape() throws {
        let document = try parse(#"{"a": [1, {"b": true}], "c": null}"#)
        #expect(document.nodes.map(\.kind) == [.object, .array, .number, .object, .trueLiteral, .nullLiteral])
        #expect(document.children(ofNode: 0) == [1, 5])
        #expect(document.key(ofNode: 5) == "c")
        #expect(document.children(ofNode: 1) == [2, 3])
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "trailing comma", "1:9"),
        ("[1, 2,]", "trailing comma", "1:7"),
        ("{\"a\" 1}", "expected ':'", "1:6"),
        ("{\"a\": 1 \"b\": 2}", "expected ',' or '}'", "1:9"),
        ("{\n  \"a\": \"x\n}", "a line break must be escaped", "2:10"),
        ("{\"a\": 01}", "leading zeros", "1:7"),
        ("{\"a\": 1.2.3}", "version such as 1.2.3 must be a string", "1:7"),
        ("{\"a\": True}", "invalid literal", "1:7"),
        ("// c\n{}", "comments are not allowed", "1:1"),
        ("{'a': 1}", "double quotes", "1:2"),
        ("{\"a\": [1, 2}", "expected ',' or ']'", "1:12"),
        ("\n\n{\"a\": [1, 2]", "expected ',' or '}'", "3:13"),
        ("{} {}", "after the JSON value", "1:4"),
        ("", "only whitespace", "1:1"),
        ("\"abc", "unterminated string", "1:1"),
        ("\"\\x\"", "invalid escape", "1:2"),
        ("[\"\\u12G4\"]", "four hex digits", "1:3"),
        ("[-]", "expected a digit", "1:3"),
        ("{\"a\":", "unexpected end of input: expected a value", "1:6"),
    ])
    func errorsArePositioned(text: String, message: String, location: String) {
        guard let (got, at) = errorLocation(text) else {
            Issue.record("\(text.debugDescription) should be rejected")
            return
        }
        #expect(got.contains(message), "\(text.debugDescription): \(got)")
        #expect(at == location, "\(text.debugDescription): \(got)")
    }

    @Test func unclosedContainersPointBackAtTheOpener() {
        let source = SourceText("[\n  {\"a\": 1\n")
        #expect { try JSONDocument(parsing: source) } throws: { error in
            guard let error = error as? TemplateError, let note = error.notes.first else { return false }
            return source.location(of: note.offset).description == "2:3" && note.message.contains("object opened here")
        }
    }

    @Test func invalidUTF8InAStringIsRejected() {
        for bytes: [UInt8] in [[0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE9, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]] {
            #expect(throws: TemplateError.self) { try JSONDocument(parsing: SourceText(bytes: bytes)) }
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect { try JSONDocument(parsing: SourceText(deep)) } throws: { error in
            (error as? TemplateError)?.message.contains("deeper than 10000") == true
        }
        let fine = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let document = try JSONDocument(parsing: SourceText(fine))
        #expect(document.nodes.count == 10_000)
        #expect(throws: TemplateError.self) { try JSONDocument(parsing: SourceText("[[[]]]"), maximumDepth: 2) }
    }

    @Test func triviaCoversTheGaps() throws {
        let document = try parse(" {\"a\" : 1 } \n")
        #expect(document.leadingTrivia(ofToken: 0) == 0..<1)
        #expect(document.leadingTrivia(ofToken: 2) == 5..<6)
        #expect(document.leadingTrivia(ofToken: document.tokens.count) == 11..<13)
    }
}

/// Token lengths are a byte each, with lengths of 255 bytes or more kept
/// aside: tokens on both sides of that line keep their exact bytes.
@Suite struct JSONLongTokenTests {
    @Test func tokensOfEveryLengthKeepTheirBytes() throws {
        for length in [253, 254, 255, 256, 70_000] {
            let long = String(repeating: "v", count: length - 2)
            let number = "1" + String(repeating: "0", count: length - 1)
            let text = "[\"\(long)\", \(number), \"\(long)x\", {\"k\": \"\(long)\"}]"
            let document = try JSONDocument(parsing: SourceText(text))
            #expect(document.printed() == Array(text.utf8))
            let slots = document.scalars()
            #expect(slots.map(\.range.count) == [length, length, length + 1, length])
            #expect(slots.map(\.value) == [long, number, long + "x", long])
            #expect(document.tokens.map { $0.range.count } == [1, length, 1, length, 1, length + 1, 1, 1, 3, 1, length, 1, 1])
            let changes = [SlotChange(slot: slots[2], value: "1.2.3")]
            let edited = try document.applyingVerified(changes).document
            #expect(try edited.select(Selector(parsing: "[3].k")).map(\.value) == [long])
        }
    }
}
