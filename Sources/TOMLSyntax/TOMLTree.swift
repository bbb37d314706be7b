/// Node kinds, named after the productions of `grammars/toml.ebnf`.
public enum TOMLNodeKind: UInt8, Sendable, Hashable {
    /// The whole file: `Toml`.
    case toml
    /// `Keyval`: children are the `key` and the value.
    case keyval
    /// `Key`: a simple or dotted key; its tokens are the parts and dots.
    case key
    /// `StdTable`, a `[key]` header; child: the `key`.
    case stdTable
    /// `ArrayTable`, a `[[key]]` header; child: the `key`.
    case arrayTable
    /// `Array`: `[ value, ... ]`; children are the values.
    case array
    /// `InlineTable`: `{ keyval, ... }`; children are the `keyval`s.
    case inlineTable
    /// `String`: one string token of any of the four kinds.
    case string
    /// `Integer`.
    case integer
    /// `Float`, including `inf` and `nan`.
    case float
    /// `Boolean`.
    case boolean
    /// `OffsetDateTime`, `LocalDateTime`, `LocalDate`, `LocalTime`.
    case offsetDateTime, localDateTime, localDate, localTime

    /// Whether the node is a single-token scalar value.
    public var isScalar: Bool {
        switch self {
        case .string, .integer, .float, .boolean, .offsetDateTime, .localDateTime, .localDate, .localTime: return true
        default: return false
        }
    }
}

/// One node: its kind, the tokens it spans and where its subtree starts.
///
/// Nodes are stored in post-order (children before their parent), as in the
/// other format modules, so the parser appends a node once its children exist.
public struct TOMLNode: Sendable, Hashable {
    public var kind: TOMLNodeKind
    var firstTokenIndex: UInt32
    var endTokenIndex: UInt32
    var subtreeStartIndex: UInt32

    /// Index of the node's first token.
    public var firstToken: Int { Int(firstTokenIndex) }
    /// One past the index of the node's last token.
    public var endToken: Int { Int(endTokenIndex) }
    /// Index of the first node of this node's subtree (itself when it has no children).
    public var subtreeStart: Int { Int(subtreeStartIndex) }
}

/// The concrete syntax tree of one TOML file: flat arrays of tokens and
/// nodes over the source bytes.
public struct TOMLTree: Sendable {
    /// Every token, trivia included, in source order; their ranges tile the
    /// source exactly. The last token is `endOfFile`.
    public let tokens: [TOMLToken]
    /// Every node in post-order; the last node is the `toml` root.
    public let nodes: [TOMLNode]

    /// Index of the root node.
    public var root: Int { nodes.count - 1 }

    /// The children of node `index`, first to last.
    public func children(of index: Int) -> [Int] {
        var result: [Int] = []
        let floor = nodes[index].subtreeStart
        var child = index - 1
        while child >= floor {
            result.append(child)
            child = nodes[child].subtreeStart - 1
        }
        result.reverse()
        return result
    }

    /// The bytes node `index` spans, from its first token to its last.
    public func range(of index: Int) -> Range<Int> {
        let node = nodes[index]
        guard node.endToken > node.firstToken else {
            let at = tokens[min(node.firstToken, tokens.count - 1)].start
            return at..<at
        }
        return tokens[node.firstToken].start..<tokens[node.endToken - 1].end
    }
}
