import Foundation

/// An AWS access key pair, with the session token of temporary credentials.
///
/// Printing, interpolating, `debugPrint` and `dump` show the access key id
/// and where the credentials came from, never the secret or the token.
public struct AWSCredentials: Hashable, Sendable {
    /// The access key id (`AKIA...`/`ASIA...`); not a secret, it travels in every Authorization header.
    public var accessKeyID: String
    /// The secret access key. Never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials. Never printed.
    public var sessionToken: String?
    /// Where the credentials were found.
    public var source: CredentialSource
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?

    /// Credentials from their parts.
    public init(
        accessKeyID: String,
        secretAccessKey: String,
        sessionToken: String? = nil,
        source: CredentialSource = .explicit,
        expiration: Date? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
        self.expiration = expiration
    }
}

/// Where a set of credentials was found.
public enum CredentialSource: Hashable, Sendable, CustomStringConvertible {
    /// Given by the program.
    case explicit
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    case environment
    /// A `[profile]` section of the shared credentials file.
    case sharedCredentialsFile(path: String, profile: String)
    /// A `[profile name]` or `[default]` section of the config file.
    case configFile(path: String, profile: String)
    /// STS `AssumeRole` of `roleARN`, for the profile at `location` (`file:line`).
    case assumeRole(roleARN: String, location: String)
    /// STS `AssumeRoleWithWebIdentity` of `roleARN`; `origin` names the
    /// variables or the profile (`file:line`) that asked for it.
    case webIdentity(roleARN: String, origin: String)
    /// IAM Identity Center (SSO) `GetRoleCredentials`, for the profile at `location`.
    case sso(location: String)
    /// The `credential_process` of the profile at `location`.
    case process(location: String)
    /// The container credentials endpoint at `url`.
    case container(url: String)
    /// The EC2 instance metadata service at `endpoint`.
    case instanceMetadata(endpoint: String)

    public var description: String {
        switch self {
        case .explicit: return "explicit"
        case .environment: return "environment"
        case .sharedCredentialsFile(let path, let profile): return "profile \(profile) in \(path)"
        case .configFile(let path, let profile): return "profile \(profile) in \(path)"
        case .assumeRole(let role, let location): return "assume role \(role) (\(location))"
        case .webIdentity(let role, let origin): return "web identity for \(role) (\(origin))"
        case .sso(let location): return "SSO (\(location))"
        case .process(let location): return "credential_process (\(location))"
        case .container(let url): return "container credentials (\(url))"
        case .instanceMetadata(let endpoint): return "instance metadata (\(endpoint))"
        }
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var redactedSummary: String {
        let token = sessionToken == nil ? "none" : "<redacted>"
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, "
            + "sessionToken: \(token), source: \(source)"
            + (expiration.map { ", expiration: \($0)" } ?? "") + ")"
    }

    public var description: String { redactedSummary }

    public var debugDescription: String { redactedSummary }

    /// A mirror without the secret or token, so `dump` cannot show them either.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": accessKeyID,
            "secretAccessKey": "<redacted>",
            "sessionToken": sessionToken == nil ? "none" : "<redacted>",
            "source": source.description,
            "expiration": expiration.map { "\($0)" } ?? "none",
        ], displayStyle: .struct)
    }
}
