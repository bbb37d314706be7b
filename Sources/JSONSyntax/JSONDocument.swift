import TemplateSyntax

/// A JSON text parsed into a lossless tree: tokens plus the whitespace
/// between them cover every byte, so printing the tree gives back the input.
public struct JSONDocument: TemplateDocument {
    public static let formatName = "json"

    public let source: SourceText
    // The tree as flat arrays (see `JSONParser`): per token its kind, start
    // and end; per value its tokens and subtree.
    let tokenKinds: [JSONToken.Kind]
    let tokenStarts: [UInt32]
    let tokenLengths: JSONTokenLengths
    let nodeRecords: [JSONNodeRecord]
    /// The nesting bound it was parsed with (a re-parse uses it again).
    let maximumDepth: Int

    /// Every token, in order. The bytes between two tokens are trivia.
    public var tokens: JSONTokens { JSONTokens(kinds: tokenKinds, starts: tokenStarts, lengths: tokenLengths) }
    /// Every value, in preorder; `nodes[0]` is the top-level value.
    public var nodes: JSONNodes { JSONNodes(records: nodeRecords, kinds: tokenKinds) }

    public init(parsing source: SourceText) throws(TemplateError) {
        try self.init(parsing: source, maximumDepth: JSONParser.defaultMaximumDepth)
    }

    /// Parses with a bound on nesting (objects and arrays inside each other).
    public init(parsing source: SourceText, maximumDepth: Int) throws(TemplateError) {
        self.source = source
        self.maximumDepth = maximumDepth
        let parser = try JSONParser.parse(source.bytes, maximumDepth: maximumDepth)
        tokenKinds = parser.kinds
        tokenStarts = parser.starts
        tokenLengths = parser.lengths
        nodeRecords = parser.nodes
    }

    init(
        source: SourceText, maximumDepth: Int, tokenKinds: [JSONToken.Kind], tokenStarts: [UInt32], tokenLengths: JSONTokenLengths,
        nodeRecords: [JSONNodeRecord]
    ) {
        self.source = source
        self.maximumDepth = maximumDepth
        self.tokenKinds = tokenKinds
        self.tokenStarts = tokenStarts
        self.tokenLengths = tokenLengths
        self.nodeRecords = nodeRecords
    }

    /// Value `index`.
    func node(_ index: Int) -> JSONNode { JSONNode(nodeRecords[index], kinds: tokenKinds) }

    /// The bytes of token `index`.
    func tokenRange(_ index: Int) -> Range<Int> { Int(tokenStarts[index])..<tokenEnd(index) }

    /// One past the last byte of token `index`.
    func tokenEnd(_ index: Int) -> Int { Int(tokenStarts[index]) + tokenLengths.length(index) }

    /// The trivia (whitespace, or a byte order mark) before token `index`;
    /// `index == tokens.count` gives the trivia after the last token.
    public func leadingTrivia(ofToken index: Int) -> Range<Int> {
        let start = index == 0 ? 0 : tokenEnd(index - 1)
        let end = index == tokenKinds.count ? source.count : Int(tokenStarts[index])
        return start..<end
    }

    public func printed() -> [UInt8] {
        source.bytes(ofRuns: printedRuns())
    }

    /// The byte range of node `index`, from its first token to its last.
    public func range(ofNode index: Int) -> Range<Int> {
        let node = nodeRecords[index]
        return Int(tokenStarts[Int(node.firstToken)])..<tokenEnd(Int(node.lastToken))
    }

    /// The decoded member name of node `index`, if it is an object member.
    public func key(ofNode index: Int) -> String? {
        let first = Int(nodeRecords[index].firstToken)
        guard first >= 2, tokenKinds[first - 1] == .nameSeparator else { return nil }
        return JSONString.decode(source.bytes, tokenRange(first - 2))
    }

    /// The children of container node `index`, in order.
    public func children(ofNode index: Int) -> [Int] {
        var result: [Int] = []
        var child = index + 1
        let end = Int(nodeRecords[index].subtreeEnd)
        while child < end {
            result.append(child)
            child = Int(nodeRecords[child].subtreeEnd)
        }
        return result
    }

    // MARK: Selection

    public func select(_ selector: Selector) throws(TemplateError) -> [Slot] {
        var slots: [Slot] = []
        for (node, path) in resolve(selector.components) {
            guard self.node(node).isScalar else {
                let what = self.node(node).kind == .object ? "an object" : "an array"
                throw TemplateError(
                    .selection, "'\(Selector.render(path))' is \(what), not a single value; name one of its members",
                    at: range(ofNode: node).lowerBound)
            }
            slots.append(slot(node, path))
        }
        return slots
    }

    public func scalars() -> [Slot] {
        var slots: [Slot] = []
        var path: [Selector.Component] = []
        // Open containers: (node index, descendants end, next element index).
        var stack: [(node: Int, end: Int, nextIndex: Int)] = []
        for index in nodeRecords.indices {
            while let top = stack.last, index >= top.end {
                stack.removeLast()
                path.removeLast()
            }
            if let top = stack.last {
                if node(top.node).kind == .object {
                    path.append(.key(key(ofNode: index) ?? ""))
                } else {
                    path.append(.index(top.nextIndex))
                    stack[stack.count - 1].nextIndex += 1
                }
            } else {
                path.append(.key(""))  // placeholder for the root, dropped below
            }
            // The concrete path is copied for scalars only: copying it for
            // every container made a deeply nested text (10,000 `[`, 20 KB)
            // quadratic, seconds of work for no slot (found probing the fuzz
            // harness with deep nesting; Fuzz/regressions/json).
            if node(index).isScalar {
                slots.append(slot(index, Array(path.dropFirst())))
                path.removeLast()
            } else {
                stack.append((index, node(index).descendantsEnd, 0))
            }
        }
        return slots
    }

    public func explainMiss(_ selector: Selector) -> TemplateError? {
        var frontier = [(node: 0, path: [Selector.Component]())]
        for (depth, component) in selector.components.enumerated() {
            let next = step(frontier, component)
            if next.isEmpty {
                guard let (node, path) = frontier.first else { return nil }
                let here = path.isEmpty ? "the top-level value" : "'\(Selector.render(path))'"
                let at = range(ofNode: node).lowerBound
                switch self.node(node).kind {
                case .object:
                    let keys = children(ofNode: node).compactMap { key(ofNode: $0) }
                    let shown = keys.prefix(12).map { Selector.render([.key($0)]) }.joined(separator: ", ")
                    let more = keys.count > 12 ? ", ..." : ""
                    return TemplateError(
                        .selection, "\(here) has no member \(component) (its members: \(keys.isEmpty ? "none" : shown + more))", at: at)
                case .array:
                    return TemplateError(
                        .selection, "\(here) is an array of \(children(ofNode: node).count) elements; \(component) selects none of them", at: at)
                default:
                    let rest = Selector.render(Array(selector.components[depth...]))
                    return TemplateError(.selection, "\(here) is a \(self.node(node).kind.production), so it has no '\(rest)'", at: at)
                }
            }
            frontier = next
        }
        return nil
    }

    /// Every node the components reach, with its concrete path.
    func resolve(_ components: [Selector.Component]) -> [(Int, [Selector.Component])] {
        guard !nodeRecords.isEmpty else { return [] }
        var frontier = [(0, [Selector.Component]())]
        for component in components {
            frontier = step(frontier, component)
            if frontier.isEmpty { break }
        }
        return frontier
    }

    private func step(_ frontier: [(Int, [Selector.Component])], _ component: Selector.Component) -> [(Int, [Selector.Component])] {
        var next: [(Int, [Selector.Component])] = []
        for (node, path) in frontier {
            switch self.node(node).kind {
            case .object:
                for child in children(ofNode: node) {
                    let name = key(ofNode: child) ?? ""
                    if component.matches(key: name) { next.append((child, path + [.key(name)])) }
                }
            case .array:
                for (position, child) in children(ofNode: node).enumerated() where component.matches(index: position) {
                    next.append((child, path + [.index(position)]))
                }
            default:
                continue
            }
        }
        return next
    }

    private func slot(_ node: Int, _ path: [Selector.Component]) -> Slot {
        let range = range(ofNode: node)
        let kind: Slot.Kind
        let value: String
        switch self.node(node).kind {
        case .string:
            kind = .string
            value = JSONString.decode(source.bytes, range)
        case .number:
            kind = .number
            value = source.text(range)
        case .trueLiteral, .falseLiteral:
            kind = .bool
            value = source.text(range)
        default:
            kind = .null
            value = "null"
        }
        return Slot(range: range, value: value, kind: kind, path: path)
    }

    // MARK: Writing

    public func replacement(for slot: Slot, with value: String) throws(TemplateError) -> TextEdit {
        let at = slot.range.lowerBound
        switch slot.kind {
        case .string:
            let style = JSONString.Style(of: source.bytes[slot.range])
            return TextEdit(range: slot.range, replacement: JSONString.encode(value, style: style))
        case .number:
            guard JSONNumber.isValid(value) else {
                throw TemplateError(
                    .value,
                    "'\(slot.selectorText)' holds the number \(slot.value); '\(value)' is not a JSON number, and writing it as a string would change the value's type",
                    at: at)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .bool:
            guard value == "true" || value == "false" else {
                throw TemplateError(.value, "'\(slot.selectorText)' holds a boolean; write true or false, not '\(value)'", at: at)
            }
            return TextEdit(range: slot.range, replacement: value)
        case .null, .expression:
            throw TemplateError(
                .value, "'\(slot.selectorText)' holds null, which says nothing of the type a new value should have; tplpatch will not guess",
                at: at)
        }
    }
}

/// RFC 8259 numbers.
public enum JSONNumber {
    /// Whether `text` is a JSON number, exactly.
    public static func isValid(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count && b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < b.count && b[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        let intDigits = digits()
        guard intDigits > 0, !(intDigits > 1 && b[intStart] == UInt8(ascii: "0")) else { return false }
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            i += 1
            if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }
}
