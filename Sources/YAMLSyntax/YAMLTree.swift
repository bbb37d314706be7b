import TemplateSyntax

/// A node of the tree YAMLSyntax builds from libyaml's events: a mapping,
/// sequence, scalar or alias. Nodes are stored in preorder over all the
/// documents of a stream; a node's descendants are the nodes after it up to
/// `descendantsEnd`. In a mapping, children alternate key, value.
public struct YAMLNode: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case mapping, sequence, scalar, alias

        /// The name of the kind as the YAML specification says it.
        public var production: String {
            switch self {
            case .mapping: return "mapping"
            case .sequence: return "sequence"
            case .scalar: return "scalar"
            case .alias: return "alias"
            }
        }
    }

    /// How the node is written: a scalar's quoting or block style, a
    /// collection's block or flow form.
    public enum Style: UInt8, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
        case block, flow
        case alias
    }

    /// Mapping, sequence, scalar or alias.
    public var kind: Kind
    /// The scalar's quoting or block style, or the collection's form.
    public var style: Style
    /// The node's bytes, its anchor and tag included (an alias: `*name`).
    public var range: Range<Int>
    /// A scalar's literal without its anchor and tag: quotes included, a
    /// block scalar from its `|` or `>` header through its last line break.
    /// For other nodes, equal to `range`.
    public var contentRange: Range<Int>
    /// Where the node's tag is written, if it has one.
    public var tagStart: Int?
    /// The node's anchor name (`&name`), if it has one.
    public var anchor: String?
    /// The tag as libyaml resolved it (`!!str` is `tag:yaml.org,2002:str`).
    public var tag: String?
    /// The enclosing collection, or -1 for a document's root.
    public var parent: Int32
    /// The index just past this node's last descendant.
    public var descendantsEnd: Int32
    /// Which document of the stream (0-based) holds the node.
    public var document: Int32
    /// For an alias, the node it names (the latest earlier node with that
    /// anchor in the same document), or -1 when there is none.
    public var target: Int32
    /// Whether the node is the key of a mapping entry.
    public var isKey: Bool
    /// Whether the node sits inside a flow collection, where `,[]{}` end a
    /// plain scalar.
    public var inFlow: Bool
    var valueStart: Int32
    var valueEnd: Int32
}

/// Builds the flat tree from libyaml's event stream.
struct YAMLTreeBuilder {
    let bytes: [UInt8]
    let offsets: CharacterOffsets
    var nodes: [YAMLNode] = []
    /// Decoded scalar values, back to back; nodes point into it.
    var values: [UInt8] = []
    var documents: [Int] = []
    private var documentIndex: Int32 = -1
    private var anchors: [String: Int32] = [:]
    /// Open collections: node index and how many children so far.
    private var stack: [(node: Int, children: Int)] = []
    private var flowDepth = 0
    /// Why the builder stopped reading: a collection nested deeper than
    /// `YAMLDocument.maximumDepth`.
    private(set) var refusal: TemplateError?

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.offsets = CharacterOffsets(bytes)
    }

    /// Adds one event to the tree; false when the input is refused (see
    /// `refusal`) and libyaml should stop.
    mutating func consume(_ event: LibYAMLEvent) -> Bool {
        switch event.kind {
        case .streamStart, .streamEnd, .documentEnd:
            return true
        case .documentStart:
            documentIndex += 1
            anchors = [:]
        case .sequenceStart, .mappingStart:
            guard stack.count < YAMLDocument.maximumDepth else {
                refusal = TemplateError(
                    .syntax, "nesting is deeper than \(YAMLDocument.maximumDepth) levels (collections inside collections)",
                    at: offsets.byteOffset(ofCharacter: event.startCharacter))
                return false
            }
            let index = append(event, kind: event.kind == .mappingStart ? .mapping : .sequence)
            stack.append((index, 0))
            if event.isFlow { flowDepth += 1 }
        case .sequenceEnd, .mappingEnd:
            guard let open = stack.popLast() else { return true }
            if nodes[open.node].style == .flow { flowDepth -= 1 }
            nodes[open.node].descendantsEnd = Int32(nodes.count)
            let end = max(nodes[open.node].range.lowerBound, offsets.byteOffset(ofCharacter: event.endCharacter))
            nodes[open.node].range = nodes[open.node].range.lowerBound..<end
            nodes[open.node].contentRange = nodes[open.node].range
        case .scalar:
            _ = append(event, kind: .scalar)
        case .alias:
            _ = append(event, kind: .alias)
        }
        return true
    }

    private mutating func append(_ event: LibYAMLEvent, kind: YAMLNode.Kind) -> Int {
        let index = nodes.count
        let start = offsets.byteOffset(ofCharacter: event.startCharacter)
        let end = max(start, offsets.byteOffset(ofCharacter: event.endCharacter))
        var isKey = false
        var parent: Int32 = -1
        if let top = stack.last {
            parent = Int32(top.node)
            isKey = nodes[top.node].kind == .mapping && top.children % 2 == 0
            stack[stack.count - 1].children += 1
        } else {
            documents.append(index)
        }
        var contentStart = start
        var tagStart: Int?
        if kind == .scalar && (event.anchor != nil || event.tag != nil) {
            (contentStart, tagStart) = YAMLProperties.skip(bytes, from: start, to: end, inFlow: flowDepth > 0)
        } else if event.tag != nil {
            tagStart = YAMLProperties.skip(bytes, from: start, to: end, inFlow: flowDepth > 0).tagStart
        }
        var target: Int32 = -1
        if kind == .alias, let name = event.anchor { target = anchors[name] ?? -1 }
        let valueStart = Int32(truncatingIfNeeded: values.count)
        values.append(contentsOf: event.value)
        nodes.append(
            YAMLNode(
                kind: kind, style: event.scalarStyle, range: start..<end, contentRange: contentStart..<end,
                tagStart: tagStart, anchor: kind == .alias ? nil : event.anchor, tag: event.tag, parent: parent,
                descendantsEnd: Int32(index + 1), document: max(0, documentIndex), target: target, isKey: isKey,
                inFlow: flowDepth > 0, valueStart: valueStart, valueEnd: Int32(truncatingIfNeeded: values.count)))
        if kind == .alias, let name = event.anchor {
            nodes[index].anchor = nil
            nodes[index].valueStart = Int32(truncatingIfNeeded: values.count)
            values.append(contentsOf: name.utf8)
            nodes[index].valueEnd = Int32(truncatingIfNeeded: values.count)
        } else if let name = event.anchor {
            anchors[name] = Int32(index)
        }
        return index
    }
}
