import TemplateSyntax

/// A token of JSON text. Whitespace (and a leading byte order mark) is the
/// trivia between tokens; tokens and trivia together cover every byte.
public struct JSONToken: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case beginObject, endObject, beginArray, endArray, nameSeparator, valueSeparator
        case string, number, trueLiteral, falseLiteral, nullLiteral
    }

    public var kind: Kind
    // 32-bit offsets keep a token at 12 bytes; inputs are limited to 4 GiB.
    var start: UInt32
    var end: UInt32

    public var range: Range<Int> { Int(start)..<Int(end) }
}

/// A node of the tree: one `value` of the grammar (`object`, `array`,
/// `string`, `number`, `true`, `false`, `null`). Nodes are stored in
/// preorder; a node's descendants are the nodes after it up to `subtreeEnd`.
/// A value that is an object `member` carries the index of its key token.
public struct JSONNode: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, trueLiteral, falseLiteral, nullLiteral

        /// The name of the kind as the grammar (`grammars/json.ebnf`) spells it.
        public var production: String {
            switch self {
            case .object: return "object"
            case .array: return "array"
            case .string: return "string"
            case .number: return "number"
            case .trueLiteral: return "true"
            case .falseLiteral: return "false"
            case .nullLiteral: return "null"
            }
        }
    }

    public var kind: Kind
    /// Index of the member's key token, or -1 when the value is not an object member.
    var key: Int32
    var firstToken: UInt32
    var lastToken: UInt32
    var subtreeEnd: UInt32

    /// Whether this node is a scalar (not an object or array).
    public var isScalar: Bool { kind != .object && kind != .array }
    public var keyTokenIndex: Int? { key < 0 ? nil : Int(key) }
    public var tokenRange: ClosedRange<Int> { Int(firstToken)...Int(lastToken) }
    /// The index just past this node's last descendant.
    public var descendantsEnd: Int { Int(subtreeEnd) }
}
