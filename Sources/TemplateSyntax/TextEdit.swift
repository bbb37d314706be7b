/// The one currency of change: replace the bytes in `range` of the original
/// text with `replacement`. Edits are spliced into the original bytes;
/// nothing is ever re-serialised, so bytes outside every range cannot move.
public struct TextEdit: Sendable, Hashable, CustomStringConvertible {
    public var range: Range<Int>
    public var replacement: [UInt8]

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    public init(range: Range<Int>, replacement: String) {
        self.init(range: range, replacement: Array(replacement.utf8))
    }

    public var description: String {
        "\(range.lowerBound)..<\(range.upperBound) -> \(String(decoding: replacement, as: UTF8.self))"
    }

    /// Sorts `edits` by position, drops exact repeats, and checks that they lie
    /// inside a text of `count` bytes and do not overlap.
    public static func normalized(_ edits: [TextEdit], count: Int) throws(TemplateError) -> [TextEdit] {
        let sorted = edits.sorted {
            ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
        }
        var result: [TextEdit] = []
        result.reserveCapacity(sorted.count)
        for edit in sorted {
            guard edit.range.lowerBound >= 0, edit.range.upperBound <= count else {
                throw TemplateError(
                    .edit, "edit \(edit.range.lowerBound)..<\(edit.range.upperBound) lies outside the text (\(count) bytes)",
                    at: min(max(0, edit.range.lowerBound), count))
            }
            if let last = result.last {
                if last == edit { continue }
                if edit.range.lowerBound < last.range.upperBound
                    || (edit.range.lowerBound == last.range.lowerBound && (edit.range.isEmpty || last.range.isEmpty))
                {
                    throw TemplateError(
                        .edit,
                        "two edits overlap: \(last.range.lowerBound)..<\(last.range.upperBound) and \(edit.range.lowerBound)..<\(edit.range.upperBound)",
                        at: edit.range.lowerBound)
                }
            }
            result.append(edit)
        }
        return result
    }
}

extension SourceText {
    /// The text with `edits` spliced in. Edits may come in any order; exact
    /// repeats count once; overlapping edits are an error, never a guess.
    public func applying(_ edits: [TextEdit]) throws(TemplateError) -> SourceText {
        let ordered = try TextEdit.normalized(edits, count: bytes.count)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + ordered.reduce(0) { $0 + $1.replacement.count - $1.range.count })
        var cursor = 0
        for edit in ordered {
            output.append(contentsOf: bytes[cursor..<edit.range.lowerBound])
            output.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        output.append(contentsOf: bytes[cursor...])
        return SourceText(bytes: output, path: path)
    }
}
