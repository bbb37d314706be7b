import Foundation
import TOMLSyntax
import TemplateSyntax
import Testing

/// `TOMLDocument.provesOnlyEdits`: true for a real edit, false for every
/// edited document that differs from the original by more than the edits.
@Suite struct TOMLEditProofTests {
    static let text = """
        [project]
        name = "demo"
        version = "1.2.3" # bumped
        classifiers = ["a", 'b']
        deps = { serde = { version = "1.0" }, n = 3 }

        [[bin]]
        name = "x"

        """

    func edit(_ document: TOMLDocument, _ selector: String, to value: String) throws -> ([TextEdit], [SlotChange], TOMLDocument) {
        let slots = try document.select(Selector(parsing: selector))
        #expect(!slots.isEmpty)
        let changes = slots.map { SlotChange(slot: $0, value: value) }
        let edits = try TextEdit.normalized(try changes.map { try document.replacement(for: $0.slot, with: $0.value) }, count: document.source.count)
        let edited = try TOMLDocument(parsing: document.source.applying(edits))
        return (edits, changes, edited)
    }

    @Test func realEditsAreProved() throws {
        let document = try TOMLDocument(parsing: SourceText(Self.text))
        for (selector, value) in [
            ("project.version", "1.10.0"), ("project.classifiers[1]", "c"), ("project.deps.serde.version", "2"),
            ("project.deps.n", "4"), ("bin[0].name", "longer name"),
        ] {
            let (edits, changes, edited) = try edit(document, selector, to: value)
            #expect(document.provesOnlyEdits(edits, changes: changes, in: edited), "\(selector)")
            _ = try document.applyingVerified(changes)
        }
    }

    @Test func anExtraTokenOrAChangedKindIsNotProved() throws {
        let document = try TOMLDocument(parsing: SourceText(Self.text))
        let (_, changes, _) = try edit(document, "project.version", to: "x")
        let slot = changes[0].slot
        let array = [TextEdit(range: slot.range, replacement: "[1]")]
        #expect(!document.provesOnlyEdits(array, changes: changes, in: try TOMLDocument(parsing: document.source.applying(array))))
        let number = [TextEdit(range: slot.range, replacement: "12")]
        let asNumber = [SlotChange(slot: slot, value: "12")]
        #expect(!document.provesOnlyEdits(number, changes: asNumber, in: try TOMLDocument(parsing: document.source.applying(number))))
    }

    @Test func aShiftedOrChangedTokenElsewhereIsNotProved() throws {
        let document = try TOMLDocument(parsing: SourceText(Self.text))
        let (edits, changes, edited) = try edit(document, "project.version", to: "2.0.0")
        let spliced = try document.source.applying(edits).string
        let moved = try TOMLDocument(parsing: SourceText(spliced.replacingOccurrences(of: "name = \"x\"", with: "name  = \"x\"")))
        #expect(!document.provesOnlyEdits(edits, changes: changes, in: moved))
        let other = try TOMLDocument(parsing: SourceText(spliced.replacingOccurrences(of: "n = 3", with: "n = 4")))
        #expect(!document.provesOnlyEdits(edits, changes: changes, in: other))
        let wrong = changes.map { SlotChange(slot: $0.slot, value: "2.0.1") }
        #expect(!document.provesOnlyEdits(edits, changes: wrong, in: edited))
    }

    @Test func aKeyIsNotASlot() throws {
        let document = try TOMLDocument(parsing: SourceText("\"quoted key\" = 1\n"))
        let slot = Slot(range: 0..<12, value: "quoted key", kind: .string, path: [.key("quoted key")])
        let edits = [TextEdit(range: slot.range, replacement: "\"other key\"")]
        let edited = try TOMLDocument(parsing: document.source.applying(edits))
        #expect(!document.provesOnlyEdits(edits, changes: [SlotChange(slot: slot, value: "other key")], in: edited))
    }
}
