#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TemplateSyntax

extension HCLDocument {
    /// True only when `edited` is this document with `edits` spliced in and
    /// parsed again, and nothing but the edited literals changed: the same
    /// token kinds in the same order, the same nodes, every token outside
    /// the edits at its old bytes shifted by the edits before it, and each
    /// change's literal a scalar that `scalars()` reaches by exactly one
    /// path, now reading the change's value. Proving this from the two trees
    /// costs one pass over the tokens and nodes, instead of building every
    /// scalar's decoded value and path twice; false is always safe (the
    /// caller then compares every scalar).
    public func provesOnlyEdits(_ edits: [TextEdit], changes: [SlotChange], in edited: HCLDocument) -> Bool {
        guard
            TextEdit.isSplice(of: source.bytes, edits, giving: edited.source.bytes),
            HCLEditProof.tokensMatch(tree.tokens, edited.tree.tokens, outside: edits),
            HCLEditProof.nodesMatch(tree.nodes, edited.tree.nodes)
        else { return false }
        let oldReader = reader
        let newReader = edited.reader
        for edit in edits where !changes.contains(where: { $0.slot.range == edit.range }) { return false }
        for change in changes {
            guard let edit = edits.first(where: { $0.range == change.slot.range }),
                let node = HCLEditProof.scalarNode(spanning: edit.range, in: oldReader),
                let slot = newReader.slot(for: node, path: change.slot.path),
                slot.range == edit.replacedRange(among: edits),
                slot.kind == change.slot.kind, slot.value == change.value
            else { return false }
        }
        return true
    }
}

extension HCLDocument {
    /// The document of `edited`, this document's source with edits spliced
    /// in. The parser reads the tokens' kinds and, of the bytes, only those
    /// of identifier and number tokens (keywords, `true`, `false`, `null`, a
    /// legacy index's digits); any other byte it reads only to word an
    /// error. So when `edited` lexes into the same kinds and every
    /// identifier and number token holds the same bytes as before, the
    /// parser would take the same steps and build the same nodes: the new
    /// tokens are kept and this document's nodes shared, not built a second
    /// time (nor held twice). Otherwise the new tokens are parsed in full.
    /// `provesOnlyEdits` then checks the tokens as for any re-parse.
    public func reparsed(_ edited: SourceText) throws(TemplateError) -> HCLDocument {
        let tokens = try HCLLexer.tokenize(edited)
        guard HCLEditProof.parsesAlike(tree.tokens, source.bytes, tokens, edited.bytes) else {
            return HCLDocument(source: edited, tree: try HCLParser.parse(edited, tokens: tokens))
        }
        return HCLDocument(source: edited, tree: HCLTree(tokens: tokens, nodes: tree.nodes))
    }
}

/// The checks behind `HCLDocument.provesOnlyEdits`.
enum HCLEditProof {
    /// Whether the parser, fed `new` over `newBytes`, sees what it saw fed
    /// `old` over `oldBytes`: as many tokens, the same kinds in order, and
    /// each identifier and number token the same bytes. Tokens wholly in
    /// the texts' common prefix at the same offsets, or wholly in their
    /// common suffix at offsets moved by the size change, hold the same
    /// bytes without a look; the few between are compared.
    static func parsesAlike(_ old: [HCLToken], _ oldBytes: [UInt8], _ new: [HCLToken], _ newBytes: [UInt8]) -> Bool {
        guard old.count == new.count else { return false }
        let prefix = ByteComparison.commonPrefix(oldBytes, newBytes)
        let suffix = ByteComparison.commonSuffix(oldBytes, newBytes, limit: min(oldBytes.count, newBytes.count) - prefix)
        let suffixStart = oldBytes.count - suffix
        let delta = newBytes.count - oldBytes.count
        return old.withUnsafeBufferPointer { o in
            new.withUnsafeBufferPointer { n in
                for i in 0..<o.count {
                    let a = o[i]
                    let b = n[i]
                    guard a.kind == b.kind else { return false }
                    guard a.kind == .identifier || a.kind == .number else { continue }
                    if a.end <= prefix && b.start == a.start && b.end == a.end { continue }
                    if a.start >= suffixStart && b.start == a.start + delta && b.end == a.end + delta { continue }
                    guard a.end - a.start == b.end - b.start, a.end <= oldBytes.count, b.end <= newBytes.count,
                        oldBytes[a.range].elementsEqual(newBytes[b.range])
                    else { return false }
                }
                return true
            }
        }
    }

    /// Same count, same kinds in order, and every token that overlaps no
    /// edit at its old range shifted by the size change of the edits before it.
    static func tokensMatch(_ old: [HCLToken], _ new: [HCLToken], outside edits: [TextEdit]) -> Bool {
        guard old.count == new.count else { return false }
        var e = 0
        var shift = 0
        for i in 0..<old.count {
            let o = old[i]
            let n = new[i]
            guard o.kind == n.kind else { return false }
            while e < edits.count && edits[e].range.upperBound <= o.start {
                shift += edits[e].replacement.count - edits[e].range.count
                e += 1
            }
            if e < edits.count && edits[e].range.lowerBound < o.end { continue }  // inside an edit
            guard n.start == o.start + shift, n.end == o.end + shift else { return false }
        }
        return true
    }

    static func nodesMatch(_ old: [HCLNode], _ new: [HCLNode]) -> Bool {
        guard old.count == new.count else { return false }
        // One array shared by both trees (see `reparsed(_:)`) matches itself.
        let shared = old.withUnsafeBufferPointer { o in new.withUnsafeBufferPointer { n in o.baseAddress == n.baseAddress } }
        if shared { return true }
        for i in 0..<old.count {
            let o = old[i]
            let n = new[i]
            guard o.kind == n.kind, o.firstToken == n.firstToken, o.endToken == n.endToken, o.subtreeStart == n.subtreeStart
            else { return false }
        }
        return true
    }

    /// The node spanning exactly `range` that `scalars()` lists, found by
    /// the same descent (bodies, blocks, attribute values, object values,
    /// tuple items), or nil. A tree path is unique, so such a node is
    /// reached by one path only.
    static func scalarNode(spanning range: Range<Int>, in reader: HCLReader) -> Int? {
        let tree = reader.tree
        guard let root = reader.rootBody else { return nil }
        var body = root
        // Bodies and blocks down to the attribute whose value holds the range.
        var value: Int
        while true {
            guard let item = childContaining(range, of: body, in: tree) else { return nil }
            switch tree.nodes[item].kind {
            case .attribute:
                guard item - 1 >= tree.nodes[item].subtreeStart else { return nil }
                value = item - 1
            case .block:
                guard let inner = reader.blockParts(item).body, tree.range(of: inner).covers(range) else { return nil }
                body = inner
                continue
            default:
                return nil
            }
            break
        }
        // Object values and tuple items down to the node spanning the range.
        while true {
            guard tree.range(of: value).covers(range) else { return nil }
            if tree.range(of: value) == range {
                return reader.slot(for: value, path: []) == nil ? nil : value
            }
            switch tree.nodes[value].kind {
            case .object:
                // Only an element's value is a slot, never its key.
                guard let element = childContaining(range, of: value, in: tree), tree.nodes[element].kind == .objectElem,
                    tree.children(of: element).count == 2
                else { return nil }
                value = element - 1
            case .tuple:
                guard let item = childContaining(range, of: value, in: tree) else { return nil }
                value = item
            default:
                return nil
            }
        }
    }

    /// The child of `parent` whose bytes contain `range` and whose subtree
    /// holds the nodes spanning it.
    static func childContaining(_ range: Range<Int>, of parent: Int, in tree: HCLTree) -> Int? {
        let floor = tree.nodes[parent].subtreeStart
        var child = parent - 1
        while child >= floor {
            let r = tree.range(of: child)
            if r.lowerBound <= range.lowerBound && range.upperBound <= r.upperBound { return child }
            child = tree.nodes[child].subtreeStart - 1
        }
        return nil
    }
}

extension Range where Bound == Int {
    fileprivate func covers(_ other: Range<Int>) -> Bool {
        lowerBound <= other.lowerBound && other.upperBound <= upperBound
    }
}

extension HCLDocument: StructuralEditProof {}

extension HCLDocument: PrintsSourceRuns {
    /// The runs of the source that `printed()` concatenates (one run, the
    /// whole source, when the tokens tile it), so `parse --print` writes
    /// straight from the source after checking the tokens cover it.
    public func printedRuns() -> [Range<Int>] { tree.printedRuns(source) }
}
