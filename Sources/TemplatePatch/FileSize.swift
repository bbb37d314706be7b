/// The limit on the size of a file tplpatch reads, and its spelling on the
/// command line (`--max-file-size 100M`).
///
/// Every file is held in memory with its syntax tree, and `set` parses the
/// edited text again to prove it, so a command needs many times a file's
/// size. The default, 64 MiB, is far above any real template (the largest
/// CloudFormation template AWS accepts is 1 MB; a large `package-lock.json`
/// is a few MB) and keeps a command well inside the memory of a CI runner.
public enum FileSize {
    /// 64 MiB.
    public static let defaultLimit = 64 << 20

    /// The environment variable that changes the default limit.
    public static let environmentVariable = "TPLPATCH_MAX_FILE_SIZE"

    /// Reads a size: plain bytes (`1048576`) or a number with a binary
    /// suffix `K`, `M`, `G` or `T` (case-insensitive, optionally followed
    /// by `B` or `iB`: `100M`, `1G`, `512KiB`). Returns nil for anything
    /// else, for zero, and for a size that does not fit in an `Int`.
    public static func parse(_ text: String) -> Int? {
        var rest = Substring(text.lowercased())
        let shifts: [Character: Int] = ["k": 10, "m": 20, "g": 30, "t": 40]
        if rest.hasSuffix("ib") {
            rest = rest.dropLast(2)
            guard let last = rest.last, shifts[last] != nil else { return nil }
        } else if rest.hasSuffix("b") {
            rest = rest.dropLast()
        }
        var shift = 0
        if let last = rest.last, let unit = shifts[last] {
            shift = unit
            rest = rest.dropLast()
        }
        guard !rest.isEmpty, rest.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(rest), value > 0
        else { return nil }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : scaled
    }

    /// A size as a person reads it: "64 MiB", "300.5 MiB (315097088 bytes)"; the
    /// exact bytes are shown whenever the unit is not exact.
    public static func describe(_ bytes: Int) -> String {
        for (name, shift) in [("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes >= 1 << shift {
            let whole = bytes >> shift
            let remainder = bytes & ((1 << shift) - 1)
            if remainder == 0 { return "\(whole) \(name)" }
            // Truncated, never rounded up: a size just under a limit must
            // not read as the limit.
            let tenth = (remainder * 10) >> shift
            return "\(whole).\(tenth) \(name) (\(bytes) bytes)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }

    static let howToRaise = "raise it with --max-file-size or \(environmentVariable)"

    static func tooLargeMessage(size: Int, limit: Int) -> String {
        "is \(describe(size)), larger than the \(describe(limit)) limit on the size of a file tplpatch reads; \(howToRaise)"
    }

    static func grewMessage(limit: Int) -> String {
        "grew past the \(describe(limit)) limit on the size of a file tplpatch reads while it was being read; \(howToRaise)"
    }
}
