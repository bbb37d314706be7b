import TemplateSyntax

extension HCLTree {
    /// The tokens' bytes, concatenated: what `PostorderTree.printed` gives,
    /// without its one generic append per token. When the tokens tile the
    /// source (the first starts at 0, each starts where the one before
    /// ended, the last ends the source), their concatenation is the source
    /// itself, shared rather than copied; otherwise consecutive tokens that
    /// touch are copied as one run, so a gap or an overlap between two
    /// tokens still shows in the output, which is what the round-trip law
    /// checks.
    func printedInRuns(_ source: SourceText) -> [UInt8] {
        if tokensTile(upTo: source.count) { return source.bytes }
        var total = 0
        for token in tokens {
            // A token outside the source (a tree built by hand) gets the checked copy.
            guard token.start <= token.end, token.end <= source.count else { return printed(source) }
            total += token.end - token.start
        }
        guard total > 0 else { return [] }
        return source.bytes.withUnsafeBufferPointer { bytes in
            [UInt8](unsafeUninitializedCapacity: total) { out, count in
                var written = 0
                var runStart = 0
                var runEnd = 0
                for token in tokens {
                    let start = token.start
                    if start != runEnd {
                        if runEnd > runStart {
                            out.baseAddress!.advanced(by: written).update(from: bytes.baseAddress! + runStart, count: runEnd - runStart)
                            written += runEnd - runStart
                        }
                        runStart = start
                    }
                    runEnd = token.end
                }
                if runEnd > runStart {
                    out.baseAddress!.advanced(by: written).update(from: bytes.baseAddress! + runStart, count: runEnd - runStart)
                    written += runEnd - runStart
                }
                count = written
            }
        }
    }

    /// Whether every token starts where the one before it ended, from 0 to `count`.
    private func tokensTile(upTo count: Int) -> Bool {
        var cursor = 0
        for token in tokens {
            guard token.start == cursor, token.end >= cursor else { return false }
            cursor = token.end
        }
        return cursor == count
    }
}
