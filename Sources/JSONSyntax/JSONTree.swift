import TemplateSyntax

/// A token of JSON text. Whitespace (and a leading byte order mark) is the
/// trivia between tokens; tokens and trivia together cover every byte.
public struct JSONToken: Sendable, Equatable {
    public enum Kind: UInt8, Sendable, Equatable {
        case beginObject, endObject, beginArray, endArray, nameSeparator, valueSeparator
        case string, number, trueLiteral, falseLiteral, nullLiteral
    }

    public var kind: Kind
    // 32-bit offsets keep a token at 12 bytes; inputs are limited to 4 GiB.
    var start: UInt32
    var end: UInt32

    public var range: Range<Int> { Int(start)..<Int(end) }

    /// The kind of value a token opens, when it is a value's first token.
    var valueKind: JSONNode.Kind? {
        switch kind {
        case .beginObject: return .object
        case .beginArray: return .array
        case .string: return .string
        case .number: return .number
        case .trueLiteral: return .trueLiteral
        case .falseLiteral: return .falseLiteral
        case .nullLiteral: return .nullLiteral
        case .endObject, .endArray, .nameSeparator, .valueSeparator: return nil
        }
    }
}

/// The length of every token, a byte each: nearly every token is shorter
/// than 255 bytes (punctuation is one byte). A longer one stores 255 there
/// and its length aside, by token index; with a 4-byte start and a 1-byte
/// kind a token takes 6 bytes, half of a struct of kind, start and end.
struct JSONTokenLengths: Sendable, Equatable {
    var short: [UInt8] = []
    /// The tokens of 255 bytes or more, ascending, and their lengths.
    var longTokens: [UInt32] = []
    var longLengths: [UInt32] = []

    var count: Int { short.count }

    mutating func reserveCapacity(_ count: Int) { short.reserveCapacity(count) }

    mutating func append(_ length: Int) {
        if length < 255 {
            short.append(UInt8(truncatingIfNeeded: length))
        } else {
            longTokens.append(UInt32(truncatingIfNeeded: short.count))
            longLengths.append(UInt32(truncatingIfNeeded: length))
            short.append(255)
        }
    }

    /// The length of token `index`.
    func length(_ index: Int) -> Int {
        let length = short[index]
        return length < 255 ? Int(length) : long(index)
    }

    /// The length of a token of 255 bytes or more.
    func long(_ index: Int) -> Int {
        var low = 0
        var high = longTokens.count
        while low < high {
            let mid = (low + high) / 2
            if Int(longTokens[mid]) < index { low = mid + 1 } else { high = mid }
        }
        return low < longTokens.count ? Int(longLengths[low]) : 255
    }
}

/// What the parser stores of a value: the tokens it spans and where its
/// subtree ends, 12 bytes. Its kind and key follow from the tokens.
struct JSONNodeRecord: Sendable, Equatable {
    var firstToken: UInt32
    var lastToken: UInt32
    var subtreeEnd: UInt32
}

/// Every token of a document, in order (a view of the parser's arrays).
public struct JSONTokens: RandomAccessCollection, Sendable {
    let kinds: [JSONToken.Kind]
    let starts: [UInt32]
    let lengths: JSONTokenLengths

    public var startIndex: Int { 0 }
    public var endIndex: Int { kinds.count }
    public subscript(position: Int) -> JSONToken {
        JSONToken(
            kind: kinds[position], start: starts[position],
            end: starts[position] &+ UInt32(truncatingIfNeeded: lengths.length(position)))
    }
}

/// Every value of a document, in preorder (a view of the parser's arrays).
public struct JSONNodes: RandomAccessCollection, Sendable {
    let records: [JSONNodeRecord]
    let kinds: [JSONToken.Kind]

    public var startIndex: Int { 0 }
    public var endIndex: Int { records.count }
    public subscript(position: Int) -> JSONNode {
        JSONNode(records[position], kinds: kinds)
    }
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

    init(_ record: JSONNodeRecord, kinds: [JSONToken.Kind]) {
        let first = Int(record.firstToken)
        kind = JSONToken(kind: kinds[first], start: 0, end: 0).valueKind ?? .nullLiteral
        key = first >= 2 && kinds[first - 1] == .nameSeparator ? Int32(truncatingIfNeeded: first - 2) : -1
        firstToken = record.firstToken
        lastToken = record.lastToken
        subtreeEnd = record.subtreeEnd
    }

    /// Whether this node is a scalar (not an object or array).
    public var isScalar: Bool { kind != .object && kind != .array }
    public var keyTokenIndex: Int? { key < 0 ? nil : Int(key) }
    public var tokenRange: ClosedRange<Int> { Int(firstToken)...Int(lastToken) }
    /// The index just past this node's last descendant.
    public var descendantsEnd: Int { Int(subtreeEnd) }
}
