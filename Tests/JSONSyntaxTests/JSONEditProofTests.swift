import JSONSyntax
import TemplateSyntax
import Testing

/// The cheap structural proof (`StructuralEditProof`) must hold for a real
/// edit and fail for every edit that changes more than its literal.
@Suite struct JSONEditProofTests {
    /// `provesOnlyEdits` for `edits` (named by a change of each edit's range)
    /// applied to `text`, or to `editedText` when given (a forged pair).
    func proves(_ text: String, _ edits: [TextEdit], editedText: String? = nil) throws -> Bool {
        let document = try JSONDocument(parsing: SourceText(text))
        let changes = edits.map { edit in
            SlotChange(slot: Slot(range: edit.range, value: "", kind: .string, path: []), value: "")
        }
        let edited = try editedText.map { SourceText($0) } ?? document.source.applying(edits)
        return document.provesOnlyEdits(
            try TextEdit.normalized(edits, count: text.utf8.count), changes: changes, in: try JSONDocument(parsing: edited))
    }

    func edit(_ text: String, replacing literal: String, with replacement: String) -> TextEdit {
        let bytes = Array(text.utf8)
        let needle = Array(literal.utf8)
        let start = (0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle } ?? -1
        return TextEdit(range: start..<(start + needle.count), replacement: replacement)
    }

    let text = #"{"a": "1", "b": [2, "x"], "c": {"d": true}}"#

    @Test func anEditOfOneLiteralIsProved() throws {
        #expect(try proves(text, [edit(text, replacing: #""1""#, with: #""1.2.3-rc.1""#)]))
        #expect(try proves(text, [edit(text, replacing: "2", with: "-2.5e3")]))
        #expect(try proves(text, [edit(text, replacing: "true", with: "false")]))
        #expect(try proves(text, [edit(text, replacing: #""1""#, with: #""""#), edit(text, replacing: #""x""#, with: #""yy""#)]))
    }

    @Test func aLiteralBrokenInTwoIsNotProved() throws {
        #expect(try !proves(text, [edit(text, replacing: #""x""#, with: #""x", "y""#)]))
        #expect(try !proves(text, [edit(text, replacing: #""1""#, with: #"["1"]"#)]))
    }

    @Test func aChangedKindIsNotProved() throws {
        #expect(try !proves(text, [edit(text, replacing: #""1""#, with: "1")]))
        #expect(try !proves(text, [edit(text, replacing: "true", with: "null")]))
    }

    @Test func aShiftedTokenIsNotProved() throws {
        // The edit says one literal grew by one byte, but the text it is
        // checked against also has a space more before "c".
        let forged = #"{"a": "12", "b": [2, "x"],  "c": {"d": true}}"#
        #expect(try !proves(text, [edit(text, replacing: #""1""#, with: #""12""#)], editedText: forged))
        let honest = #"{"a": "12", "b": [2, "x"], "c": {"d": true}}"#
        #expect(try proves(text, [edit(text, replacing: #""1""#, with: #""12""#)], editedText: honest))
    }

    @Test func anEditOfAMemberNameOrOfTriviaOrOfSeveralTokensIsNotProved() throws {
        #expect(try !proves(text, [edit(text, replacing: #""a""#, with: #""z""#)]))
        #expect(try !proves(text, [edit(text, replacing: ", ", with: ",  ")]))
        #expect(try !proves(text, [edit(text, replacing: #"2, "x""#, with: #"3, "y""#)]))
        #expect(try !proves(text, [edit(text, replacing: #"{"d": true}"#, with: #"{"d": false}"#)]))
    }

    @Test func anEditNoChangeNamesIsNotProved() throws {
        let document = try JSONDocument(parsing: SourceText(text))
        let edits = [edit(text, replacing: #""1""#, with: #""2""#)]
        let edited = try JSONDocument(parsing: document.source.applying(edits))
        #expect(!document.provesOnlyEdits(edits, changes: [], in: edited))
    }

    @Test func theProvedPathAndTheFullComparisonAgree() throws {
        let document = try JSONDocument(parsing: SourceText(text))
        for selector in ["a", "b[0]", "b[1]", "c.d"] {
            for value in ["1.2.3", "2", "false"] {
                let changes = try document.select(Selector(parsing: selector)).map { SlotChange(slot: $0, value: value) }
                let fast = Result { try document.applyingVerified(changes) }
                let full = Result { try document.applyingVerified(changes, comparingEveryScalar: true) }
                switch (fast, full) {
                case let (.success(a), .success(b)):
                    #expect(a.document.source == b.document.source && a.edits == b.edits)
                    #expect(document.provesOnlyEdits(a.edits, changes: changes, in: a.document))
                case (.failure, .failure): break
                default: Issue.record("\(selector) = \(value): the proved path and the full comparison disagree")
                }
            }
        }
    }

    @Test func aReparsedDocumentIsTheDocumentAFreshParseGives() throws {
        let document = try JSONDocument(parsing: SourceText(text))
        let edits = [
            edit(text, replacing: #""1""#, with: #""1.2.3""#), edit(text, replacing: "true", with: "false"),
            edit(text, replacing: #""x""#, with: #""x", {"y": [1]}"#), edit(text, replacing: #""1""#, with: "[]"),
        ]
        for edit in edits {
            let edited = try document.source.applying([edit])
            let reparsed = try document.reparsed(edited)
            let fresh = try JSONDocument(parsing: edited)
            #expect(Array(reparsed.nodes) == Array(fresh.nodes) && Array(reparsed.tokens) == Array(fresh.tokens))
            #expect(reparsed.scalars() == fresh.scalars())
        }
        #expect(throws: TemplateError.self) { try document.reparsed(SourceText(#"{"a": }"#)) }
    }

    @Test func printingIsOneRunOfTheSourceWhenTheTokensTileIt() throws {
        for bytes in [Array(text.utf8), [0xEF, 0xBB, 0xBF] + Array(" [1,\r\n\t2] \n".utf8), Array("0".utf8)] {
            let document = try JSONDocument(parsing: SourceText(bytes: bytes))
            #expect(document.printedRuns() == [0..<bytes.count])
            #expect(document.printed() == bytes)
        }
    }
}
