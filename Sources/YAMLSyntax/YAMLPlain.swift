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
