import TemplateSyntax

extension PythonDocument {
    /// The edit that writes `value` into `slot`'s literal: a string keeps its
    /// prefix and quotes and is escaped for them; a number, bool or None is
    /// replaced only by the same kind of literal. An expression is never
    /// rewritten.
    public func replacement(for slot: Slot, with value: String) throws(TemplateError) -> TextEdit {
        let at = slot.range.lowerBound
        switch slot.kind {
        case .string:
            guard let style = PythonString.style(source.bytes, slot.range) else {
                throw TemplateError(.value, "'\(slot.selectorText)' is not a string literal in this file", at: at)
            }
            switch PythonString.encode(value, style: style, asciiOnly: encoding.needsASCII) {
            case .success(let bytes):
                return TextEdit(range: slot.range, replacement: bytes)
            case .failure(let why):
                throw TemplateError(
                    .value,
                    "'\(slot.selectorText)' is the raw string \(source.text(slot.range)); '\(value)' cannot be written there: \(why.explanation(quote: style.delimiter))",
                    at: at)
            }
        case .number:
            guard PythonNumber.isValid(value) else {
                throw TemplateError(
                    .value,
                    "'\(slot.selectorText)' holds the number \(slot.value); '\(value)' is not a Python number, and writing it as a string would change the value's type",
                    at: at)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .bool:
            guard value == "True" || value == "False" else {
                throw TemplateError(.value, "'\(slot.selectorText)' holds a bool; write True or False, not '\(value)'", at: at)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .null:
            guard value == "None" else {
                throw TemplateError(
                    .value, "'\(slot.selectorText)' holds None, which says nothing of the type a new value should have; tplpatch will not guess",
                    at: at)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .expression:
            throw TemplateError(
                .value,
                "'\(slot.selectorText)' is bound to an expression (\(slot.value)), not a literal; tplpatch only rewrites literals",
                at: at)
        }
    }
}
