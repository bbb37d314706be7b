#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TemplateSyntax

extension TOMLDocument {
    /// True only when `edited` is this document with `edits` spliced in and
    /// parsed again, and nothing but the edited literals changed: the same
    /// token kinds in the same order, the same nodes, every token outside
    /// the edits at its old bytes shifted by the edits before it, and each
    /// change's literal a scalar the key space lists exactly once (so one
    /// path reaches it), now reading the change's value. Proving this from
    /// the two trees costs one pass over the tokens and nodes, instead of
    /// building every scalar's decoded value and path twice; false is always
    /// safe (the caller then compares every scalar).
    public func provesOnlyEdits(_ edits: [TextEdit], changes: [SlotChange], in edited: TOMLDocument) -> Bool {
        guard
            TextEdit.isSplice(of: source.bytes, edits, giving: edited.source.bytes),
            TOMLEditProof.tokensMatch(tree.tokens, edited.tree.tokens, outside: edits),
            TOMLEditProof.nodesMatch(tree.nodes, edited.tree.nodes)
        else { return false }
        for edit in edits where !changes.contains(where: { $0.slot.range == edit.range }) { return false }
        var nodes: [Int] = []
        for change in changes {
            guard let node = TOMLEditProof.scalarNode(spanning: change.slot.range, in: tree) else { return false }
            nodes.append(node)
        }
        guard TOMLEditProof.listedOnce(nodes, in: space) else { return false }
        let newReader = edited.reader
        for (change, node) in zip(changes, nodes) {
            let slot = newReader.slot(node, path: change.slot.path)
            guard let edit = edits.first(where: { $0.range == change.slot.range }),
                slot.range == edit.replacedRange(among: edits), slot.kind == change.slot.kind,
                slot.value == change.value
            else { return false }
        }
        return true
    }
}

/// The checks behind `TOMLDocument.provesOnlyEdits`.
enum TOMLEditProof {

    /// Same count, same kinds in order, and every token that overlaps no
    /// edit at its old range shifted by the size change of the edits before it.
    static func tokensMatch(_ old: [TOMLToken], _ new: [TOMLToken], outside edits: [TextEdit]) -> Bool {
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

    static func nodesMatch(_ old: [TOMLNode], _ new: [TOMLNode]) -> Bool {
        guard old.count == new.count else { return false }
        for i in 0..<old.count {
            let o = old[i]
            let n = new[i]
            guard o.kind == n.kind, o.firstToken == n.firstToken, o.endToken == n.endToken, o.subtreeStart == n.subtreeStart
            else { return false }
        }
        return true
    }

    /// The scalar node whose one token spans exactly `range`, or nil.
    static func scalarNode(spanning range: Range<Int>, in tree: TOMLTree) -> Int? {
        // Tokens are in source order: find the one starting at the range by bisection.
        let tokens = tree.tokens
        var low = 0
        var high = tokens.count
        while low < high {
            let mid = (low + high) / 2
            if tokens[mid].start < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        guard low < tokens.count, tokens[low].range == range else { return nil }
        // A scalar node is one token; the value nodes are few per token, so a scan is cheap.
        for (index, node) in tree.nodes.enumerated() where node.firstToken == low && node.endToken == low + 1 && node.kind.isScalar {
            return index
        }
        return nil
    }

    /// Whether each of `nodes` is an item of exactly one table or array of the key space.
    static func listedOnce(_ nodes: [Int], in space: TOMLKeySpace) -> Bool {
        var counts = [Int](repeating: 0, count: nodes.count)
        func count(_ items: [TOMLKeySpace.Item]) {
            for item in items {
                guard case .scalar(let node) = item else { continue }
                for (k, wanted) in nodes.enumerated() where wanted == node { counts[k] += 1 }
            }
        }
        for table in space.tables { count(table.items) }
        for array in space.arrays { count(array.items) }
        return counts.allSatisfy { $0 == 1 }
    }
}

extension TOMLDocument: StructuralEditProof {}

extension TOMLDocument: PrintsSourceRuns {
    /// The runs of the source that `printed()` concatenates (one run, the
    /// whole source, when the tokens tile it).
    public func printedRuns() -> [Range<Int>] { tree.printedRuns(source) }
}
