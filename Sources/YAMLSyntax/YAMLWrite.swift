import TemplateSyntax

extension YAMLDocument {
    /// The edit that makes `slot` hold `value`, in the scalar's own style:
    /// a plain scalar stays plain when that reads back as the same string of
    /// the same type, and is double-quoted otherwise; quoted scalars keep
    /// their quotes (a single-quoted one turns double-quoted only for a value
    /// single quotes cannot hold, such as a line break); a literal or folded
    /// block scalar keeps its header and indentation. Tagged expressions
    /// (`!Ref`, `!Sub`) and nulls are never rewritten.
    public func replacement(for slot: Slot, with value: String) throws(TemplateError) -> TextEdit {
        let at = slot.range.lowerBound
        guard let index = scalarNode(for: slot) else {
            throw TemplateError(.edit, "no scalar of this document sits at bytes \(slot.range); was the slot read from another text?", at: at)
        }
        let node = nodes[index]
        let old = self.value(ofNode: index)
        switch YAMLScalar.kind(style: node.style, tag: node.tag, value: old) {
        case .expression:
            throw TemplateError(
                .value, "'\(slot.selectorText)' is a tagged expression (\(node.tag ?? "!")); tplpatch reads it but does not rewrite it", at: at)
        case .null:
            throw TemplateError(
                .value, "'\(slot.selectorText)' holds null, which says nothing of the type a new value should have; tplpatch will not guess",
                at: at)
        case .number:
            guard YAMLScalar.isCoreNumber(value) else {
                throw TemplateError(
                    .value,
                    "'\(slot.selectorText)' holds the number \(old); '\(value)' is not a YAML number, and writing it as a string would change the value's type",
                    at: at)
            }
            return try write(value, kind: .number, index: index, slot: slot)
        case .bool:
            guard YAMLScalar.isCoreBool(value) else {
                throw TemplateError(.value, "'\(slot.selectorText)' holds a boolean; write true or false, not '\(value)'", at: at)
            }
            return try write(value, kind: .bool, index: index, slot: slot)
        case .string:
            return try write(value, kind: .string, index: index, slot: slot)
        }
    }

    /// The scalar node whose literal (or, for an expression, tag and literal) is `slot.range`.
    func scalarNode(for slot: Slot) -> Int? {
        nodes.indices.first { i in
            let node = nodes[i]
            guard node.kind == .scalar else { return false }
            return node.contentRange == slot.range
                || (node.tagStart.map { $0..<node.contentRange.upperBound } == slot.range)
        }
    }

    private func write(_ value: String, kind: Slot.Kind, index: Int, slot: Slot) throws(TemplateError) -> TextEdit {
        let node = nodes[index]
        let range = node.contentRange
        switch node.style {
        case .plain:
            if YAMLPlain.isExact(value, as: kind, inFlow: node.inFlow) { return TextEdit(range: range, replacement: value) }
            guard kind == .string else {
                throw TemplateError(.value, "'\(value)' cannot be written as a plain \(kind.rawValue) at '\(slot.selectorText)'", at: range.lowerBound)
            }
            return TextEdit(range: range, replacement: YAMLQuoting.doubleQuoted(value))
        case .singleQuoted:
            if let quoted = YAMLQuoting.singleQuoted(value) { return TextEdit(range: range, replacement: quoted) }
            return TextEdit(range: range, replacement: YAMLQuoting.doubleQuoted(value))
        case .doubleQuoted:
            return TextEdit(range: range, replacement: YAMLQuoting.doubleQuoted(value))
        case .literal, .folded:
            return try blockReplacement(index: index, value: value, slot: slot)
        case .block, .flow, .alias:
            throw TemplateError(.value, "'\(slot.selectorText)' is not a scalar", at: range.lowerBound)
        }
    }

    /// A block scalar gets new content lines under its own header (`|`,
    /// `>-`, `|2+` ...), at its own indentation and with its own line
    /// breaks; blank lines after the content are kept when they are not part
    /// of the value. The result is checked by parsing the edited text with
    /// libyaml (only block scalars pay for this; their rules are subtle
    /// enough to deserve a proof), and refused if it does not read back exactly.
    private func blockReplacement(index: Int, value: String, slot: Slot) throws(TemplateError) -> TextEdit {
        let node = nodes[index]
        let bytes = source.bytes
        let range = node.contentRange
        let at = range.lowerBound
        func refuse(_ why: String) -> TemplateError {
            TemplateError(.value, "'\(slot.selectorText)' is a \(node.style == .literal ? "literal (|)" : "folded (>)") block scalar; \(why)", at: at)
        }
        enum Chomping { case strip, clip, keep }
        var chomping = Chomping.clip
        var hasIndentIndicator = false
        var i = range.lowerBound + 1
        while i < range.upperBound && i < range.lowerBound + 3 {
            switch bytes[i] {
            case UInt8(ascii: "-"): chomping = .strip
            case UInt8(ascii: "+"): chomping = .keep
            case UInt8(ascii: "1")...UInt8(ascii: "9"): hasIndentIndicator = true
            default: break
            }
            i += 1
        }
        guard let newline = bytes[range].firstIndex(of: 0x0A) else { throw refuse("its header has no content lines after it") }
        let headerEnd = newline + 1
        let lineBreak: [UInt8] = newline > range.lowerBound && bytes[newline - 1] == 0x0D ? [0x0D, 0x0A] : [0x0A]

        // Body lines: (start, end without the line break, whether a break follows).
        var lines: [(start: Int, end: Int, broken: Bool)] = []
        var lineStart = headerEnd
        while lineStart < range.upperBound {
            var end = lineStart
            while end < range.upperBound && bytes[end] != 0x0A { end += 1 }
            let broken = end < range.upperBound
            var contentEnd = end
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            lines.append((lineStart, contentEnd, broken))
            lineStart = end + 1
        }
        func isBlank(_ line: (start: Int, end: Int, broken: Bool)) -> Bool {
            bytes[line.start..<line.end].allSatisfy { $0 == 0x20 }
        }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else {
            throw refuse("it is empty, so its indentation is unknown")
        }
        // The first content line is the first value line behind the indentation.
        let old = self.value(ofNode: index)
        let oldFirst = old.split(separator: "\n", omittingEmptySubsequences: true).first { $0.contains { $0 != " " } }
        let leading = bytes[lines[first].start..<lines[first].end].prefix { $0 == 0x20 }.count
        let indent = leading - (oldFirst?.prefix { $0 == " " }.count ?? 0)
        guard indent >= 0 else { throw refuse("its indentation could not be worked out") }
        let endsWithBreak = lines[last].broken
        let replaceEnd: Int
        if chomping == .keep {
            replaceEnd = range.upperBound
        } else {
            replaceEnd = endsWithBreak ? (lines[last].end + lineBreak.count) : lines[last].end
        }

        var text = Substring(value)
        switch chomping {
        case .strip:
            guard !text.hasSuffix("\n") else { throw refuse("its header (-) strips final line breaks, so the value cannot end with one") }
        case .clip, .keep:
            if endsWithBreak {
                guard text.hasSuffix("\n") else { throw refuse("its value ends with a line break; the new value must too") }
                text.removeLast()
                if chomping == .clip && text.hasSuffix("\n") {
                    throw refuse("its header keeps exactly one final line break; use a |+ header for more")
                }
            } else if text.hasSuffix("\n") {
                throw refuse("it ends the file without a final line break, so its value cannot end with one")
            }
        }
        guard !text.isEmpty else { throw refuse("an empty value cannot be written in it") }
        let newLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in newLines {
            guard line.unicodeScalars.allSatisfy({ YAMLQuoting.isPrintable($0) && !YAMLQuoting.isLineBreak($0) })
            else { throw refuse("the value holds characters a block scalar cannot show") }
        }
        if node.style == .folded {
            guard newLines.count == 1, let head = newLines.first?.unicodeScalars.first, head != " ", head != "\t" else {
                throw refuse("only a one-line value that does not start with a space can be written in it exactly")
            }
        } else if !hasIndentIndicator, let head = newLines.first(where: { !$0.isEmpty })?.unicodeScalars.first, head == " " {
            throw refuse("a value starting with a space would need an indentation indicator")
        }

        var replacement = Array(bytes[range.lowerBound..<headerEnd])
        for (n, line) in newLines.enumerated() {
            if !line.isEmpty {
                replacement.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
                replacement.append(contentsOf: line.utf8)
            }
            if n < newLines.count - 1 || endsWithBreak { replacement.append(contentsOf: lineBreak) }
        }
        let edit = TextEdit(range: range.lowerBound..<replaceEnd, replacement: replacement)

        // Proof in context: the edited text must parse and hold exactly `value` here.
        let readBack: String?
        do {
            let edited = try YAMLDocument(parsing: source.applying([edit]))
            readBack = edited.nodes.indices.first {
                edited.nodes[$0].kind == .scalar && edited.nodes[$0].contentRange.lowerBound == range.lowerBound
            }.map { edited.value(ofNode: $0) }
        } catch {
            readBack = nil
        }
        guard readBack == value else { throw refuse("the value cannot be written in it exactly") }
        return edit
    }
}

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

/// YAML's quoted scalar forms.
public enum YAMLQuoting {
    /// `value` as a YAML double-quoted scalar: `\` and `"` escaped, and every
    /// character YAML does not allow raw (controls, line breaks, a BOM) as an
    /// escape, so the result is one line.
    public static func doubleQuoted(_ value: String) -> [UInt8] {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x00: out += "\\0"
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x1B: out += "\\e"
            case 0x85: out += "\\N"
            case 0x2028: out += "\\L"
            case 0x2029: out += "\\P"
            case 0xFEFF: out += "\\uFEFF"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else {
                    out += "\\u" + hex(scalar.value, width: 4)
                }
            }
        }
        out += "\""
        return Array(out.utf8)
    }

    /// `value` as a YAML single-quoted scalar (`'` doubled), or nil when it
    /// holds something single quotes cannot show on one line: a line break,
    /// a tab at either end, a character outside YAML's printable set.
    public static func singleQuoted(_ value: String) -> [UInt8]? {
        guard value.unicodeScalars.allSatisfy({ ($0 == "\t" || isPrintable($0)) && !isLineBreak($0) && $0 != "\r" && $0 != "\u{FEFF}" })
        else { return nil }
        // Tabs at the ends of a one-line single-quoted scalar are kept by
        // YAML, but an editor may strip them; spaces are fine.
        if value.hasPrefix("\t") || value.hasSuffix("\t") { return nil }
        var out: [UInt8] = [UInt8(ascii: "'")]
        for byte in value.utf8 {
            out.append(byte)
            if byte == UInt8(ascii: "'") { out.append(byte) }
        }
        out.append(UInt8(ascii: "'"))
        return out
    }

    /// YAML's `c-printable`: what may appear raw in a YAML stream.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Characters libyaml treats as line breaks.
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
