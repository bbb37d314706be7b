/// A node of the module-level statement tree, named after a production of
/// `grammars/python.ebnf`. Nodes are stored in preorder; a node's
/// descendants are the nodes after it up to `descendantsEnd`.
///
/// The tree stops where understanding stops: a `compound_statement` or an
/// `other_statement` is a run of tokens with no children.
public struct PythonNode: Sendable, Equatable {
    /// The grammar production a node stands for.
    public enum Kind: UInt8, Sendable {
        /// One logical line of `;`-separated simple statements.
        case simpleStatements
        /// `if`, `def`, `class`, `try`, ... with its whole indented body; opaque.
        case compoundStatement
        /// `NAME = ... = value`.
        case assignment
        /// `NAME: annotation = value`.
        case annotatedAssignment
        /// Any other simple statement; opaque.
        case otherStatement
        /// The `NAME` an assignment binds.
        case target
        /// The tokens between `:` and `=` of an annotated assignment.
        case annotation
        /// A `str` literal (not bytes, f- or t-string; one literal, no implicit concatenation).
        case string
        /// A number, possibly with a leading `-`.
        case number
        case trueLiteral, falseLiteral, noneLiteral
        /// A tuple of literals, with or without parentheses.
        case tuple
        /// Any other value (a call, a name, an f-string, bytes, an operation); opaque.
        case expression

        /// The production's name in `grammars/python.ebnf`.
        public var production: String {
            switch self {
            case .simpleStatements: return "simple_statements"
            case .compoundStatement: return "compound_statement"
            case .assignment: return "assignment"
            case .annotatedAssignment: return "annotated_assignment"
            case .otherStatement: return "other_statement"
            case .target: return "target"
            case .annotation: return "annotation"
            case .string: return "string"
            case .number: return "number"
            case .trueLiteral: return "true"
            case .falseLiteral: return "false"
            case .noneLiteral: return "none"
            case .tuple: return "tuple"
            case .expression: return "expression"
            }
        }

        /// Whether the node is one literal value.
        public var isLiteral: Bool {
            switch self {
            case .string, .number, .trueLiteral, .falseLiteral, .noneLiteral: return true
            default: return false
            }
        }
    }

    /// The production this node stands for.
    public var kind: Kind
    var firstToken: UInt32
    /// One past the last token.
    var endToken: UInt32
    var subtreeEnd: UInt32

    init(_ kind: Kind, tokens: Range<Int>, subtreeEnd: Int) {
        self.kind = kind
        self.firstToken = UInt32(truncatingIfNeeded: tokens.lowerBound)
        self.endToken = UInt32(truncatingIfNeeded: tokens.upperBound)
        self.subtreeEnd = UInt32(truncatingIfNeeded: subtreeEnd)
    }

    /// The indices of the node's tokens.
    public var tokenRange: Range<Int> { Int(firstToken)..<Int(endToken) }
    /// The index just past this node's last descendant.
    public var descendantsEnd: Int { Int(subtreeEnd) }
}
