/// Why credentials or a region could not be resolved. No case carries a
/// secret access key, a session token, a web identity token or the output
/// of a `credential_process`, so every message is safe to show. Profiles
/// are named with the `file:line` of their section.
public enum CredentialError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No source had credentials for the profile; `searched` lists what was tried.
    case noCredentials(profile: String, searched: [String])
    /// A source had one half of a key pair: `present` is set, `missing` is not.
    case partialCredentials(source: String, present: String, missing: String)
    /// A profile named explicitly (`--profile`, `AWS_PROFILE`) is in neither file.
    case profileNotFound(profile: String, searched: [String])
    /// The profile's settings cannot work: `location` is its `file:line`.
    case invalidProfile(profile: String, location: String, reason: String)
    /// `source_profile` settings that lead back to a profile already on the way.
    case sourceProfileCycle([String])
    /// A provider was asked and failed: `provider` names it (and the profile
    /// or variables that chose it), `reason` says why.
    case providerFailed(provider: String, reason: String)
    /// The SSO token cache has no valid token for the profile.
    case ssoLoginRequired(profile: String, location: String, reason: String)
    /// The credentials resolve through a provider that must be asked over
    /// the network or by running a program (use ``CredentialResolver/provider(profile:region:fetcher:)``).
    case requiresFetch(provider: String)
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
        case .invalidProfile(let profile, let location, let reason):
            return "profile \(profile) (\(location)): \(reason)"
        case .sourceProfileCycle(let chain):
            return "source_profile settings form a cycle: " + chain.joined(separator: " -> ")
        case .providerFailed(let provider, let reason):
            return "\(provider): \(reason)"
        case .ssoLoginRequired(let profile, let location, let reason):
            let option = profile == "default" ? "" : " --profile \(profile)"
            return "profile \(profile) (\(location)): \(reason); run `aws sso login\(option)`"
        case .requiresFetch(let provider):
            return "the credentials come from \(provider), which must be fetched"
        case .unreadableFile(let path):
            return "\(path): cannot read the file"
        case .malformedFile(let error):
            return error.description
        }
    }
}
