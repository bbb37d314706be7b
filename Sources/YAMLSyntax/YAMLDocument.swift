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
    /// `yaml`, the name `--format` and the format registry use.
    public static let formatName = "yaml"

    /// How deeply collections may nest (block and flow alike), as in
    /// HCLSyntax. libyaml's scanner does work proportional to the flow depth
    /// for every token, so a file nested 100,000 deep would take minutes;
    /// the tree builder stops at the first collection deeper than this, and
    /// libyaml has read at most about a kilobyte past it by then (it looks
    /// ahead only that far for a simple key). Real files stay far below.
    public static let maximumDepth = 1000

    /// The bytes the document was read from; printing gives them back.
    public let source: SourceText
    /// Every node of every document, in preorder.
    public let nodes: [YAMLNode]
    /// The root node of each document, in order.
    public let documents: [Int]
    let values: [UInt8]

    /// Reads every document of `source` with libyaml; throws libyaml's own
    /// error, positioned, when any part of the stream is not YAML.
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
        if let failure = LibYAML.stream(bytes, { builder.consume($0) }) {
            throw YAMLDocument.error(failure, offsets: builder.offsets)
        }
        if let refusal = builder.refusal { throw refusal }
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

    /// The source bytes: nothing is ever re-serialised.
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
}
