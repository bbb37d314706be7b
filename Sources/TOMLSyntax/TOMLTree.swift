import TemplateSyntax

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

/// One node of the TOML tree (stored in post-order, children first).
public typealias TOMLNode = PostorderNode<TOMLNodeKind>

/// The concrete syntax tree of one TOML file: every token, trivia included,
/// in source order (the last is `endOfFile`), and every node in post-order
/// (the last is the `toml` root).
public typealias TOMLTree = PostorderTree<TOMLTokenKind, TOMLNodeKind>
