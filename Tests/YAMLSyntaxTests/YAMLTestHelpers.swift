import TemplateSyntax
import YAMLSyntax

/// Small helpers for the unit tests.
func yaml(_ text: String) throws -> YAMLDocument {
    try YAMLDocument(parsing: SourceText(text))
}

func yaml(bytes: [UInt8]) throws -> YAMLDocument {
    try YAMLDocument(parsing: SourceText(bytes: bytes))
}

extension YAMLDocument {
    /// The slots `selector` names.
    func slots(_ selector: String) throws -> [Slot] {
        try select(Selector(parsing: selector))
    }

    /// The one slot `selector` names; throws when there is not exactly one.
    func slot(_ selector: String) throws -> Slot {
        let found = try slots(selector)
        guard found.count == 1, let only = found.first else {
            throw TemplateError(.selection, "\(selector) names \(found.count) slots")
        }
        return only
    }

    /// The bytes of a slot, as text.
    func text(of slot: Slot) -> String { source.text(slot.range) }

    /// The source after making `selector` hold `value`, verified.
    func editing(_ selector: String, to value: String) throws -> String {
        let (result, _) = try applyingVerified([SlotChange(slot: slot(selector), value: value)])
        return result.source.string
    }
}

/// The byte offset of the first occurrence of `needle` in `text`.
func byteOffset(of needle: String, in text: String) -> Int? {
    let hay = Array(text.utf8)
    let pin = Array(needle.utf8)
    guard pin.count <= hay.count else { return nil }
    return (0...(hay.count - pin.count)).first { Array(hay[$0..<($0 + pin.count)]) == pin }
}
