/// A token kind that knows whether it is trivia (whitespace, comments, a
/// byte order mark): bytes a parser skips but printing keeps.
public protocol SyntaxTokenKind: Sendable, Hashable {
    var isTrivia: Bool { get }
}

/// One token: its kind and its byte range in the source. In a tree whose
/// tokens include the trivia, consecutive ranges touch and together cover
/// the whole source.
public struct SyntaxToken<Kind: SyntaxTokenKind>: Sendable, Hashable {
    public var kind: Kind
    // 32-bit offsets keep a token at 12 bytes; sources of 4 GiB or more are rejected.
    @usableFromInline var startOffset: UInt32
    @usableFromInline var endOffset: UInt32

    @inlinable
    public init(_ kind: Kind, _ start: Int, _ end: Int) {
        self.kind = kind
        self.startOffset = UInt32(truncatingIfNeeded: start)
        self.endOffset = UInt32(truncatingIfNeeded: end)
    }

    /// Offset of the token's first byte.
    @inlinable public var start: Int { Int(startOffset) }
    /// Offset one past the token's last byte.
    @inlinable public var end: Int { Int(endOffset) }
    /// The token's bytes in the source.
    @inlinable public var range: Range<Int> { start..<end }
}

/// One node of a post-order tree: its kind, the tokens it spans and where
/// its subtree starts.
///
/// Post-order (children before their parent) lets a parser append a node
/// once its children exist, and wrap an operand it has already parsed (a
/// binary operator) without inserting into the array.
public struct PostorderNode<Kind: Sendable & Hashable>: Sendable, Hashable {
    public var kind: Kind
    @usableFromInline var firstTokenIndex: UInt32
    @usableFromInline var endTokenIndex: UInt32
    @usableFromInline var subtreeStartIndex: UInt32

    @inlinable
    public init(kind: Kind, firstTokenIndex: UInt32, endTokenIndex: UInt32, subtreeStartIndex: UInt32) {
        self.kind = kind
        self.firstTokenIndex = firstTokenIndex
        self.endTokenIndex = endTokenIndex
        self.subtreeStartIndex = subtreeStartIndex
    }

    /// Index of the node's first token.
    @inlinable public var firstToken: Int { Int(firstTokenIndex) }
    /// One past the index of the node's last token.
    @inlinable public var endToken: Int { Int(endTokenIndex) }
    /// Index of the first node of this node's subtree (its deepest first
    /// descendant, or itself when it has no children).
    @inlinable public var subtreeStart: Int { Int(subtreeStartIndex) }
}

/// A concrete syntax tree as flat arrays over the source bytes: every token
/// (trivia included) in source order, and every node in post-order with the
/// root last. The HCL and TOML trees are this type.
public struct PostorderTree<TokenKind: SyntaxTokenKind, NodeKind: Sendable & Hashable>: Sendable {
    public let tokens: [SyntaxToken<TokenKind>]
    public let nodes: [PostorderNode<NodeKind>]

    @inlinable
    public init(tokens: [SyntaxToken<TokenKind>], nodes: [PostorderNode<NodeKind>]) {
        self.tokens = tokens
        self.nodes = nodes
    }

    /// Index of the root node.
    @inlinable public var root: Int { nodes.count - 1 }

    /// The children of node `index`, first to last.
    @inlinable
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
    @inlinable
    public func range(of index: Int) -> Range<Int> {
        let node = nodes[index]
        guard node.endToken > node.firstToken else {
            let at = tokens[min(node.firstToken, tokens.count - 1)].start
            return at..<at
        }
        return tokens[node.firstToken].start..<tokens[node.endToken - 1].end
    }

    /// The significant (non-trivia) tokens of node `index`.
    @inlinable
    public func significantTokens(of index: Int) -> [Int] {
        let node = nodes[index]
        return (node.firstToken..<node.endToken).filter { !tokens[$0].kind.isTrivia }
    }

    /// The tokens' bytes, concatenated: the source when the tokens tile it.
    /// Built from the tokens rather than handed back, so the round-trip
    /// tests check that the tokens really cover every byte.
    public func printed(_ source: SourceText) -> [UInt8] {
        source.bytes(ofRuns: printedRuns(source))
    }

    /// The runs of `source.bytes` that `printed(_:)` concatenates: every
    /// token's bytes in order, adjacent ones merged (one run, the whole
    /// source, when the tokens tile it). Bytes no token covers are not
    /// printed, so a gap between tokens shows as a difference.
    /// Inlinable, so each format's tree gets a copy specialised to its token
    /// kind (unspecialised, every token went through value witnesses).
    @inlinable
    public func printedRuns(_ source: SourceText) -> [Range<Int>] {
        // The usual case, checked first in one tight pass: each token starts
        // where the one before ended and the last ends the source, so the
        // tokens tile it and print as one run, the whole source.
        let count = source.count
        let tiles = tokens.withUnsafeBufferPointer { tokens -> Bool in
            var cursor: UInt32 = 0
            for token in tokens {
                guard token.startOffset == cursor, token.endOffset >= cursor else { return false }
                cursor = token.endOffset
            }
            return Int(cursor) == count
        }
        if tiles { return count == 0 ? [] : [0..<count] }
        var runs = PrintedRuns(count: count)
        tokens.withUnsafeBufferPointer { tokens in
            for token in tokens {
                runs.skip(to: token.start)
                runs.addToken(token.start, token.end)
            }
        }
        runs.skip(to: source.count)
        return runs.finish()
    }

    /// Whether `edited`, the tree of this tree's source with `edits` applied
    /// (sorted, as ``TextEdit/normalized(_:count:)`` gives them), has the
    /// same token kinds in the same order, the same nodes, and every token
    /// outside the edits at the same bytes shifted by the edits before it
    /// (see ``TokenShift``). The tree half of ``StructuralEditProof``: a
    /// format adds what only it knows (which tokens an edit may cover, and
    /// whether a literal can be reached by two paths).
    public func matchesOutsideEdits(_ edits: [TextEdit], in edited: PostorderTree) -> Bool {
        guard tokens.count == edited.tokens.count, nodes == edited.nodes else { return false }
        for index in tokens.indices where tokens[index].kind != edited.tokens[index].kind { return false }
        return TokenShift.holds(
            count: tokens.count, edits: edits, old: { tokens[$0].range }, new: { edited.tokens[$0].range })
    }
}
