import TemplateSyntax

/// The cheap proof of an edit: instead of listing every scalar of both
/// documents with its path (strings and arrays for every value of a file),
/// the two node arrays are compared side by side.
extension YAMLDocument {
    /// True only when `edited` (this document's source with `edits` applied,
    /// parsed again) has the same nodes as `self`: the same kinds, styles,
    /// anchors, tags and structure, every node at the same bytes shifted by
    /// the size change of the edits before it, every scalar outside the
    /// changes holding the same value, each changed scalar holding its new
    /// value, and no changed scalar a mapping key (or inside one, or named by
    /// an alias used as a key), since a key's text is part of other values'
    /// paths. An alias to a changed anchor is fine: the anchor is listed once
    /// by `scalars()`, and changing what its aliases read is the point.
    /// False is always safe: the caller then compares every scalar.
    public func provesOnlyEdits(_ edits: [TextEdit], changes: [SlotChange], in edited: Self) -> Bool {
        guard nodes.count == edited.nodes.count, documents == edited.documents,
            properties.count == edited.properties.count
        else { return false }

        // The edits, in order and apart, and the new text exactly the old one with them spliced in.
        var shifts: [(end: Int, shift: Int)] = []  // shift after each edit, by its end
        shifts.reserveCapacity(edits.count)
        var shift = 0
        var previousEnd = 0
        for edit in edits {
            guard edit.range.lowerBound >= previousEnd, edit.range.upperBound <= source.count else { return false }
            previousEnd = edit.range.upperBound
            shift += edit.replacement.count - edit.range.count
            shifts.append((edit.range.upperBound, shift))
        }
        guard edited.source.count == source.count + shift, splices(edits, into: edited) else { return false }
        /// The size change of the edits ending at or before `offset`.
        func shifted(_ offset: Int) -> Int {
            var low = 0
            var high = shifts.count
            while low < high {
                let mid = (low + high) / 2
                if shifts[mid].end <= offset { low = mid + 1 } else { high = mid }
            }
            return offset + (low == 0 ? 0 : shifts[low - 1].shift)
        }

        // Each change names one scalar; every edit lies inside a changed scalar (its tag through its end).
        var wanted: [Int: String] = [:]
        for change in changes {
            guard let index = scalarNode(for: change.slot), wanted.updateValue(change.value, forKey: index) ?? change.value == change.value
            else { return false }
        }
        let changed = wanted.keys.sorted()
        var next = 0
        for edit in edits {
            while next < changed.count && nodes[changed[next]].range.upperBound < edit.range.upperBound { next += 1 }
            guard next < changed.count else { return false }
            let node = changed[next]
            let content = contentRange(ofNode: node)
            let from = tagStart(ofNode: node) ?? content.lowerBound
            guard from <= edit.range.lowerBound, edit.range.upperBound <= content.upperBound else { return false }
        }

        // Starts never decrease in preorder, so the edits before a start are
        // counted as the walk goes; an end looks itself up only when an edit
        // ends between its node's start and it.
        var pending = 0
        var shiftHere = 0
        var nextChanged = 0
        for index in nodes.indices {
            let old = nodes[index]
            let new = edited.nodes[index]
            let start = Int(old.start)
            let end = Int(old.end)
            while pending < edits.count && edits[pending].range.upperBound <= start {
                shiftHere = shifts[pending].shift
                pending += 1
            }
            if pending > 0 && shifts[pending - 1].end > start { return false }  // starts went back
            let endShifted = pending < edits.count && edits[pending].range.upperBound <= end ? shifted(end) : end + shiftHere
            let content = contentRange(ofNode: index).lowerBound
            let contentShifted = pending < edits.count && edits[pending].range.upperBound <= content ? shifted(content) : content + shiftHere
            guard old.flags.subtracting(.valueIsLiteral) == new.flags.subtracting(.valueIsLiteral),
                start + shiftHere == Int(new.start), endShifted == Int(new.end),
                contentShifted == edited.contentRange(ofNode: index).lowerBound
            else { return false }
            if old.flags.contains(.hasProperties) {
                guard let before = properties[Int32(truncatingIfNeeded: index)], let after = edited.properties[Int32(truncatingIfNeeded: index)],
                    before.anchor == after.anchor, before.tag == after.tag, before.tagStart.map(shifted) == after.tagStart,
                    shifted(before.contentStart) == after.contentStart
                else { return false }
            }
            switch old.kind {
            case .mapping, .sequence:
                guard old.kindAndStyle == new.kindAndStyle, old.link == new.link else { return false }
                if old.isKey && changedNode(in: index..<descendantsEnd(ofNode: index), changed) { return false }
            case .alias:
                guard old.kindAndStyle == new.kindAndStyle, old.link == new.link,
                    withValueBytes(ofNode: index, { a in edited.withValueBytes(ofNode: index) { b in YAMLDocument.same(a, b) } })
                else { return false }
                if old.isKey, !changed.isEmpty, let target = resolved(index), wanted[target] != nil { return false }
            case .scalar:
                guard new.kind == .scalar else { return false }
                let isChanged = nextChanged < changed.count && changed[nextChanged] == index
                if isChanged { nextChanged += 1 }
                if isChanged, let value = wanted[index] {
                    // A changed scalar may change its quoting (plain to double-quoted), never its place as a key.
                    guard !old.isKey else { return false }
                    var value = value
                    guard value.withUTF8({ a in edited.withValueBytes(ofNode: index) { b in YAMLDocument.same(a, b) } }) else { return false }
                } else {
                    guard old.kindAndStyle == new.kindAndStyle else { return false }
                    // Both values the literal's bytes, no edit inside, the bytes around the edits
                    // checked above: the same bytes, so the same value.
                    let untouched = old.flags.contains(.valueIsLiteral) && new.flags.contains(.valueIsLiteral)
                        && endShifted == end + shiftHere && contentShifted == content + shiftHere
                        && (pending == edits.count || edits[pending].range.lowerBound >= end)
                    guard untouched
                        || withValueBytes(ofNode: index, { a in edited.withValueBytes(ofNode: index) { b in YAMLDocument.same(a, b) } })
                    else { return false }
                }
            }
        }
        return true
    }

    /// Whether `edited`'s bytes are this source's with `edits` (in order) spliced in.
    private func splices(_ edits: [TextEdit], into edited: YAMLDocument) -> Bool {
        source.bytes.withUnsafeBufferPointer { old in
            edited.source.bytes.withUnsafeBufferPointer { new in
                var from = 0
                var to = 0
                func same(_ a: UnsafeBufferPointer<UInt8>.SubSequence, _ b: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
                    YAMLDocument.same(UnsafeBufferPointer(rebasing: a), UnsafeBufferPointer(rebasing: b))
                }
                for edit in edits {
                    let kept = edit.range.lowerBound - from
                    guard to + kept + edit.replacement.count <= new.count,
                        same(old[from..<edit.range.lowerBound], new[to..<(to + kept)])
                    else { return false }
                    to += kept
                    guard edit.replacement.withUnsafeBufferPointer({ same($0[...], new[to..<(to + edit.replacement.count)]) }) else {
                        return false
                    }
                    to += edit.replacement.count
                    from = edit.range.upperBound
                }
                return old.count - from == new.count - to && same(old[from...], new[to...])
            }
        }
    }

    /// Whether two byte runs are equal, compared a word at a time.
    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let p = a.baseAddress, let q = b.baseAddress else { return true }
        var i = 0
        while i + 8 <= a.count {
            if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(q + i).loadUnaligned(as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < a.count {
            if p[i] != q[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether a node of sorted `changed` lies in `range` (a complex key's subtree).
    private func changedNode(in range: Range<Int>, _ changed: [Int]) -> Bool {
        var low = 0
        var high = changed.count
        while low < high {
            let mid = (low + high) / 2
            if changed[mid] < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return low < changed.count && changed[low] < range.upperBound
    }
}

extension YAMLDocument: StructuralEditProof {}
