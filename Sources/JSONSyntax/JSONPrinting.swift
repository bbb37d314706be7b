import TemplateSyntax

extension JSONDocument: PrintsSourceRuns {
    /// The printed text as runs of the source, found from the tokens: each
    /// token's bytes, and between tokens only the bytes JSON calls trivia
    /// (space, tab, line feed, carriage return; a byte order mark at the
    /// start). Tokens that tile the source give one run, the whole source.
    /// A gap byte that is not trivia is not printed, and tokens that overlap
    /// or go backwards print their bytes again, so a lexer that lost or
    /// doubled a byte prints something else and the round-trip law catches it.
    public func printedRuns() -> [Range<Int>] {
        var runs = PrintedRuns(count: source.count)
        source.bytes.withUnsafeBufferPointer { b in
            tokenStarts.withUnsafeBufferPointer { starts in
                tokenLengths.short.withUnsafeBufferPointer { lengths in
                    var from = 0
                    if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF && (starts.isEmpty || starts[0] >= 3) {
                        runs.add(0, 3)
                        runs.skip(to: 3)
                        from = 3
                    }
                    // While the tokens tile the text (each after the last, with
                    // only whitespace between), nothing is recorded per token.
                    let tiledFrom = from
                    var first = 0
                    tiling: while first < starts.count {
                        let start = Int(starts[first])
                        guard start >= from else { break }
                        while from < start {
                            let c = b[from]
                            guard c <= 0x20 && (UInt64(0x1_0000_2600) >> UInt64(c)) & 1 == 1 else { break tiling }
                            from += 1
                        }
                        let length = lengths[first]
                        let end = start + (length < 255 ? Int(length) : tokenLengths.long(first))
                        guard end <= b.count else { break }
                        from = end
                        first += 1
                    }
                    runs.add(tiledFrom, from)
                    runs.skip(to: from)
                    for index in first..<starts.count {
                        let start = Int(starts[index])
                        Self.addTrivia(b, from, start, to: &runs)
                        let length = lengths[index]
                        runs.addToken(start, start + (length < 255 ? Int(length) : tokenLengths.long(index)))
                        from = runs.end
                    }
                    Self.addTrivia(b, from, b.count, to: &runs)
                }
            }
        }
        return runs.finish()
    }

    /// Adds the whitespace of the gap `start..<end` to `runs`, leaving out
    /// any other byte.
    private static func addTrivia(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, to runs: inout PrintedRuns) {
        guard start < end else { return }
        var i = start
        var pieceStart = start
        while i < end {
            let c = b[i]
            // Space, tab, line feed or carriage return: one test of a bit mask.
            if c <= 0x20 && (UInt64(0x1_0000_2600) >> UInt64(c)) & 1 == 1 {
                i += 1
                continue
            }
            runs.add(pieceStart, i)
            i += 1
            pieceStart = i
            runs.skip(to: i)
        }
        runs.add(pieceStart, end)
        runs.skip(to: end)
    }
}
