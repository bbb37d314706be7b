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
        switch YAMLScalar.kind(style: node.style, tag: tag(ofNode: index), value: old) {
        case .expression:
            throw TemplateError(
                .value, "'\(slot.selectorText)' is a tagged expression (\(tag(ofNode: index) ?? "!")); tplpatch reads it but does not rewrite it", at: at)
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
        func matches(_ i: Int) -> Bool {
            guard nodes[i].kind == .scalar else { return false }
            let content = contentRange(ofNode: i)
            return content == slot.range || (tagStart(ofNode: i).map { $0..<content.upperBound } == slot.range)
        }
        // Nodes are in preorder, so their starts never decrease: the scalar
        // is among the last nodes starting at or before the slot. Looking
        // there first keeps an edit of thousands of slots from scanning the
        // tree once per slot; the full scan below stays as the fallback.
        var low = 0
        var high = nodes.count
        while low < high {
            let mid = (low + high) / 2
            if nodes[mid].range.lowerBound <= slot.range.lowerBound { low = mid + 1 } else { high = mid }
        }
        var i = low - 1
        while i >= 0 && i >= low - 64 {
            if matches(i) { return i }
            i -= 1
        }
        return nodes.indices.first(where: matches)
    }

    private func write(_ value: String, kind: Slot.Kind, index: Int, slot: Slot) throws(TemplateError) -> TextEdit {
        let node = nodes[index]
        let range = contentRange(ofNode: index)
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
        let range = contentRange(ofNode: index)
        let at = range.lowerBound
        func refuse(_ why: String) -> TemplateError {
            TemplateError(.value, "'\(slot.selectorText)' is a \(node.style == .literal ? "literal (|)" : "folded (>)") block scalar; \(why)", at: at)
        }
        enum Chomping { case strip, clip, keep }
        var chomping = Chomping.clip
        var hasIndentIndicator = false
        // The indicators follow `|` or `>` directly, at most two of them.
        var i = range.lowerBound + 1
        indicators: while i < range.upperBound && i < range.lowerBound + 3 {
            switch bytes[i] {
            case UInt8(ascii: "-"): chomping = .strip
            case UInt8(ascii: "+"): chomping = .keep
            case UInt8(ascii: "1")...UInt8(ascii: "9"): hasIndentIndicator = true
            default: break indicators
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
                edited.nodes[$0].kind == .scalar && edited.contentRange(ofNode: $0).lowerBound == range.lowerBound
            }.map { edited.value(ofNode: $0) }
        } catch {
            readBack = nil
        }
        guard readBack == value else { throw refuse("the value cannot be written in it exactly") }
        return edit
    }
}
