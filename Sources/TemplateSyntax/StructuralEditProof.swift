#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A document that can prove cheaply that a re-parse of its edited text differs from it only inside the edits.
public protocol StructuralEditProof: TemplateDocument {
    /// True only when `edited` (this document's source with `edits` applied, parsed again) has the same
    /// token kinds in the same order and the same tree as `self`, every token outside the edits at the
    /// same bytes shifted by the size change of the edits before it, and no changed slot's literal reachable
    /// by a second path. False is always safe: the caller then compares every scalar, as today.
    func provesOnlyEdits(_ edits: [TextEdit], changes: [SlotChange], in edited: Self) -> Bool

    /// The document of `edited` (this document's source with edits applied), which `provesOnlyEdits`
    /// is then asked about. A format may share this document's storage where the proof would find the
    /// two the same (so an edit of a large file does not hold two whole trees); by default it is
    /// `Self(parsing: edited)`.
    func reparsed(_ edited: SourceText) throws(TemplateError) -> Self
}

extension StructuralEditProof {
    public func reparsed(_ edited: SourceText) throws(TemplateError) -> Self {
        try Self(parsing: edited)
    }
}

/// The position half of a structural edit proof: token `k` of the old text
/// and token `k` of the new one sit at the same bytes, shifted by the size
/// change of every edit before them, unless the old token lies wholly
/// inside an edit, when the new one must lie wholly inside that edit's
/// replacement. A token an edit only partly covers fails the check.
public enum TokenShift {
    /// Whether the check holds for `count` tokens; `edits` sorted and not
    /// overlapping (as ``TextEdit/normalized(_:count:)`` gives them).
    @inlinable
    public static func holds(
        count: Int, edits: [TextEdit], old: (Int) -> Range<Int>, new: (Int) -> Range<Int>
    ) -> Bool {
        var next = 0  // the first edit not yet wholly before the current token
        var shift = 0
        for index in 0..<count {
            let before = old(index)
            let after = new(index)
            // Edits that end at or before this token (and do not hold it) shift it.
            while next < edits.count {
                let range = edits[next].range
                let holds = range.lowerBound <= before.lowerBound && before.upperBound <= range.upperBound
                guard range.upperBound <= before.lowerBound && !holds else { break }
                shift += edits[next].replacement.count - range.count
                next += 1
            }
            if next < edits.count {
                let range = edits[next].range
                if range.lowerBound <= before.lowerBound && before.upperBound <= range.upperBound {
                    let low = range.lowerBound + shift
                    let high = low + edits[next].replacement.count
                    guard low <= after.lowerBound, after.upperBound <= high else { return false }
                    continue
                }
                // Not wholly before this edit: the edit cuts into the token.
                guard before.upperBound <= range.lowerBound else { return false }
            }
            guard after.lowerBound == before.lowerBound + shift, after.count == before.count else { return false }
        }
        return true
    }
}

extension TextEdit {
    /// Whether `new` is `old` with `edits` (sorted, not overlapping, inside
    /// `old`) spliced in: compared by runs with memcmp, not re-spliced into a
    /// third array. The byte half of a ``StructuralEditProof``.
    public static func isSplice(of old: [UInt8], _ edits: [TextEdit], giving new: [UInt8]) -> Bool {
        var delta = 0
        var previousEnd = 0
        for edit in edits {
            guard edit.range.lowerBound >= previousEnd, edit.range.upperBound <= old.count else { return false }
            delta += edit.replacement.count - edit.range.count
            previousEnd = edit.range.upperBound
        }
        guard new.count == old.count + delta else { return false }
        // An empty text holds no slot to edit (and gives no buffer address): false is safe.
        if old.isEmpty || new.isEmpty { return false }
        func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
            count <= 0 || memcmp(a, b, count) == 0
        }
        return old.withUnsafeBufferPointer { o in
            new.withUnsafeBufferPointer { n in
                var cursor = 0
                var shift = 0
                for edit in edits {
                    let lower = edit.range.lowerBound
                    guard same(o.baseAddress! + cursor, n.baseAddress! + cursor + shift, lower - cursor) else { return false }
                    let at = lower + shift
                    let replaced = edit.replacement.withUnsafeBufferPointer { r in
                        r.isEmpty || same(r.baseAddress!, n.baseAddress! + at, r.count)
                    }
                    guard replaced else { return false }
                    shift += edit.replacement.count - edit.range.count
                    cursor = edit.range.upperBound
                }
                return same(o.baseAddress! + cursor, n.baseAddress! + cursor + shift, o.count - cursor)
            }
        }
    }

    /// Where this edit's replacement lies in the edited text: its start moved
    /// by the size change of the other `edits` before it.
    public func replacedRange(among edits: [TextEdit]) -> Range<Int> {
        var start = range.lowerBound
        for other in edits where other.range.upperBound <= range.lowerBound && other != self {
            start += other.replacement.count - other.range.count
        }
        return start..<(start + replacement.count)
    }
}
