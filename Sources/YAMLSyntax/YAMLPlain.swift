import TemplateSyntax

/// When a value may be written as a plain scalar.
enum YAMLPlain {
    /// Whether `value`, written plain where the old scalar was, reads back as
    /// the same string with the same core-schema type. Decided in two steps:
    /// quick rules (indicators, `: `, ` #`, edge spaces, line breaks) throw
    /// out the obvious cases; the rest are proven by running the candidate
    /// through libyaml in a tiny document of the same context (block:
    /// `k: V` and `- V`; flow: `[V]` and `{k: V}`), which costs microseconds.
    static func isExact(_ value: String, as kind: Slot.Kind, inFlow: Bool) -> Bool {
        guard YAMLScalar.coreSchemaKind(of: value) == kind, passesQuickRules(value, inFlow: inFlow) else { return false }
        if kind == .string && isYAML11NonString(value) { return false }
        let contexts: [(text: String, scalars: Int)] =
            inFlow ? [("[" + value + "]", 1), ("{k: " + value + "}", 2)] : [("k: " + value + "\n", 2), ("- " + value + "\n", 1)]
        for (text, expected) in contexts {
            var scalars: [(String, YAMLNode.Style)] = []
            var collections = 0
            let failure = LibYAML.parse(Array(text.utf8)) { event in
                switch event.kind {
                case .scalar: scalars.append((String(decoding: event.value, as: UTF8.self), event.scalarStyle))
                case .mappingStart, .sequenceStart, .alias: collections += 1
                default: break
                }
            }
            guard failure == nil, collections == 1, scalars.count == expected, let last = scalars.last,
                last.0 == value, last.1 == .plain
            else { return false }
        }
        return true
    }

    /// Strings that YAML 1.1 readers (PyYAML, go-yaml v2, many CI and
    /// compose tools) would take for a boolean, number or date although the
    /// 1.2 core schema says string: `yes`, `off`, `1_000`, `0b101`, `1:30`,
    /// `2024-01-31`. Written plain they could change type for those readers;
    /// quoted they are strings for everyone, so they are quoted.
    static func isYAML11NonString(_ value: String) -> Bool {
        let words: Set<String> = [
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
        ]
        if words.contains(value) { return true }
        let b = Array(value.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var body = b[...]
        if let first = body.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { body = body.dropFirst() }
        guard let head = body.first, isDigit(head) || head == UInt8(ascii: ".") else { return false }
        // Numbers with `_` separators, binary, sexagesimal (`1:30`): digits
        // and only these marks, with at least one digit.
        if body.starts(with: Array("0b".utf8)) && body.count > 2 && body.dropFirst(2).allSatisfy({ $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }) {
            return true
        }
        let numberMarks: Set<UInt8> = [UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: ".")]
        if body.allSatisfy({ isDigit($0) || numberMarks.contains($0) }) && (body.contains(UInt8(ascii: "_")) || body.contains(UInt8(ascii: ":"))) {
            return true
        }
        // Dates and timestamps: YYYY-M-D, then anything.
        let parts = value.split(separator: "-", maxSplits: 3, omittingEmptySubsequences: false)
        if parts.count >= 3, parts[0].count == 4, parts[0].utf8.allSatisfy(isDigit),
            (1...2).contains(parts[1].count), parts[1].utf8.allSatisfy(isDigit),
            let day = parts[2].utf8.prefix(while: isDigit).count as Int?, (1...2).contains(day)
        {
            return true
        }
        return false
    }

    static func passesQuickRules(_ value: String, inFlow: Bool) -> Bool {
        let s = Array(value.unicodeScalars)
        guard let first = s.first, let last = s.last else { return false }
        if first == " " || first == "\t" || last == " " || last == "\t" { return false }
        if "*&!{}[]|>%@`'\"#,".unicodeScalars.contains(first) { return false }
        if s.count >= 2 && "-?:".unicodeScalars.contains(first) && (s[1] == " " || s[1] == "\t") { return false }
        if last == ":" || value.contains(": ") || value.contains(" #") || value.contains(":\t") || value.contains("\t#") { return false }
        if inFlow && s.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
        return s.allSatisfy { YAMLQuoting.isPrintable($0) && !YAMLQuoting.isLineBreak($0) && $0 != "\r" && $0 != "\u{FEFF}" }
    }
}
