import TemplateSyntax

/// A node of the tree YAMLSyntax builds from libyaml's events: a mapping,
/// sequence, scalar or alias. Nodes are stored in preorder over all the
/// documents of a stream; a node's descendants are the nodes after it up to
/// `YAMLDocument.descendantsEnd(ofNode:)`. In a mapping, children alternate
/// key, value.
///
/// A node is 16 bytes: a stream holds about one node per dozen bytes of
/// text, so the tree stays near the size of the file. What few nodes carry
/// (an anchor, a tag, a value that differs from its literal's bytes) lives
/// in the document's side tables.
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

    /// Where the node starts, its anchor and tag included.
    var start: UInt32
    var end: UInt32
    /// A collection: the index just past its last descendant. An alias: the
    /// node it names, or `UInt32.max`. A scalar: its entry in the document's
    /// decoded values, unless `Flags.valueIsLiteral`.
    var link: UInt32
    /// How far after `start` a scalar's literal starts (its anchor and tag
    /// come first); `UInt16.max` when the document's side table says.
    var contentOffset: UInt16
    var kindAndStyle: UInt8
    var flags: Flags

    struct Flags: OptionSet, Sendable, Equatable {
        let rawValue: UInt8
        static let isKey = Flags(rawValue: 1)
        static let inFlow = Flags(rawValue: 2)
        /// The node has an anchor or a tag (see `YAMLDocument.properties`).
        static let hasProperties = Flags(rawValue: 4)
        /// The decoded value is the literal's bytes (inside the quotes).
        static let valueIsLiteral = Flags(rawValue: 8)
    }

    init(kind: Kind, style: Style, start: Int, end: Int, flags: Flags) {
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
        link = UInt32.max
        contentOffset = 0
        kindAndStyle = kind.rawValue | style.rawValue << 2
        self.flags = flags
    }

    /// Mapping, sequence, scalar or alias.
    public var kind: Kind { Kind(rawValue: kindAndStyle & 3) ?? .scalar }
    /// The scalar's quoting or block style, or the collection's form.
    public var style: Style { Style(rawValue: kindAndStyle >> 2) ?? .plain }
    /// The node's bytes, its anchor and tag included (an alias: `*name`).
    public var range: Range<Int> { Int(start)..<Int(end) }
    /// A scalar's literal without its anchor and tag: quotes included, a
    /// block scalar from its `|` or `>` header through its last line break.
    /// For other nodes, equal to `range`. (A scalar whose properties span
    /// more than 64 KiB keeps its literal's start in the document: ask
    /// `YAMLDocument.contentRange(ofNode:)`.)
    public var contentRange: Range<Int> {
        contentOffset == UInt16.max ? range : (Int(start) + Int(contentOffset))..<Int(end)
    }
    /// Whether the node is the key of a mapping entry.
    public var isKey: Bool { flags.contains(.isKey) }
    /// Whether the node sits inside a flow collection, where `,[]{}` end a
    /// plain scalar.
    public var inFlow: Bool { flags.contains(.inFlow) }
}

/// What only a few nodes have: an anchor, a tag, a literal far from the
/// node's start.
struct YAMLNodeProperties: Sendable, Equatable {
    /// The node's anchor name (`&name`).
    var anchor: String?
    /// The tag as libyaml resolved it (`!!str` is `tag:yaml.org,2002:str`).
    var tag: String?
    /// Where the tag is written.
    var tagStart: Int?
    /// Where a scalar's literal starts.
    var contentStart: Int
}

/// Builds the flat tree from libyaml's event stream.
struct YAMLTreeBuilder {
    let bytes: [UInt8]
    var offsets: CharacterOffsets
    var nodes: [YAMLNode] = []
    /// Decoded scalar values that are not their literal's bytes, back to back.
    var decoded: [UInt8] = []
    /// Where each such value is in `decoded`: start, end.
    var decodedRanges: [(UInt32, UInt32)] = []
    var properties: [Int32: YAMLNodeProperties] = [:]
    var documents: [Int] = []
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
        // About one node per dozen bytes in real files; reserving more than
        // that costs address space only, never touched memory, and saves
        // copying the array as it grows.
        nodes.reserveCapacity(bytes.count / 4 + 16)
    }

    /// Adds one event to the tree; false when the input is refused (see
    /// `refusal`) and libyaml should stop.
    mutating func consume(_ event: LibYAMLEvent) -> Bool {
        switch event.kind {
        case .streamStart, .streamEnd, .documentEnd:
            return true
        case .documentStart:
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
            nodes[open.node].link = UInt32(truncatingIfNeeded: nodes.count)
            let start = Int(nodes[open.node].start)
            let end = max(start, offsets.byteOffset(ofCharacter: event.endCharacter))
            nodes[open.node].end = UInt32(truncatingIfNeeded: end)
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
        var flags: YAMLNode.Flags = flowDepth > 0 ? .inFlow : []
        if let top = stack.last {
            if top.children % 2 == 0 && nodes[top.node].kind == .mapping { flags.insert(.isKey) }
            stack[stack.count - 1].children += 1
        } else {
            documents.append(index)
        }
        var node = YAMLNode(kind: kind, style: event.scalarStyle, start: start, end: end, flags: flags)
        var contentStart = start
        let anchor = kind == .alias ? nil : event.anchor
        if anchor != nil || event.tag != nil {
            var tagStart: Int?
            if kind == .scalar {
                (contentStart, tagStart) = YAMLProperties.skip(bytes, from: start, to: end, inFlow: flowDepth > 0)
            } else if event.tag != nil {
                tagStart = YAMLProperties.skip(bytes, from: start, to: end, inFlow: flowDepth > 0).tagStart
            }
            node.flags.insert(.hasProperties)
            properties[Int32(truncatingIfNeeded: index)] = YAMLNodeProperties(
                anchor: anchor, tag: event.tag, tagStart: tagStart, contentStart: contentStart)
            let offset = contentStart - start
            node.contentOffset = offset < Int(UInt16.max) ? UInt16(offset) : UInt16.max
        }
        switch kind {
        case .scalar:
            if isLiteral(event.value, style: event.scalarStyle, from: contentStart, to: end) {
                node.flags.insert(.valueIsLiteral)
            } else {
                node.link = UInt32(truncatingIfNeeded: decodedRanges.count)
                storeDecoded(event.value)
            }
        case .alias:
            if let name = event.anchor {
                node.link = anchors[name].map { UInt32(bitPattern: $0) } ?? UInt32.max
                // An alias's value is the name it refers to, written after its `*`.
                var name = name
                if name.withUTF8({ isLiteral($0, from: start + 1, to: end) }) {
                    node.flags.insert(.valueIsLiteral)
                } else {
                    properties[Int32(truncatingIfNeeded: index), default: YAMLNodeProperties(contentStart: start)].anchor = name
                    node.flags.insert(.hasProperties)
                }
            }
        case .mapping, .sequence:
            break
        }
        nodes.append(node)
        if let anchor { anchors[anchor] = Int32(truncatingIfNeeded: index) }
        return index
    }

    private mutating func storeDecoded(_ value: UnsafeBufferPointer<UInt8>) {
        let valueStart = UInt32(truncatingIfNeeded: decoded.count)
        decoded.append(contentsOf: value)
        decodedRanges.append((valueStart, UInt32(truncatingIfNeeded: decoded.count)))
    }

    /// Whether a scalar's decoded value is the bytes of its literal: a plain
    /// scalar's, or a quoted one's inside its quotes. Most are, and then
    /// nothing needs storing.
    private func isLiteral(_ value: UnsafeBufferPointer<UInt8>, style: YAMLNode.Style, from start: Int, to end: Int) -> Bool {
        switch style {
        case .plain:
            return isLiteral(value, from: start, to: end)
        case .singleQuoted, .doubleQuoted:
            return end - start >= 2 && isLiteral(value, from: start + 1, to: end - 1)
        default:
            return false
        }
    }

    private func isLiteral(_ value: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard start >= 0, start <= end, end <= bytes.count, value.count == end - start else { return false }
        return bytes.withUnsafeBufferPointer { source in
            var i = 0
            while i < value.count {
                if value[i] != source[start + i] { return false }
                i += 1
            }
            return true
        }
    }
}
