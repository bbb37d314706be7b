import TemplateSyntax

/// Writing new literal values: what an edit replaces a slot's bytes with.
///
/// A string keeps its kind (basic, literal, multi-line of either); a value
/// that kind cannot hold is refused rather than written in another kind,
/// because switching quotes is a change the user did not ask for.
public enum TOMLWriter {
    /// `value` as the inside of a basic string (`"..."`): `"` and `\`
    /// escaped, control characters as `\b \t \n \f \r` or `\uXXXX`.
    public static func basicContent(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 2)
        for b in value.utf8 {
            switch b {
            case TOMLLexer.quote: out += [TOMLLexer.backslash, TOMLLexer.quote]
            case TOMLLexer.backslash: out += [TOMLLexer.backslash, TOMLLexer.backslash]
            case 0x08: out += [TOMLLexer.backslash, UInt8(ascii: "b")]
            case 0x09: out += [TOMLLexer.backslash, UInt8(ascii: "t")]
            case 0x0A: out += [TOMLLexer.backslash, UInt8(ascii: "n")]
            case 0x0C: out += [TOMLLexer.backslash, UInt8(ascii: "f")]
            case 0x0D: out += [TOMLLexer.backslash, UInt8(ascii: "r")]
            default:
                if b < 0x20 || b == 0x7F {
                    let hex = Array(String(b, radix: 16, uppercase: true).utf8)
                    out += Array("\\u00".utf8) + (hex.count < 2 ? [UInt8(ascii: "0")] : []) + hex
                } else {
                    out.append(b)
                }
            }
        }
        return out
    }

    /// The edit that writes `value` into `slot`, or the reason it cannot.
    static func edit(for slot: Slot, with value: String, in source: SourceText) throws(TemplateError) -> TextEdit {
        let place = slot.selectorText.isEmpty ? "the value" : slot.selectorText
        guard slot.range.lowerBound >= 0, slot.range.upperBound <= source.count, slot.range.count >= 2 || slot.kind != .string else {
            throw TemplateError(.value, "\(place) lies outside this file (\(source.count) bytes): the slot is from another document")
        }
        let at = slot.range.lowerBound
        switch slot.kind {
        case .string:
            return TextEdit(range: slot.range, replacement: try string(value, replacing: slot.range, in: source.bytes, place: place))
        case .number:
            guard TOMLValues.isNumber(value) else {
                throw TemplateError(
                    .value,
                    "\(place) is a number, and '\(value)' is not a TOML number (like 42, -1, 0xff, 1.5, 1e3 or inf); quote it in the file first if it should be a string",
                    at: at)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .bool:
            guard value == "true" || value == "false" else {
                throw TemplateError(.value, "\(place) is a boolean, and '\(value)' is neither true nor false", at: at)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .null, .expression:
            throw TemplateError(
                .value, "\(place) is a date-time (\(slot.value)); tplpatch only rewrites strings, numbers and booleans", at: at)
        }
    }

    static func string(_ value: String, replacing range: Range<Int>, in bytes: [UInt8], place: String) throws(TemplateError) -> [UInt8] {
        let start = range.lowerBound
        let delimiter = bytes[start]
        guard delimiter == TOMLLexer.quote || delimiter == TOMLLexer.apostrophe else {
            throw TemplateError(.value, "\(place) does not start with a quote here: the slot is from another document", at: start)
        }
        let multiline = range.count >= 6 && bytes[start + 1] == delimiter && bytes[start + 2] == delimiter
        // A multi-line string keeps the newline after its opening delimiter (trimmed by TOML) as it was.
        var opening = Array(bytes[start..<(start + (multiline ? 3 : 1))])
        if multiline {
            let content = TOMLValues.multilineContent(bytes, range)
            opening += bytes[(start + 3)..<content.lowerBound]
        }
        let closing = Array(repeating: delimiter, count: multiline ? 3 : 1)
        if delimiter == TOMLLexer.quote {
            return opening + basicContent(value) + closing
        }
        let utf8 = Array(value.utf8)
        if !multiline {
            if let bad = utf8.first(where: { $0 == TOMLLexer.apostrophe || TOMLLexer.isControl($0) }) {
                let what = bad == TOMLLexer.apostrophe ? "an apostrophe (')" : "the control character \(TOMLLexer.describe(bad))"
                throw TemplateError(
                    .value,
                    "\(place) is a literal string '...', which cannot hold \(what); change it to a basic string \"...\" in the file first",
                    at: start)
            }
            return opening + utf8 + closing
        }
        var run = 0
        for (i, b) in utf8.enumerated() {
            run = b == TOMLLexer.apostrophe ? run + 1 : 0
            let controlOK = b == TOMLLexer.lf || (b == TOMLLexer.cr && i + 1 < utf8.count && utf8[i + 1] == TOMLLexer.lf)
            if run >= 3 || (TOMLLexer.isControl(b) && !controlOK) {
                let what = run >= 3 ? "three apostrophes in a row (''')" : "the control character \(TOMLLexer.describe(b))"
                throw TemplateError(
                    .value,
                    "\(place) is a multi-line literal string '''...''', which cannot hold \(what); change it to a basic string in the file first",
                    at: start)
            }
        }
        // A newline right after ''' would be trimmed: keep one there to protect the value's own.
        if opening.count == 3, utf8.first == TOMLLexer.lf || utf8.first == TOMLLexer.cr { opening.append(TOMLLexer.lf) }
        // More than two apostrophes at the end would close the string early.
        if utf8.count >= 3 && utf8.suffix(3).allSatisfy({ $0 == TOMLLexer.apostrophe }) {
            throw TemplateError(
                .value, "\(place) is a multi-line literal string, which cannot end in three apostrophes", at: start)
        }
        return opening + utf8 + closing
    }
}
