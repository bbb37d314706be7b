/// The bytes of one source file and a table of where its lines start.
///
/// Positions everywhere in tplpatch are UTF-8 byte offsets into `bytes`;
/// lines and columns are derived on demand, because parsers only ever need
/// offsets and computing line/column per token would slow them down.
/// Only `\n` ends a line (a `\r` before it belongs to that line's ending),
/// the same rule `diff` and `git` use.
public struct SourceText: Sendable, Equatable {
    /// The file's bytes, exactly as read.
    public let bytes: [UInt8]
    /// The path used in diagnostics (as the user named the file), if any.
    public let path: String?
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    /// When the text ends with `\n`, the last entry equals `bytes.count`.
    public let lineStarts: [Int]

    public init(bytes: [UInt8], path: String? = nil) {
        self.bytes = bytes
        self.path = path
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count where buffer[i] == 0x0A {
                starts.append(i + 1)
            }
        }
        self.lineStarts = starts
    }

    public init(_ text: String, path: String? = nil) {
        self.init(bytes: Array(text.utf8), path: path)
    }

    public static func == (lhs: SourceText, rhs: SourceText) -> Bool {
        lhs.bytes == rhs.bytes && lhs.path == rhs.path
    }

    /// Number of bytes.
    public var count: Int { bytes.count }

    /// True when the text starts with a UTF-8 byte order mark.
    public var hasByteOrderMark: Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// The number of lines that hold at least one byte (a final `\n` does not
    /// open a new line).
    public var lineCount: Int {
        lineStarts.last == bytes.count ? lineStarts.count - 1 : lineStarts.count
    }

    /// 0-based index of the line holding `offset` (`offset == count` is allowed).
    public func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The bytes of line `index` (0-based), without its `\n` or `\r\n`.
    public func lineContentRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        guard index + 1 < lineStarts.count else { return start..<bytes.count }
        var end = lineStarts[index + 1] - 1  // the `\n`
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The bytes of line `index` including its line ending.
    public func lineFullRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        let end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
        return start..<end
    }

    /// 1-based line and column of a byte offset. The column counts Unicode
    /// scalars from the start of the line, as editors do; a byte order mark
    /// at the start of the file is not counted.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = min(max(0, offset), bytes.count)
        let line = lineIndex(of: clamped)
        var start = lineStarts[line]
        if line == 0 && hasByteOrderMark { start = min(3, clamped) }
        var column = 1
        var i = start
        while i < clamped {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(offset: clamped, line: line + 1, column: column)
    }

    /// The text of a byte range, decoded as UTF-8 (invalid bytes become U+FFFD).
    public func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The whole text, decoded as UTF-8.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// A resolved position: byte offset plus 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

extension SourceText {
    /// The text rebuilt from token ranges (in order) and the trivia between
    /// and around them. When the tokens tile the text properly this is
    /// `bytes`; overlapping or disordered tokens give something else, which
    /// is how `printed()` lets the round-trip tests catch a lexer bug.
    public func reassembled<S: Sequence>(fromTokens ranges: S) -> [UInt8] where S.Element == Range<Int> {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var cursor = 0
        for range in ranges {
            if range.lowerBound >= cursor { out.append(contentsOf: bytes[cursor..<range.lowerBound]) }
            out.append(contentsOf: bytes[range.clamped(to: 0..<bytes.count)])
            cursor = max(cursor, range.upperBound)
        }
        if cursor < bytes.count { out.append(contentsOf: bytes[cursor...]) }
        return out
    }
}
