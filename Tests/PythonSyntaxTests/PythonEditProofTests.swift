import Foundation
import PythonSyntax
import TemplateSyntax
import Testing

/// `PythonDocument.provesOnlyEdits`: true for a real edit, false for every
/// edited document that differs from the original by more than the edits,
/// and for a literal two names share.
@Suite struct PythonEditProofTests {
    static let text = """
        \"\"\"Module.\"\"\"
        __version__ = "1.2.3"  # bumped by CI
        VERSION_INFO = (1, 2, 3)
        A = B = "1.0"
        DEBUG = False

        def f():
            return __version__

        """

    func edit(_ document: PythonDocument, _ selector: String, to value: String) throws -> ([TextEdit], [SlotChange], PythonDocument) {
        let slots = try document.select(Selector(parsing: selector))
        #expect(!slots.isEmpty)
        let changes = slots.map { SlotChange(slot: $0, value: value) }
        let edits = try TextEdit.normalized(try changes.map { try document.replacement(for: $0.slot, with: $0.value) }, count: document.source.count)
        let edited = try PythonDocument(parsing: document.source.applying(edits))
        return (edits, changes, edited)
    }

    @Test func realEditsAreProved() throws {
        let document = try PythonDocument(parsing: SourceText(Self.text))
        for (selector, value) in [("__version__", "1.10.0"), ("VERSION_INFO[2]", "42"), ("DEBUG", "True")] {
            let (edits, changes, edited) = try edit(document, selector, to: value)
            #expect(document.provesOnlyEdits(edits, changes: changes, in: edited), "\(selector)")
            _ = try document.applyingVerified(changes)
        }
    }

    @Test func aSharedLiteralIsNotProved() throws {
        let document = try PythonDocument(parsing: SourceText(Self.text))
        let (edits, changes, edited) = try edit(document, "A", to: "2.0")
        #expect(!document.provesOnlyEdits(edits, changes: changes, in: edited))
        // The full comparison refuses it too.
        #expect(throws: TemplateError.self) { try document.applyingVerified(changes) }
    }

    @Test func anExtraTokenOrAChangedKindIsNotProved() throws {
        let document = try PythonDocument(parsing: SourceText(Self.text))
        let (_, changes, _) = try edit(document, "__version__", to: "x")
        let slot = changes[0].slot
        // The splice is exact, but the value is now two tokens.
        let twoStrings = [TextEdit(range: slot.range, replacement: "\"1\" \"2\"")]
        #expect(!document.provesOnlyEdits(twoStrings, changes: changes, in: try PythonDocument(parsing: document.source.applying(twoStrings))))
        // One token, of another kind (a number, not a string).
        let number = [TextEdit(range: slot.range, replacement: "12")]
        let asNumber = [SlotChange(slot: slot, value: "12")]
        #expect(!document.provesOnlyEdits(number, changes: asNumber, in: try PythonDocument(parsing: document.source.applying(number))))
    }

    @Test func aShiftedOrChangedTokenElsewhereIsNotProved() throws {
        let document = try PythonDocument(parsing: SourceText(Self.text))
        let (edits, changes, edited) = try edit(document, "__version__", to: "2.0.0")
        let spliced = try document.source.applying(edits).string
        let moved = try PythonDocument(parsing: SourceText(spliced.replacingOccurrences(of: "DEBUG = False", with: "DEBUG  = False")))
        #expect(!document.provesOnlyEdits(edits, changes: changes, in: moved))
        let other = try PythonDocument(parsing: SourceText(spliced.replacingOccurrences(of: "(1, 2, 3)", with: "(1, 2, 4)")))
        #expect(!document.provesOnlyEdits(edits, changes: changes, in: other))
        let wrong = changes.map { SlotChange(slot: $0.slot, value: "2.0.1") }
        #expect(!document.provesOnlyEdits(edits, changes: wrong, in: edited))
    }
}
