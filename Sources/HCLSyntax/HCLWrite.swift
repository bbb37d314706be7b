import TemplateSyntax

/// Writing new literal values: what an edit replaces a slot's bytes with.
///
/// Only the literal's own bytes change, so alignment, comments and the
/// rest of the line survive any edit.
public enum HCLWriter {
    /// `value` as an HCL quoted string literal, quotes included: `"` and `\`
    /// escaped, control characters as `\n` `\r` `\t` or `\uNNNN`, and `${`
    /// and `%{` doubled so they stay text rather than starting a template.
    public static func quotedLiteral(_ value: String) -> [UInt8] {
        let input = Array(value.utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(input.count + 2)
        var i = 0
        while i < input.count {
            let b = input[i]
            switch b {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "$"), UInt8(ascii: "%"):
                out.append(b)
                if i + 1 < input.count && input[i + 1] == UInt8(ascii: "{") { out.append(b) }
            default:
                if b < 0x20 || b == 0x7F {
                    let hex = Array(String(b, radix: 16, uppercase: true).utf8)
                    out += Array("\\u00".utf8) + (hex.count < 2 ? [UInt8(ascii: "0")] : []) + hex
                } else {
                    out.append(b)
                }
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// Whether `text` is an HCL number literal, optionally negative:
    /// `-? decimal+ ("." decimal+)? (("e"|"E") ("+"|"-")? decimal+)?`.
    public static func isNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        func digits() -> Bool {
            let start = i
            while i < bytes.count && HCLLexer.isDigit(bytes[i]) { i += 1 }
            return i > start
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() else { return false }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() else { return false }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() else { return false }
        }
        return i == bytes.count
    }

    /// The first line of an expression's text, cut to a readable length, for messages.
    static func shortened(_ text: String) -> String {
        var line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
        if line.hasSuffix("\r") { line.removeLast() }
        let limit = 60
        if line.count > limit { return String(line.prefix(limit)) + "..." }
        if line.utf8.count < text.utf8.count { return line + " ..." }
        return line
    }

    /// The edit that writes `value` into `slot`, or the reason it cannot.
    static func edit(for slot: Slot, with value: String, in source: SourceText) throws(TemplateError) -> TextEdit {
        let place = slot.selectorText.isEmpty ? "the value" : slot.selectorText
        guard slot.range.lowerBound >= 0, slot.range.upperBound <= source.count else {
            throw TemplateError(.value, "\(place) lies outside this file (\(source.count) bytes): the slot is from another document")
        }
        switch slot.kind {
        case .string:
            return TextEdit(range: slot.range, replacement: quotedLiteral(value))
        case .number:
            guard isNumber(value) else {
                throw TemplateError(
                    .value,
                    "\(place) is a number, and '\(value)' is not an HCL number (like 42, -1, 1.5 or 1e3); quote it in the file first if it should be a string",
                    at: slot.range.lowerBound)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .bool:
            guard value == "true" || value == "false" else {
                throw TemplateError(
                    .value, "\(place) is a bool, and '\(value)' is neither true nor false", at: slot.range.lowerBound)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .null:
            throw TemplateError(
                .value, "\(place) is null, which has no type to keep; tplpatch only rewrites strings, numbers and bools",
                at: slot.range.lowerBound)
        case .expression:
            throw TemplateError(
                .value,
                "\(place) is an expression (\(shortened(slot.value))), not a literal; tplpatch only rewrites literals",
                at: slot.range.lowerBound)
        }
    }
}
