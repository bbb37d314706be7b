/// One requested change: make `slot` hold `value`.
public struct SlotChange: Sendable, Hashable {
    public var slot: Slot
    public var value: String

    public init(slot: Slot, value: String) {
        self.slot = slot
        self.value = value
    }
}

extension TemplateDocument {
    /// Applies `changes` and proves the result: the edits are spliced into
    /// the source, the new text is parsed again, and every scalar of the new
    /// tree is compared with the old one. Each changed slot must now read
    /// `value` at the same path; every other scalar must keep its path, kind
    /// and value, and sit at the same bytes shifted by the edits before it.
    /// Throws (and nothing should be written) if any of that fails.
    ///
    /// A document that is a ``StructuralEditProof`` is first asked to prove
    /// the same more cheaply, from its tokens and tree: when it does, the
    /// scalar lists are not built, and each change is still read back at its
    /// path in the new document. `comparingEveryScalar` skips that proof
    /// (the tests hold the two ways to the same verdicts).
    public func applyingVerified(_ changes: [SlotChange]) throws(TemplateError) -> (document: Self, edits: [TextEdit]) {
        try applyingVerified(changes, comparingEveryScalar: false)
    }

    public func applyingVerified(
        _ changes: [SlotChange], comparingEveryScalar: Bool
    ) throws(TemplateError) -> (document: Self, edits: [TextEdit]) {
        var edits: [TextEdit] = []
        var wanted: [Int: SlotChange] = [:]  // old range start -> change
        for change in changes {
            edits.append(try replacement(for: change.slot, with: change.value))
            wanted[change.slot.range.lowerBound] = change
        }
        edits = try TextEdit.normalized(edits, count: source.count)
        let newSource = try source.applying(edits)
        let newDocument: Self
        do {
            if !comparingEveryScalar, let proof = self as? any StructuralEditProof,
                let reparsed = try Self.reparse(newSource, with: proof)
            {
                newDocument = reparsed
            } else {
                newDocument = try Self(parsing: newSource)
            }
        } catch {
            throw TemplateError(
                .edit, "the edited text no longer parses (\(error.message)); nothing was written",
                at: changes.first?.slot.range.lowerBound)
        }

        if !comparingEveryScalar, let proof = self as? any StructuralEditProof,
            Self.structureHolds(proof, edits: edits, changes: changes, edited: newDocument),
            Self.readsBack(changes, edits: edits, in: newDocument)
        {
            return (newDocument, edits)
        }
        // Either half of the cheap proof failing proves nothing wrong (a path
        // can name a value in each document of a YAML stream, a Python name
        // can be assigned twice): the full comparison below decides.

        let before = scalars()
        let after = newDocument.scalars()
        guard before.count == after.count else {
            throw TemplateError(
                .edit, "the edit changed the document's structure (\(before.count) values before, \(after.count) after); nothing was written",
                at: changes.first?.slot.range.lowerBound)
        }
        var sharedLiterals: [Int: Int] = [:]
        for slot in before { sharedLiterals[slot.range.lowerBound, default: 0] += 1 }
        // Offsets shift by the size change of every edit before them.
        var editIndex = 0
        var shift = 0
        for (old, new) in zip(before, after) {
            while editIndex < edits.count && edits[editIndex].range.upperBound <= old.range.lowerBound {
                shift += edits[editIndex].replacement.count - edits[editIndex].range.count
                editIndex += 1
            }
            let at = old.range.lowerBound
            guard old.path == new.path else {
                throw TemplateError(
                    .edit, "after the edit, '\(old.selectorText)' reads as '\(new.selectorText)'; nothing was written", at: at)
            }
            if let change = wanted[old.range.lowerBound], change.slot.range == old.range {
                // Two names can share one literal (`A = B = "1"` in Python, where
                // `scalars()` lists both): a change asked of one must not pass
                // unnoticed through the other. (A YAML alias is not such a case:
                // its anchor is listed once, and editing it is the point.)
                guard sharedLiterals[old.range.lowerBound, default: 1] == 1
                    || changes.contains(where: { $0.slot.range == old.range && $0.slot.path == old.path })
                else {
                    throw TemplateError(
                        .edit,
                        "'\(old.selectorText)' shares its literal with '\(change.slot.selectorText)', so changing one would change both; nothing was written",
                        at: at)
                }
                guard new.value == change.value else {
                    throw TemplateError(
                        .edit, "after the edit, '\(old.selectorText)' reads back as '\(new.value)', not '\(change.value)'; nothing was written",
                        at: at)
                }
            } else {
                guard old.value == new.value, old.kind == new.kind, new.range.lowerBound == old.range.lowerBound + shift else {
                    throw TemplateError(
                        .edit, "the edit would also change '\(old.selectorText)' (from '\(old.value)' to '\(new.value)'); nothing was written",
                        at: at)
                }
            }
        }
        return (newDocument, edits)
    }

    private static func reparse<Proof: StructuralEditProof>(_ source: SourceText, with proof: Proof) throws(TemplateError) -> Self? {
        try proof.reparsed(source) as? Self
    }

    private static func structureHolds<Proof: StructuralEditProof>(
        _ proof: Proof, edits: [TextEdit], changes: [SlotChange], edited: Self
    ) -> Bool {
        guard let edited = edited as? Proof else { return false }
        return proof.provesOnlyEdits(edits, changes: changes, in: edited)
    }

    /// Whether each change reads back at its concrete path in the new
    /// document: among the scalars the path selects, one sits where the
    /// edit put it, of the same kind, holding the new value. (Where a path
    /// selects several, as in a YAML stream with a value per document, the
    /// one at the edit's position is the change's.)
    private static func readsBack(_ changes: [SlotChange], edits: [TextEdit], in document: Self) -> Bool {
        for change in changes {
            let at = change.slot.range.lowerBound
            var shift = 0
            for edit in edits where edit.range.upperBound <= at && edit.range.lowerBound < at {
                shift += edit.replacement.count - edit.range.count
            }
            guard let found = try? document.select(Selector(components: change.slot.path)),
                found.contains(where: { $0.range.lowerBound == at + shift && $0.kind == change.slot.kind && $0.value == change.value })
            else { return false }
        }
        return true
    }
}
