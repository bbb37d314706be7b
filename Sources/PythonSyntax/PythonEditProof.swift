#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TemplateSyntax

extension PythonDocument {
    /// True only when `edited` is this document with `edits` spliced in and
    /// parsed again, and nothing but the edited literals changed: the same
    /// token kinds in the same order, the same statement nodes and
    /// bindings, every token outside the edits at its old bytes shifted by
    /// the edits before it, and each change's literal bound to exactly one
    /// name (not `A = B = "1.0"`, where two paths reach one literal), now
    /// reading the change's value. One pass over the tokens instead of
    /// building every scalar's decoded value and path twice; false is
    /// always safe (the caller then compares every scalar).
    public func provesOnlyEdits(_ edits: [TextEdit], changes: [SlotChange], in edited: PythonDocument) -> Bool {
        guard encoding == edited.encoding,
            TextEdit.isSplice(of: source.bytes, edits, giving: edited.source.bytes),
            PythonEditProof.tokensMatch(tokens, edited.tokens, outside: edits),
            PythonEditProof.nodesMatch(nodes, edited.nodes), bindings == edited.bindings
        else { return false }
        for edit in edits where !changes.contains(where: { $0.slot.range == edit.range }) { return false }
        for change in changes {
            guard let edit = edits.first(where: { $0.range == change.slot.range }),
                let node = literalNode(spanning: change.slot.range), bindingPaths(reaching: node) == 1
            else { return false }
            let slot = edited.slot(node, change.slot.path)
            guard slot.range == edit.replacedRange(among: edits), slot.kind == change.slot.kind,
                slot.value == change.value
            else { return false }
        }
        return true
    }

    /// The literal node spanning exactly `range`, or nil.
    func literalNode(spanning range: Range<Int>) -> Int? {
        for index in nodes.indices where nodes[index].kind.isLiteral && self.range(ofNode: index) == range { return index }
        return nil
    }

    /// How many paths of `scalars()` reach literal node `node`: one per name
    /// bound to it, or to the tuple holding it.
    func bindingPaths(reaching node: Int) -> Int {
        var count = 0
        for binding in bindings {
            let value = binding.valueNode
            if value == node && nodes[value].kind.isLiteral {
                count += 1
            } else if nodes[value].kind == .tuple && children(ofNode: value).contains(node) {
                count += 1
            }
        }
        return count
    }
}

/// The checks behind `PythonDocument.provesOnlyEdits`.
enum PythonEditProof {
    /// The same nodes, but for `True` and `False`, whose node kinds name the
    /// value: a bool edited from one to the other is still the same tree.
    static func nodesMatch(_ old: [PythonNode], _ new: [PythonNode]) -> Bool {
        guard old.count == new.count else { return false }
        for i in 0..<old.count {
            var o = old[i]
            var n = new[i]
            if o.kind == .trueLiteral || o.kind == .falseLiteral { o.kind = .trueLiteral }
            if n.kind == .trueLiteral || n.kind == .falseLiteral { n.kind = .trueLiteral }
            guard o == n else { return false }
        }
        return true
    }

    /// Same count, same kinds in order, and every token that overlaps no
    /// edit at its old range shifted by the size change of the edits before it.
    static func tokensMatch(_ old: [PythonToken], _ new: [PythonToken], outside edits: [TextEdit]) -> Bool {
        guard old.count == new.count else { return false }
        var e = 0
        var shift = 0
        for i in 0..<old.count {
            let o = old[i]
            let n = new[i]
            guard o.kind == n.kind else { return false }
            while e < edits.count && edits[e].range.upperBound <= Int(o.start) {
                shift += edits[e].replacement.count - edits[e].range.count
                e += 1
            }
            if e < edits.count && edits[e].range.lowerBound < Int(o.end) { continue }  // inside an edit
            guard Int(n.start) == Int(o.start) + shift, Int(n.end) == Int(o.end) + shift else { return false }
        }
        return true
    }

}

extension PythonDocument: StructuralEditProof {}
