/// Node kinds, named after the productions of `grammars/hcl.ebnf`.
public enum HCLNodeKind: UInt8, Sendable, Hashable {
    /// The whole file; its one child is a `body`.
    case configFile
    /// Attributes and blocks, in order.
    case body
    /// `name = Expression`; first token is the name, the one child the value.
    case attribute
    /// `type label* { Body }` or the one-line form; children are the
    /// `blockLabel`s, then the `body`.
    case block
    /// A block label: an identifier or a quoted string without templates.
    case blockLabel

    /// `NumericLit`, `true`, `false` or `null`.
    case literalValue
    /// A quoted template `"..."`; children are its interpolations and directives.
    case templateExpr
    /// A heredoc template `<<EOF ... EOF`.
    case heredocTemplate
    /// `${ Expression }` inside a template.
    case templateInterpolation
    /// `%{ if }...%{ else }...%{ endif }`.
    case templateIf
    /// `%{ for }...%{ endfor }`.
    case templateFor
    /// A bare identifier used as a value.
    case variableExpr
    /// `name(args)` or `provider::ns::name(args)`; children are the arguments.
    case functionCall
    /// `[ Expression, ... ]`.
    case tuple
    /// `{ key = value, ... }`; children are `objectElem`s.
    case object
    /// `key = value` or `key : value`; children: key, value.
    case objectElem
    /// `[for ...]` or `{for ...}`.
    case forExpr
    /// `collection[key]`; children: collection, key.
    case index
    /// `.0`: the legacy numeric index; child: collection.
    case legacyIndex
    /// `.name`; child: the value accessed.
    case getAttr
    /// `.*`; child: the value splatted.
    case attrSplat
    /// `[*]`; child: the value splatted.
    case fullSplat
    /// `-x` or `!x`; child: the operand.
    case unaryOp
    /// `a op b`; children: left, right.
    case binaryOp
    /// `cond ? a : b`; children: condition, true result, false result.
    case conditional
    /// `( Expression )`.
    case parenthesized
}

/// One node: its kind, the tokens it spans and where its subtree starts.
///
/// Nodes are stored in post-order (children before their parent), so a
/// parent that wraps an already-parsed operand, as a binary operator does,
/// is appended after it rather than inserted before it.
public struct HCLNode: Sendable, Hashable {
    public var kind: HCLNodeKind
    var firstTokenIndex: UInt32
    var endTokenIndex: UInt32
    var subtreeStartIndex: UInt32

    /// Index of the node's first token.
    public var firstToken: Int { Int(firstTokenIndex) }
    /// One past the index of the node's last token.
    public var endToken: Int { Int(endTokenIndex) }
    /// Index of the first node of this node's subtree (its deepest first
    /// descendant, or itself when it has no children).
    public var subtreeStart: Int { Int(subtreeStartIndex) }
}

/// The concrete syntax tree of one HCL file: flat arrays of tokens and nodes
/// over the source bytes.
public struct HCLTree: Sendable {
    /// Every token, trivia included, in source order; their ranges tile the
    /// source exactly. The last token is `endOfFile`.
    public let tokens: [HCLToken]
    /// Every node in post-order; the last node is the `configFile` root.
    public let nodes: [HCLNode]

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

    /// The significant (non-trivia) tokens of node `index`.
    public func significantTokens(of index: Int) -> [Int] {
        let node = nodes[index]
        return (node.firstToken..<node.endToken).filter { !tokens[$0].kind.isTrivia }
    }
}
