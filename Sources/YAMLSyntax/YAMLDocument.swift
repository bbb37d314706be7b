import TemplateSyntax

/// A YAML stream (one or more documents) read with libyaml into a flat tree
/// whose scalars know their exact bytes.
///
/// libyaml is used only as a reader: its events give each node's decoded
/// value and position, and nothing is ever re-serialised, so printing the
/// document is handing back the source bytes. Edits replace a scalar's
/// literal and nothing else.
///
/// A stream of several documents (`---`) is one document for selection: a
/// selector is applied to every document's root in turn, and the document
/// index is not part of a path. A release bump of `image` in a multi-document
/// Kubernetes file thus reaches every manifest that has it.
public struct YAMLDocument: TemplateDocument {
    public static let formatName = "yaml"

    public let source: SourceText
    /// Every node of every document, in preorder.
    public let nodes: [YAMLNode]
    /// The root node of each document, in order.
    public let documents: [Int]
    let values: [UInt8]

    public init(parsing source: SourceText) throws(TemplateError) {
        self.source = source
        let bytes = source.bytes
        // libyaml would decode UTF-16 by its byte order mark, and then its
        // character positions could not be mapped onto these bytes, nor
        // could UTF-8 replacements be spliced in.
        if bytes.count >= 2 && ((bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)) {
            throw TemplateError(.syntax, "UTF-16 YAML is not supported; tplpatch reads and writes UTF-8", at: 0)
        }
        var builder = YAMLTreeBuilder(bytes: bytes)
        if let failure = LibYAML.parse(bytes, { builder.consume($0) }) {
            throw YAMLDocument.error(failure, offsets: builder.offsets)
        }
        nodes = builder.nodes
        documents = builder.documents
        values = builder.values
    }

    /// libyaml's own words: "<problem> <context>" at the problem's position,
    /// with a note where the context (the mapping, the quoted scalar) starts.
    static func error(_ failure: LibYAMLFailure, offsets: CharacterOffsets) -> TemplateError {
        var message = failure.problem
        if let context = failure.context { message += " " + context }
        var offset: Int?
        if let byte = failure.problemByteOffset {
            offset = min(max(0, byte), offsets.byteCount)
        } else if let character = failure.problemCharacter {
            offset = offsets.byteOffset(ofCharacter: character)
        }
        var notes: [TemplateError.Note] = []
        // A context at the problem itself ("while scanning for the next
        // token") says nothing a note could add.
        if let context = failure.context, let character = failure.contextCharacter,
            offsets.byteOffset(ofCharacter: character) != offset
        {
            notes.append(TemplateError.Note(noteText(context), at: offsets.byteOffset(ofCharacter: character)))
        }
        return TemplateError(.syntax, message, at: offset, notes: notes)
    }

    /// "while parsing a block mapping" -> "the block mapping starts here".
    static func noteText(_ context: String) -> String {
        var what = context
        for prefix in ["while parsing ", "while scanning "] where what.hasPrefix(prefix) {
            what.removeFirst(prefix.count)
        }
        if what.hasPrefix("a ") {
            what.removeFirst(2)
        } else if what.hasPrefix("an ") {
            what.removeFirst(3)
        } else {
            return context
        }
        return "the \(what) starts here"
    }

    public func printed() -> [UInt8] {
        source.bytes
    }

    // MARK: Reading nodes

    /// The decoded value of a scalar node (an alias: the name it refers to).
    public func value(ofNode index: Int) -> String {
        let node = nodes[index]
        return String(decoding: values[Int(node.valueStart)..<Int(node.valueEnd)], as: UTF8.self)
    }

    /// The children of collection node `index`, in order (a mapping's
    /// alternate key, value).
    public func children(ofNode index: Int) -> [Int] {
        var result: [Int] = []
        var child = index + 1
        let end = Int(nodes[index].descendantsEnd)
        while child < end {
            result.append(child)
            child = Int(nodes[child].descendantsEnd)
        }
        return result
    }

    /// The node an alias stands for, followed through aliases; the node
    /// itself when it is not an alias; nil for an alias to no anchor.
    public func resolved(_ index: Int) -> Int? {
        var current = index
        var hops = 0
        while nodes[current].kind == .alias {
            let target = Int(nodes[current].target)
            guard target >= 0, hops < nodes.count else { return nil }
            current = target
            hops += 1
        }
        return current
    }

    /// The text a mapping key is matched by: a scalar's decoded value (an
    /// alias key: its anchored scalar's), a complex key's source text.
    public func keyText(ofNode index: Int) -> String {
        if let node = resolved(index), nodes[node].kind == .scalar { return value(ofNode: node) }
        return source.text(nodes[index].range)
    }

    /// The mapping entries of node `index` as (key, value) node pairs.
    func entries(ofMapping index: Int) -> [(key: Int, value: Int)] {
        let list = children(ofNode: index)
        return stride(from: 0, to: list.count - 1, by: 2).map { (list[$0], list[$0 + 1]) }
    }

    /// The slot of scalar node `index`, reached by `path`.
    func slot(_ index: Int, _ path: [Selector.Component]) -> Slot {
        let node = nodes[index]
        let decoded = value(ofNode: index)
        let kind = YAMLScalar.kind(style: node.style, tag: node.tag, value: decoded)
        if kind == .expression {
            // An expression is its source text, from its tag to its end.
            let range = (node.tagStart ?? node.contentRange.lowerBound)..<node.contentRange.upperBound
            return Slot(range: range, value: source.text(range), kind: kind, path: path)
        }
        return Slot(range: node.contentRange, value: decoded, kind: kind, path: path)
    }

    // MARK: Selection

    public func select(_ selector: Selector) throws(TemplateError) -> [Slot] {
        var slots: [Slot] = []
        var seen = Set<Int>()
        for (reached, path) in resolve(selector.components) {
            // An alias is never a target of its own: its value lives at the anchor.
            guard let node = resolved(reached) else { continue }
            guard nodes[node].kind == .scalar else {
                throw TemplateError(
                    .selection,
                    "'\(Selector.render(path))' is a \(nodes[node].kind.production), not a single value; name one of its entries",
                    at: nodes[node].range.lowerBound)
            }
            if seen.insert(node).inserted { slots.append(slot(node, path)) }
        }
        return slots
    }

    public func scalars() -> [Slot] {
        var slots: [Slot] = []
        for root in documents {
            collectScalars(root, path: [], into: &slots)
        }
        return slots
    }

    private func collectScalars(_ root: Int, path rootPath: [Selector.Component], into slots: inout [Slot]) {
        // Explicit stack: deeply nested input must not overflow the call stack.
        var work: [(node: Int, path: [Selector.Component])] = [(root, rootPath)]
        while let (index, path) = work.popLast() {
            switch nodes[index].kind {
            case .scalar:
                slots.append(slot(index, path))
            case .alias:
                continue
            case .mapping:
                for (key, value) in entries(ofMapping: index).reversed() {
                    work.append((value, path + [.key(keyText(ofNode: key))]))
                }
            case .sequence:
                for (position, child) in children(ofNode: index).enumerated().reversed() {
                    work.append((child, path + [.index(position)]))
                }
            }
        }
    }

    public func explainMiss(_ selector: Selector) -> TemplateError? {
        var frontier = documents.map { ($0, [Selector.Component]()) }
        guard !frontier.isEmpty else {
            return TemplateError(.selection, "the file holds no YAML document, so nothing matches '\(selector)'")
        }
        for (depth, component) in selector.components.enumerated() {
            let next = step(frontier, component)
            if next.isEmpty {
                guard let (reached, path) = frontier.first else { return nil }
                let node = resolved(reached) ?? reached
                let here = path.isEmpty ? "the top-level value" : "'\(Selector.render(path))'"
                let at = nodes[reached].range.lowerBound
                switch nodes[node].kind {
                case .mapping:
                    let keys = entries(ofMapping: node).map { keyText(ofNode: $0.key) }
                    let shown = keys.prefix(12).map { Selector.render([.key($0)]) }.joined(separator: ", ")
                    let more = keys.count > 12 ? ", ..." : ""
                    return TemplateError(
                        .selection, "\(here) has no key \(component) (its keys: \(keys.isEmpty ? "none" : shown + more))", at: at)
                case .sequence:
                    return TemplateError(
                        .selection, "\(here) is a sequence of \(children(ofNode: node).count) items; \(component) selects none of them",
                        at: at)
                case .alias:
                    return TemplateError(.selection, "\(here) is an alias to an anchor that is not defined before it", at: at)
                case .scalar:
                    let rest = Selector.render(Array(selector.components[depth...]))
                    return TemplateError(.selection, "\(here) is a scalar, so it has no '\(rest)'", at: at)
                }
            }
            frontier = next
        }
        return nil
    }

    /// Every node the components reach from each document's root, with its
    /// concrete path.
    func resolve(_ components: [Selector.Component]) -> [(Int, [Selector.Component])] {
        var frontier = documents.map { ($0, [Selector.Component]()) }
        for component in components {
            frontier = step(frontier, component)
            if frontier.isEmpty { break }
        }
        return frontier
    }

    private func step(_ frontier: [(Int, [Selector.Component])], _ component: Selector.Component) -> [(Int, [Selector.Component])] {
        var next: [(Int, [Selector.Component])] = []
        for (reached, path) in frontier {
            guard let node = resolved(reached) else { continue }
            switch nodes[node].kind {
            case .mapping:
                for (key, value) in entries(ofMapping: node) {
                    let name = keyText(ofNode: key)
                    if component.matches(key: name) { next.append((value, path + [.key(name)])) }
                }
            case .sequence:
                for (position, child) in children(ofNode: node).enumerated() where component.matches(index: position) {
                    next.append((child, path + [.index(position)]))
                }
            case .scalar, .alias:
                continue
            }
        }
        return next
    }
}
