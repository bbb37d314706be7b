import TemplateSyntax

extension PythonDocument {
    /// `printed()`: every token and the trivia between them, in order. The
    /// same bytes as `SourceText.reassembled(fromTokens:)`, which the
    /// round-trip tests hold it to, but copied as one run per stretch of
    /// tokens in order instead of one generic append per token: while each
    /// token starts at or after the end of the one before and lies inside
    /// the source, the tokens and the trivia between them are one
    /// contiguous stretch of the source, so the check is that they tile it:
    /// each gap between two tokens holds only trivia (blanks, backslash
    /// continuations, the byte order mark) and the last token ends the
    /// source. Anything else (a lexer bug) falls back to the token-by-token
    /// reassembly, byte for byte what this returned before.
    func printedInRuns() -> [UInt8] {
        let count = source.count
        let tiles = source.bytes.withUnsafeBufferPointer { bytes -> Bool in
            var cursor = 0
            for token in tokens {
                let start = Int(token.start)
                let end = Int(token.end)
                guard start >= cursor, start <= end, end <= count else { return false }
                while cursor < start {
                    switch bytes[cursor] {
                    case 0x20, 0x09, 0x0C, 0x5C, 0x0D, 0x0A: cursor += 1
                    case 0xEF where cursor == 0 && source.hasByteOrderMark: cursor += 3
                    default: return false
                    }
                }
                cursor = end
            }
            return cursor == count
        }
        guard tiles else { return source.reassembled(fromTokens: tokens.lazy.map(\.range)) }
        // The tokens and their trivia are the whole source: one copy (shared until written).
        return source.bytes
    }
}
