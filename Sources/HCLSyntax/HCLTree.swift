import TemplateSyntax

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

/// One node of the HCL tree (stored in post-order, children first).
public typealias HCLNode = PostorderNode<HCLNodeKind>

/// The concrete syntax tree of one HCL file: every token, trivia included,
/// in source order (the last is `endOfFile`), and every node in post-order
/// (the last is the `configFile` root).
public typealias HCLTree = PostorderTree<HCLTokenKind, HCLNodeKind>
