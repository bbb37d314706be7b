/// S3's naming rules for general purpose buckets, checked before any
/// request so that a mistyped destination is a usage error that says which
/// rule it breaks, not a `NoSuchBucket` (or, worse, someone else's bucket
/// reached through an address the name bends).
///
/// Buckets created in us-east-1 before March 2018 could have other names
/// (upper case, `_`, up to 255 characters); those are refused too, since no
/// bucket can be created with such a name today and the addressing rules
/// for them are a source of surprises.
public enum BucketNameRules {
    /// Prefixes S3 reserves.
    public static let reservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"]
    /// Suffixes S3 reserves: access point aliases (`-s3alias`), Object Lambda
    /// aliases (`--ol-s3`), Multi-Region Access Points (`.mrap`), directory
    /// buckets (`--x-s3`) and table buckets (`--table-s3`).
    public static let reservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]

    /// The rule `name` breaks, as a phrase for an error message, or nil when
    /// it is a valid bucket name.
    public static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else { return "the bucket name is missing" }
        if let byte = bytes.first(where: { !isAllowed($0) }) {
            let shown = isLetter(upper: byte) ? "upper case ('\(Character(Unicode.Scalar(byte)))')" : describe(byte)
            return "'\(messageSafe(name))' has \(shown): a bucket name has only lowercase letters, digits, '.' and '-'"
        }
        guard (3...63).contains(bytes.count) else {
            return "'\(name)' has \(bytes.count) characters: a bucket name has 3 to 63"
        }
        guard let first = bytes.first, let last = bytes.last, isLetterOrDigit(first), isLetterOrDigit(last) else {
            return "'\(name)' must begin and end with a lowercase letter or a digit"
        }
        if name.contains("..") { return "'\(name)' has two adjacent dots" }
        if looksLikeIPv4Address(bytes) { return "'\(name)' is formatted as an IP address" }
        if let prefix = reservedPrefixes.first(where: { name.hasPrefix($0) }) {
            return "'\(name)' starts with '\(prefix)', a prefix S3 reserves"
        }
        if let suffix = reservedSuffixes.first(where: { name.hasSuffix($0) }) {
            return "'\(name)' ends with '\(suffix)', a suffix S3 reserves"
        }
        return nil
    }

    /// Whether `name` is a valid bucket name.
    public static func isValid(_ name: String) -> Bool { problem(with: name) == nil }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isLetter(upper byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// Four dot-separated groups of one to three digits, as `192.168.1.1`:
    /// S3 refuses such names whether or not each group is below 256.
    private static func looksLikeIPv4Address(_ bytes: [UInt8]) -> Bool {
        let groups = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return groups.count == 4 && groups.allSatisfy { group in
            (1...3).contains(group.count) && group.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "_"): return "'_'"
        case UInt8(ascii: "/"): return "'/'"
        case UInt8(ascii: " "): return "a space"
        case 0..<0x20, 0x7F: return "a control character"
        case 0x80...: return "a character outside ASCII"
        default: return "'\(Character(Unicode.Scalar(byte)))'"
        }
    }
}
