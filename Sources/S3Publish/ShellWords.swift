/// Splits a command line into words the way Python's `shlex.split` does in
/// POSIX mode, which is how botocore reads `credential_process` (it runs
/// the words without a shell): whitespace separates words; `'...'` keeps
/// everything literally; `"..."` keeps everything but lets `\` escape `"`
/// and `\`; outside quotes `\` escapes any character. No `#` comments, no
/// variables, no globbing.
enum ShellWords {
    struct SplitError: Error, CustomStringConvertible {
        var description: String
    }

    static func split(_ text: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n", "\r":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" {
                        closed = true
                        break
                    }
                    current.append(next)
                }
                if !closed { throw SplitError(description: "no closing quotation") }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { break }
                        if escaped != "\"" && escaped != "\\" { current.append("\\") }
                        current.append(escaped)
                        continue
                    }
                    current.append(next)
                }
                if !closed { throw SplitError(description: "no closing quotation") }
            case "\\":
                inWord = true
                guard let escaped = iterator.next() else { throw SplitError(description: "no escaped character") }
                current.append(escaped)
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
