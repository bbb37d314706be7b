import Foundation

/// How credentials will be obtained: what ``CredentialResolver`` decided
/// from the environment and the shared files, before anything is fetched.
/// `--dry-run` shows it; ``CredentialFetcher`` carries it out.
///
/// Printing shows the provider, the role and where the settings are, never a
/// secret, a session token or a web identity token.
public indirect enum CredentialPlan: Hashable, Sendable, CustomStringConvertible {
    /// Keys that are ready: the environment, the credentials file, the config file.
    case staticKeys(AWSCredentials)
    /// STS `AssumeRole`, signed with the credentials `source` gives.
    case assumeRole(AssumeRoleSettings, source: CredentialPlan)
    /// STS `AssumeRoleWithWebIdentity`, unsigned.
    case webIdentity(WebIdentitySettings)
    /// The SSO portal's `GetRoleCredentials` with the cached SSO token.
    case sso(SSOSettings)
    /// A `credential_process` command.
    case process(ProcessSettings)
    /// The container credentials endpoint (ECS, EKS Pod Identity).
    case container(ContainerSettings)
    /// The EC2 instance metadata service (IMDSv2).
    case instanceMetadata(InstanceMetadataSettings)

    /// The name of the provider, as the AWS CLI's docs call it.
    public var providerName: String {
        switch self {
        case .staticKeys(let keys):
            switch keys.source {
            case .environment: return "environment"
            case .sharedCredentialsFile: return "shared-credentials-file"
            case .configFile: return "config-file"
            default: return "static"
            }
        case .assumeRole: return "assume-role"
        case .webIdentity: return "assume-role-with-web-identity"
        case .sso: return "sso"
        case .process: return "custom-process"
        case .container: return "container-role"
        case .instanceMetadata: return "iam-role"
        }
    }

    /// The keys, when they need no fetching.
    public var staticCredentials: AWSCredentials? {
        if case .staticKeys(let keys) = self { return keys }
        return nil
    }

    public var description: String {
        switch self {
        case .staticKeys(let keys):
            return "\(providerName): \(keys.source)"
        case .assumeRole(let settings, let source):
            return "assume-role: \(settings.roleARN) (profile \(settings.profile), \(settings.location)), "
                + "signed with [\(source)]"
        case .webIdentity(let settings):
            return "assume-role-with-web-identity: \(settings.roleARN) (\(settings.origin))"
        case .sso(let settings):
            return "sso: account \(settings.accountID) role \(settings.roleName) (profile \(settings.profile), \(settings.location))"
        case .process(let settings):
            return "custom-process: credential_process (profile \(settings.profile), \(settings.location))"
        case .container(let settings):
            return "container-role: \(settings.url) (\(settings.origin))"
        case .instanceMetadata(let settings):
            return "iam-role: instance metadata at \(settings.endpoint)"
        }
    }
}

/// An `AssumeRole` call: the role and the profile's options.
public struct AssumeRoleSettings: Hashable, Sendable {
    /// `role_arn`.
    public var roleARN: String
    /// `role_session_name`; nil for a generated one.
    public var sessionName: String?
    /// `external_id`.
    public var externalID: String?
    /// `duration_seconds` (900 to 43200).
    public var durationSeconds: Int?
    /// The profile that has `role_arn`.
    public var profile: String
    /// The profile's `file:line`.
    public var location: String
    /// The STS endpoint, such as `https://sts.us-east-1.amazonaws.com`.
    public var stsEndpoint: String
    /// The region the call is signed for.
    public var region: String
}

/// An `AssumeRoleWithWebIdentity` call.
public struct WebIdentitySettings: Hashable, Sendable {
    /// `AWS_ROLE_ARN` or `role_arn`.
    public var roleARN: String
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` or `web_identity_token_file`: read at each fetch (it is rotated).
    public var tokenFile: String
    /// `AWS_ROLE_SESSION_NAME` or `role_session_name`; nil for a generated one.
    public var sessionName: String?
    /// `duration_seconds` of the profile, if any.
    public var durationSeconds: Int?
    /// The variables or the profile (`file:line`) that asked for it.
    public var origin: String
    /// The STS endpoint.
    public var stsEndpoint: String
}

/// A `GetRoleCredentials` call to the SSO portal.
public struct SSOSettings: Hashable, Sendable {
    /// The profile.
    public var profile: String
    /// The profile's `file:line`.
    public var location: String
    /// `sso_account_id`.
    public var accountID: String
    /// `sso_role_name`.
    public var roleName: String
    /// `sso_region` (of the `sso-session` section, or the profile's).
    public var region: String
    /// `sso_start_url`.
    public var startURL: String
    /// The `[sso-session NAME]` the profile names, nil for a legacy profile.
    public var sessionName: String?
    /// `~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json`.
    public var cacheFile: String
    /// The portal: `AWS_ENDPOINT_URL_SSO` (or another endpoint setting), else
    /// `https://portal.sso.REGION.amazonaws.com`.
    public var portalEndpoint: String
}

/// A `credential_process` to run.
public struct ProcessSettings: Hashable, Sendable {
    /// The profile.
    public var profile: String
    /// The profile's `file:line`.
    public var location: String
    /// The command split into words the way botocore splits it (POSIX shell
    /// quoting rules, no shell is run).
    public var arguments: [String]
}

extension ProcessSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The program only: the arguments may hold a secret.
    public var description: String {
        "ProcessSettings(profile: \(profile), location: \(location), program: \(arguments.first ?? ""))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["profile": profile, "location": location, "program": arguments.first ?? ""],
               displayStyle: .struct)
    }
}

/// The container credentials endpoint.
public struct ContainerSettings: Hashable, Sendable {
    /// `http://169.254.170.2` + `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, or `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
    public var url: String
    /// Which variable gave it.
    public var origin: String
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, read at each fetch.
    public var authorizationTokenFile: String?
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`, when no file is named. Never printed.
    public var authorizationToken: String?
}

extension ContainerSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Without the authorization token.
    public var description: String {
        "ContainerSettings(url: \(url), origin: \(origin), token: "
            + (authorizationTokenFile.map { "file \($0)" } ?? (authorizationToken == nil ? "none" : "<redacted>")) + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description], displayStyle: .struct)
    }
}

/// The EC2 instance metadata service.
public struct InstanceMetadataSettings: Hashable, Sendable {
    /// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, `ec2_metadata_service_endpoint`, else `http://169.254.169.254`.
    public var endpoint: String
    /// `AWS_METADATA_SERVICE_TIMEOUT` / `metadata_service_timeout` (default 1 s): the limit of each request.
    public var timeout: Duration
    /// `AWS_METADATA_SERVICE_NUM_ATTEMPTS` / `metadata_service_num_attempts` (default 2).
    public var attempts: Int
    /// Whether this is the chain's last resort (no other source was found):
    /// then no answer means "no credentials", and `searched` says where else was looked.
    public var isLastResort: Bool
    /// The profile, for that message.
    public var profile: String
    /// What was searched before.
    public var searched: [String]
}
