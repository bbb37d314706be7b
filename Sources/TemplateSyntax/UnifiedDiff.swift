/// A unified diff (`diff -u` / `git diff` style) of an edit list, computed
/// from the edits themselves rather than by comparing texts: the edits already
/// say exactly which lines changed.
public enum UnifiedDiff {
    /// Renders the diff of applying `edits` to `old`. Returns "" when the
    /// edits change nothing. (Lines that are not valid UTF-8 show U+FFFD
    /// here; ``renderBytes(old:edits:oldLabel:newLabel:context:)`` keeps them
    /// exact, for a patch that must apply.)
    public static func render(
        old: SourceText, edits: [TextEdit], oldLabel: String, newLabel: String, context: Int = 3
    ) throws(TemplateError) -> String {
        String(decoding: try renderBytes(old: old, edits: edits, oldLabel: oldLabel, newLabel: newLabel, context: context), as: UTF8.self)
    }

    /// The diff as bytes: every line exactly as it is in the files.
    public static func renderBytes(
        old: SourceText, edits: [TextEdit], oldLabel: String, newLabel: String, context: Int = 3
    ) throws(TemplateError) -> [UInt8] {
        let ordered = try TextEdit.normalized(edits, count: old.count).filter {
            Array(old.bytes[$0.range]) != $0.replacement
        }
        guard !ordered.isEmpty else { return [] }
        let new = try old.applying(ordered)

        // One block per run of changed lines: old lines [oldFirst, oldLast], new lines likewise.
        var blocks: [(oldFirst: Int, oldLast: Int, newFirst: Int, newLast: Int)] = []
        var delta = 0
        for edit in ordered {
            let oldFirst = old.lineIndex(of: edit.range.lowerBound)
            let oldLast = old.lineIndex(of: max(edit.range.lowerBound, edit.range.upperBound - 1))
            let newStart = edit.range.lowerBound + delta
            let newFirst = new.lineIndex(of: newStart)
            let newLast = new.lineIndex(of: max(newStart, newStart + edit.replacement.count - 1))
            delta += edit.replacement.count - edit.range.count
            if let last = blocks.last, oldFirst <= last.oldLast {
                blocks[blocks.count - 1].oldLast = max(last.oldLast, oldLast)
                blocks[blocks.count - 1].newLast = max(last.newLast, newLast)
            } else {
                blocks.append((oldFirst, oldLast, newFirst, newLast))
            }
        }

        var out = Array("--- \(oldLabel)\n+++ \(newLabel)\n".utf8)
        let oldLines = old.lineCount
        var i = 0
        while i < blocks.count {
            // Gather the blocks whose contexts touch into one hunk.
            var j = i
            while j + 1 < blocks.count && blocks[j + 1].oldFirst - blocks[j].oldLast - 1 <= 2 * context { j += 1 }
            let oldStart = max(0, blocks[i].oldFirst - context)
            let oldEnd = min(oldLines - 1, blocks[j].oldLast + context)
            let lead = blocks[i].oldFirst - oldStart
            let newStart = blocks[i].newFirst - lead
            let oldCount = oldEnd - oldStart + 1
            let newCount = oldCount + (i...j).reduce(0) {
                $0 + (blocks[$1].newLast - blocks[$1].newFirst) - (blocks[$1].oldLast - blocks[$1].oldFirst)
            }
            out += Array("@@ -\(oldStart + 1),\(oldCount) +\(newStart + 1),\(newCount) @@\n".utf8)
            var line = oldStart
            for k in i...j {
                let block = blocks[k]
                while line < block.oldFirst {
                    out += diffLine(" ", old, line)
                    line += 1
                }
                for l in block.oldFirst...block.oldLast { out += diffLine("-", old, l) }
                for l in block.newFirst...block.newLast { out += diffLine("+", new, l) }
                line = block.oldLast + 1
            }
            while line <= oldEnd {
                out += diffLine(" ", old, line)
                line += 1
            }
            i = j + 1
        }
        return out
    }

    private static func diffLine(_ mark: String, _ text: SourceText, _ index: Int) -> [UInt8] {
        let range = text.lineFullRange(index)
        var line = Array(mark.utf8) + text.bytes[range]
        if range.isEmpty || text.bytes[range.upperBound - 1] != 0x0A {
            line += Array("\n\\ No newline at end of file\n".utf8)
        }
        return line
    }
}
