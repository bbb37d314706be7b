import Synchronization

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
    /// Where the lines start, built the first time a line is asked for:
    /// `parse --print` and most of an edit never need it, and on a large
    /// file it is a pass over every byte and an entry per line.
    let lines: LineTable

    public init(bytes: [UInt8], path: String? = nil) {
        self.bytes = bytes
        self.path = path
        self.lines = LineTable()
    }

    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    /// When the text ends with `\n`, the last entry equals `bytes.count`.
    /// (A new array on every call: the methods below read the table itself.)
    public var lineStarts: [Int] {
        let table = lines.starts(of: bytes)
        return (0..<table.count).map { table[$0] }
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
        let lineStarts = lines.starts(of: bytes)
        return lineStarts[lineStarts.count - 1] == bytes.count ? lineStarts.count - 1 : lineStarts.count
    }

    /// 0-based index of the line holding `offset` (`offset == count` is allowed).
    public func lineIndex(of offset: Int) -> Int {
        let lineStarts = lines.starts(of: bytes)
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
        let lineStarts = lines.starts(of: bytes)
        let start = lineStarts[index]
        guard index + 1 < lineStarts.count else { return start..<bytes.count }
        var end = lineStarts[index + 1] - 1  // the `\n`
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The bytes of line `index` including its line ending.
    public func lineFullRange(_ index: Int) -> Range<Int> {
        let lineStarts = lines.starts(of: bytes)
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
        var start = lines.starts(of: bytes)[line]
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
    @inlinable
    public func reassembled<S: Sequence>(fromTokens ranges: S) -> [UInt8] where S.Element == Range<Int> {
        var runs = PrintedRuns(count: bytes.count)
        for range in ranges { runs.addToken(range.lowerBound, range.upperBound) }
        return self.bytes(ofRuns: runs.finish())
    }

    /// The bytes of `runs` concatenated, each run copied in one piece.
    public func bytes(ofRuns runs: [Range<Int>]) -> [UInt8] {
        if runs.count == 1, runs[0] == 0..<bytes.count { return Array(unsafeUninitializedCapacity: bytes.count) { out, count in
            bytes.withUnsafeBufferPointer { source in
                if let to = out.baseAddress, let from = source.baseAddress { to.update(from: from, count: source.count) }
            }
            count = bytes.count
        } }
        let total = runs.reduce(0) { $0 + $1.count }
        return Array(unsafeUninitializedCapacity: total) { out, count in
            count = 0
            bytes.withUnsafeBufferPointer { source in
                guard let to = out.baseAddress, let from = source.baseAddress else { return }
                for run in runs {
                    (to + count).update(from: from + run.lowerBound, count: run.count)
                    count += run.count
                }
            }
        }
    }
}

/// The pieces of a source that printing its tokens gives, found from the
/// tokens: each token's bytes and the trivia before it, adjacent pieces
/// merged. Tokens that tile the text give one run, the whole text, which is
/// then copied (or written) in one piece; tokens that overlap, go backwards
/// or leave the text give other runs, so the printed text differs and the
/// round-trip law catches the lexer bug. Feed it every token in order.
public struct PrintedRuns: Sendable {
    @usableFromInline let count: Int
    @usableFromInline var cursor = 0
    @usableFromInline var runs: [Range<Int>] = []
    /// The run being grown (not yet in `runs`).
    @usableFromInline var open = 0..<0

    @inlinable
    public init(count: Int) {
        self.count = count
    }

    /// Adds the token at `start..<end` (and the trivia from the previous token's end to `start`).
    @inlinable
    public mutating func addToken(_ start: Int, _ end: Int) {
        if start >= cursor { add(cursor, start) }
        add(min(max(start, 0), count), min(max(end, start, 0), count))
        cursor = max(cursor, end)
    }

    /// Adds trivia bytes `start..<end` the caller has checked (a format
    /// that splits its gaps between tokens itself).
    @inlinable
    public mutating func add(_ start: Int, _ end: Int) {
        guard start < end else { return }
        if open.upperBound == start && !open.isEmpty {
            open = open.lowerBound..<end
        } else {
            if !open.isEmpty { runs.append(open) }
            open = start..<end
        }
    }

    /// Moves the cursor past bytes the caller decided not to print (a gap
    /// byte that is not trivia), so they are not printed as trivia either.
    @inlinable
    public mutating func skip(to offset: Int) {
        cursor = max(cursor, offset)
    }

    /// The offset one past the last byte printed or skipped so far.
    @inlinable
    public var end: Int { cursor }

    /// The runs, with the trivia after the last token.
    @inlinable
    public mutating func finish() -> [Range<Int>] {
        if cursor < count { add(cursor, count) }
        cursor = count
        if !open.isEmpty { runs.append(open) }
        open = 0..<0
        return runs
    }
}

/// A document whose printed text is pieces of its source, found from its
/// tokens (see ``PrintedRuns``), so that a printer can write them straight
/// from the source instead of building a copy.
public protocol PrintsSourceRuns: TemplateDocument {
    /// The runs of `source.bytes` whose concatenation is `printed()`:
    /// `[0..<source.count]` when the tokens tile the source.
    func printedRuns() -> [Range<Int>]
}

/// Where each line of a text starts, computed once, on first use, and shared
/// by every copy of the `SourceText`. Entries are 32-bit when the text is
/// under 4 GiB (half the memory of `Int`).
final class LineTable: Sendable {
    enum Starts: Sendable {
        case small([UInt32])
        case large([Int])

        var count: Int {
            switch self {
            case .small(let a): return a.count
            case .large(let a): return a.count
            }
        }

        subscript(_ index: Int) -> Int {
            switch self {
            case .small(let a): return Int(a[index])
            case .large(let a): return a[index]
            }
        }
    }

    private let table = Mutex<Starts?>(nil)

    init() {}

    func starts(of bytes: [UInt8]) -> Starts {
        table.withLock { cached in
            if let cached { return cached }
            let built = LineTable.build(bytes)
            cached = built
            return built
        }
    }

    static func build(_ bytes: [UInt8]) -> Starts {
        bytes.withUnsafeBufferPointer { buffer in
            guard buffer.count < Int(UInt32.max) else {
                var starts = [0]
                for i in 0..<buffer.count where buffer[i] == 0x0A { starts.append(i + 1) }
                return .large(starts)
            }
            var starts: [UInt32] = [0]
            for i in 0..<buffer.count where buffer[i] == 0x0A { starts.append(UInt32(truncatingIfNeeded: i + 1)) }
            return .small(starts)
        }
    }
}
