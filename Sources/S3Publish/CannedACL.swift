/// The canned ACLs `PutObject` accepts in `x-amz-acl`. Anything else is
/// refused before a request is made: S3 would answer `InvalidArgument`
/// only after the version check and the first `HEAD`, and a value that is
/// not a token could not be sent as a header at all.
public enum CannedACL: String, CaseIterable, Hashable, Sendable {
    case `private` = "private"
    case publicRead = "public-read"
    case publicReadWrite = "public-read-write"
    case authenticatedRead = "authenticated-read"
    case awsExecRead = "aws-exec-read"
    case bucketOwnerRead = "bucket-owner-read"
    case bucketOwnerFullControl = "bucket-owner-full-control"

    /// The accepted names, comma-separated, for error messages and help.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Why `text` is not a canned ACL, or nil when it is one.
    public static func problem(with text: String) -> String? {
        if CannedACL(rawValue: text) != nil { return nil }
        return "'\(messageSafe(text))' is not a canned ACL (one of: \(names))"
    }
}
