/// Why credentials or a region could not be resolved. No case carries a
/// secret access key or session token, so every message is safe to show.
public enum CredentialError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No source had credentials for the profile; `searched` lists what was tried.
    case noCredentials(profile: String, searched: [String])
    /// A source had one half of a key pair: `present` is set, `missing` is not.
    case partialCredentials(source: String, present: String, missing: String)
    /// A profile named explicitly is in neither file.
    case profileNotFound(profile: String, searched: [String])
    /// The profile gets its credentials some other way (role, SSO, process),
    /// which this resolver does not implement.
    case unsupportedCredentialSource(profile: String, settings: [String])
    /// A file exists but could not be read.
    case unreadableFile(path: String)
    /// A file could not be parsed.
    case malformedFile(ConfigFileParseError)

    public var description: String {
        switch self {
        case .noCredentials(let profile, let searched):
            return "no AWS credentials found for profile \(profile); looked in: "
                + searched.joined(separator: ", ")
        case .partialCredentials(let source, let present, let missing):
            return "partial credentials in \(source): \(present) is set but \(missing) is not"
        case .profileNotFound(let profile, let searched):
            return "profile \(profile) not found in " + searched.joined(separator: " or ")
        case .unsupportedCredentialSource(let profile, let settings):
            return "profile \(profile) uses \(settings.joined(separator: ", ")), which tplpatch cannot use; "
                + "set aws_access_key_id and aws_secret_access_key or the AWS_* environment variables"
        case .unreadableFile(let path):
            return "\(path): cannot read the file"
        case .malformedFile(let error):
            return error.description
        }
    }
}
