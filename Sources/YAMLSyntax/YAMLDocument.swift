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
    /// Decoded values that are not their literal's bytes (block scalars,
    /// escapes, folded lines), back to back; scalars point into it.
    let decoded: [UInt8]
    let decodedRanges: [(UInt32, UInt32)]
    /// Anchors, tags and far-off literals, by node.
    let properties: [Int32: YAMLNodeProperties]

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
        decoded = builder.decoded
        decodedRanges = builder.decodedRanges
        properties = builder.properties
    }

    /// libyaml's own words: "<problem> <context>" at the problem's position,
    /// with a note where the context (the mapping, the quoted scalar) starts.
    static func error(_ failure: LibYAMLFailure, offsets: CharacterOffsets) -> TemplateError {
        var offsets = offsets
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
        withValueBytes(ofNode: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the decoded value's UTF-8 bytes, without making a String.
    func withValueBytes<R>(ofNode index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let node = nodes[index]
        if node.flags.contains(.valueIsLiteral) {
            var range = contentRange(ofNode: index)
            if node.style == .singleQuoted || node.style == .doubleQuoted {
                range = (range.lowerBound + 1)..<(range.upperBound - 1)
            } else if node.kind == .alias {
                range = (range.lowerBound + 1)..<range.upperBound
            }
            return source.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        if node.kind == .scalar, Int(node.link) < decodedRanges.count {
            let (start, end) = decodedRanges[Int(node.link)]
            return decoded.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(start)..<Int(end)])) }
        }
        // An alias whose name is not its literal's bytes keeps it with its properties.
        var name = properties[Int32(truncatingIfNeeded: index)]?.anchor ?? ""
        return name.withUTF8(body)
    }

    /// The index just past the last descendant of node `index`.
    public func descendantsEnd(ofNode index: Int) -> Int {
        let node = nodes[index]
        switch node.kind {
        case .mapping, .sequence: return Int(node.link)
        case .scalar, .alias: return index + 1
        }
    }

    /// For an alias, the node it names (the latest earlier node with that
    /// anchor in the same document); nil when there is none or the node is
    /// not an alias.
    public func target(ofNode index: Int) -> Int? {
        let node = nodes[index]
        guard node.kind == .alias, node.link != UInt32.max else { return nil }
        return Int(node.link)
    }

    /// The node's anchor name (`&name`), if it has one.
    public func anchor(ofNode index: Int) -> String? {
        guard nodes[index].kind != .alias, nodes[index].flags.contains(.hasProperties) else { return nil }
        return properties[Int32(truncatingIfNeeded: index)]?.anchor
    }

    /// The tag as libyaml resolved it (`!!str` is `tag:yaml.org,2002:str`), if the node has one.
    public func tag(ofNode index: Int) -> String? {
        guard nodes[index].flags.contains(.hasProperties) else { return nil }
        return properties[Int32(truncatingIfNeeded: index)]?.tag
    }

    /// Where the node's tag is written, if it has one.
    public func tagStart(ofNode index: Int) -> Int? {
        guard nodes[index].flags.contains(.hasProperties) else { return nil }
        return properties[Int32(truncatingIfNeeded: index)]?.tagStart
    }

    /// A scalar's literal without its anchor and tag (see `YAMLNode.contentRange`).
    public func contentRange(ofNode index: Int) -> Range<Int> {
        let node = nodes[index]
        guard node.contentOffset == UInt16.max, let start = properties[Int32(truncatingIfNeeded: index)]?.contentStart else {
            return node.contentRange
        }
        return start..<Int(node.end)
    }

    /// The enclosing collection, or nil for a document's root.
    public func parent(ofNode index: Int) -> Int? {
        var candidate = index - 1
        while candidate >= 0 {
            if nodes[candidate].kind == .mapping || nodes[candidate].kind == .sequence,
                descendantsEnd(ofNode: candidate) > index
            {
                return candidate
            }
            candidate -= 1
        }
        return nil
    }

    /// Which document of the stream (0-based) holds the node.
    public func documentIndex(ofNode index: Int) -> Int {
        var low = 0
        var high = documents.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if documents[mid] <= index { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The children of collection node `index`, in order (a mapping's
    /// alternate key, value).
    public func children(ofNode index: Int) -> [Int] {
        var result: [Int] = []
        var child = index + 1
        let end = descendantsEnd(ofNode: index)
        while child < end {
            result.append(child)
            child = descendantsEnd(ofNode: child)
        }
        return result
    }

    /// The node an alias stands for, followed through aliases; the node
    /// itself when it is not an alias; nil for an alias to no anchor.
    public func resolved(_ index: Int) -> Int? {
        var current = index
        var hops = 0
        while nodes[current].kind == .alias {
            guard let target = target(ofNode: current), hops < nodes.count else { return nil }
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
        let content = contentRange(ofNode: index)
        let kind = YAMLScalar.kind(style: node.style, tag: tag(ofNode: index), value: decoded)
        if kind == .expression {
            // An expression is its source text, from its tag to its end.
            let range = (tagStart(ofNode: index) ?? content.lowerBound)..<content.upperBound
            return Slot(range: range, value: source.text(range), kind: kind, path: path)
        }
        return Slot(range: content, value: decoded, kind: kind, path: path)
    }
}
