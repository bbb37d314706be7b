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
            switch PythonString.encode(value, style: style, asciiOnly: declaresNonUTF8Encoding) {
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

    /// Whether the file's coding declaration (PEP 263, on line 1 or 2) names
    /// an encoding other than UTF-8; new text must then stay ASCII.
    var declaresNonUTF8Encoding: Bool {
        let bytes = source.bytes
        var lineStart = source.hasByteOrderMark ? 3 : 0
        for _ in 0..<2 {
            guard lineStart < bytes.count else { return false }
            var end = lineStart
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            let line = Array(bytes[lineStart..<end])
            var k = 0
            while k < line.count && (line[k] == 0x20 || line[k] == 0x09 || line[k] == 0x0C) { k += 1 }
            // Only a comment line can declare the encoding, and line 2 only after a blank or comment line.
            guard k == line.count || line[k] == 0x23 else { return false }
            if let name = PythonDocument.codingName(in: line) {
                let normalized = name.lowercased().replacingOccurrences("_", "-")
                return !(normalized == "utf-8" || normalized == "utf8" || normalized.hasPrefix("utf-8-"))
            }
            lineStart = end
            if lineStart < bytes.count && bytes[lineStart] == 0x0D { lineStart += 1 }
            if lineStart < bytes.count && bytes[lineStart] == 0x0A { lineStart += 1 }
        }
        return false
    }

    /// The name after `coding:` or `coding=` in a comment line.
    static func codingName(in line: [UInt8]) -> String? {
        let word = Array("coding".utf8)
        guard line.count > word.count else { return nil }
        for k in 0..<(line.count - word.count) where Array(line[k..<(k + word.count)]) == word {
            var j = k + word.count
            guard j < line.count, line[j] == 0x3A || line[j] == 0x3D else { continue }
            j += 1
            while j < line.count && (line[j] == 0x20 || line[j] == 0x09) { j += 1 }
            let start = j
            while j < line.count
                && (PythonLexer.isIdentifierContinue(line[j]) && line[j] < 0x80 || line[j] == 0x2D || line[j] == 0x2E)
            {
                j += 1
            }
            if j > start { return String(decoding: line[start..<j], as: UTF8.self) }
        }
        return nil
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
