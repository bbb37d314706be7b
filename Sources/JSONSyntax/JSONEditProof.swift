#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import TemplateSyntax

extension JSONDocument: StructuralEditProof {
    /// JSON's tree is a function of its token kinds, and a literal has one
    /// path: so the proof is that the two texts have the same token kinds
    /// and values, that every edit replaces exactly one scalar value's token
    /// (never a member name) that a change names, and that every other
    /// token sits at the same bytes shifted by the edits before it. The
    /// bytes outside the edits are the old bytes, so every other scalar and
    /// every member name reads as before.
    public func provesOnlyEdits(_ edits: [TextEdit], changes: [SlotChange], in edited: JSONDocument) -> Bool {
        guard Self.sameKinds(tokenKinds, edited.tokenKinds), Self.sameBytes(nodeRecords, edited.nodeRecords) else { return false }
        for edit in edits {
            guard changes.contains(where: { $0.slot.range == edit.range }),
                let index = token(startingAt: edit.range.lowerBound), tokenEnd(index) == edit.range.upperBound,
                JSONToken(kind: tokenKinds[index], start: 0, end: 0).isScalarValue,
                index + 1 == tokenKinds.count || tokenKinds[index + 1] != .nameSeparator
            else { return false }
        }
        return TokenShift.holds(count: tokenKinds.count, edits: edits, old: tokenRange, new: edited.tokenRange)
    }

    /// The edited text's document. Its tree is the same function of its
    /// token kinds as this one's: when the kinds are the same (`true` and
    /// `false` counting as one, as neither opens or closes anything), the
    /// tokens alone are parsed and the values are this document's, shared,
    /// not built a second time. Otherwise the text is parsed in full.
    public func reparsed(_ edited: SourceText) throws(TemplateError) -> JSONDocument {
        let parser = try JSONParser.parse(edited.bytes, maximumDepth: maximumDepth, buildingNodes: false)
        guard Self.sameKinds(tokenKinds, parser.kinds), parser.nodeCount == nodeRecords.count else {
            return try JSONDocument(parsing: edited, maximumDepth: maximumDepth)
        }
        return JSONDocument(
            source: edited, maximumDepth: maximumDepth, tokenKinds: parser.kinds, tokenStarts: parser.starts, tokenLengths: parser.lengths,
            nodeRecords: nodeRecords)
    }

    /// The index of the token that starts at `offset`, if one does.
    func token(startingAt offset: Int) -> Int? {
        var low = 0
        var high = tokenStarts.count
        while low < high {
            let mid = (low + high) / 2
            if Int(tokenStarts[mid]) < offset { low = mid + 1 } else { high = mid }
        }
        return low < tokenStarts.count && Int(tokenStarts[low]) == offset ? low : nil
    }

    /// The same kinds, `true` and `false` counting as one (the kind of a
    /// boolean, which an edit may change; any other token outside the edits
    /// keeps its bytes, so its kind as well).
    private static func sameKinds(_ a: [JSONToken.Kind], _ b: [JSONToken.Kind]) -> Bool {
        if sameBytes(a, b) { return true }
        guard a.count == b.count else { return false }
        for index in a.indices where a[index] != b[index] {
            let boolean: Set<JSONToken.Kind> = [.trueLiteral, .falseLiteral]
            guard boolean.contains(a[index]), boolean.contains(b[index]) else { return false }
        }
        return true
    }

    private static func sameBytes<T>(_ a: [T], _ b: [T]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return a.count == b.count }
                return memcmp(x, y, a.count) == 0
            }
        }
    }
}

extension JSONToken {
    /// Whether the token is a whole scalar value (a string, number or literal).
    var isScalarValue: Bool {
        switch kind {
        case .string, .number, .trueLiteral, .falseLiteral, .nullLiteral: return true
        default: return false
        }
    }
}
