/// A bucket and a key prefix, parsed from `s3://BUCKET/PREFIX/`.
///
/// The prefix names a folder: `s3://b/cloudformation/latest/` and
/// `s3://b/cloudformation/latest` both have the prefix
/// `cloudformation/latest/`, and `s3://b` or `s3://b/` the empty prefix.
public struct S3Location: Hashable, Sendable, CustomStringConvertible {
    /// The bucket name.
    public let bucket: String
    /// The key prefix: empty, or ending in `/`.
    public let prefix: String

    /// A location from its parts; `prefix` gets a trailing `/` when it has none.
    public init(bucket: String, prefix: String) throws(S3Error) {
        let folder = S3Location.folder(prefix)
        if let reason = S3Location.problem(bucket: bucket, folder: folder) {
            throw .invalidLocation("s3://\(bucket)/\(prefix)", reason: reason)
        }
        self.bucket = bucket
        self.prefix = folder
    }

    /// Parses `s3://BUCKET/PREFIX/`.
    public init(parsing text: String) throws(S3Error) {
        guard text.hasPrefix("s3://") else {
            throw .invalidLocation(text, reason: "expected s3://BUCKET/PREFIX/")
        }
        let rest = text.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        let folder = S3Location.folder(String(rest.dropFirst(bucket.count)))
        if let reason = S3Location.problem(bucket: bucket, folder: folder) {
            throw .invalidLocation(text, reason: reason)
        }
        self.bucket = bucket
        self.prefix = folder
    }

    private static func folder(_ prefix: String) -> String {
        // Only the one slash after the bucket separates it from the prefix;
        // `s3://b//x/` keeps its empty folder, which `problem` then refuses
        // as it does `s3://b/x//y/`.
        var folder = Substring(prefix)
        if folder.hasPrefix("/") { folder = folder.dropFirst() }
        if folder.hasPrefix("/") { return "/" + String(folder) }
        return folder.isEmpty || folder.hasSuffix("/") ? String(folder) : folder + "/"
    }

    private static func problem(bucket: String, folder: String) -> String? {
        if let reason = BucketNameRules.problem(with: bucket) { return reason }
        if folder.contains("//") { return "the prefix has an empty folder ('//')" }
        let parts = folder.split(separator: "/")
        if parts.contains(where: { $0 == "." || $0 == ".." }) { return "the prefix has a '.' or '..' folder" }
        return nil
    }

    /// The key of `name` in this folder.
    public func key(for name: String) -> String { prefix + name }

    /// The folder's last component (`latest` for `cloudformation/latest/`), if any.
    public var lastFolder: String? {
        prefix.split(separator: "/").last.map(String.init)
    }

    /// The sibling folder named `name`: `cloudformation/latest/` → `cloudformation/NAME/`.
    /// Nil for the empty prefix, which has no parent.
    public func sibling(named name: String) -> S3Location? {
        var parts = prefix.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return nil }
        parts[parts.count - 1] = name
        return try? S3Location(bucket: bucket, prefix: parts.joined(separator: "/") + "/")
    }

    /// `s3://bucket/prefix`
    public var description: String { "s3://\(bucket)/\(prefix)" }

    /// Whether `name` follows S3's rules for bucket names (see ``BucketNameRules``).
    public static func isValidBucketName(_ name: String) -> Bool { BucketNameRules.isValid(name) }

    /// Whether the bucket can be a DNS label of a virtual-hosted name under a
    /// TLS wildcard certificate: the strict naming rules and no `.` (a dot
    /// adds a level the `*.s3.amazonaws.com` certificate does not cover).
    public static func isVirtualHostable(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        let isLetterOrDigit = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = bytes.first, let last = bytes.last, isLetterOrDigit(first), isLetterOrDigit(last) else {
            return false
        }
        return bytes.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }
}
