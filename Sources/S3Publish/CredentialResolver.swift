/// Finds credentials and the region the way the AWS CLI does, for static
/// keys. The environment is a parameter and files are read by path, so
/// tests are hermetic.
///
/// Credentials, first found wins:
/// 1. the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
///    `AWS_SESSION_TOKEN`), unless a profile was given explicitly: like the
///    CLI, `--profile` outranks environment credentials, `AWS_PROFILE` does not;
/// 2. the profile's section in the shared credentials file
///    (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), `[name]`;
/// 3. the profile's section in the config file (`AWS_CONFIG_FILE`, else
///    `~/.aws/config`), `[profile name]` or `[default]`.
///
/// The profile is the explicit argument, else `AWS_PROFILE`, else `default`.
/// Empty environment variables count as unset.
public struct CredentialResolver: Sendable {
    /// The environment variables to consult.
    public var environment: [String: String]

    /// A resolver over `environment` (pass `ProcessInfo.processInfo.environment` in a program).
    public init(environment: [String: String]) {
        self.environment = environment
    }

    private func variable(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The profile to use: `explicit`, else `AWS_PROFILE`, else `default`.
    public func profileName(explicit: String? = nil) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        return variable("AWS_PROFILE") ?? "default"
    }

    /// The shared credentials file's path, `~` expanded with `HOME`; nil
    /// when it is the default and `HOME` is unset.
    public var credentialsFilePath: String? {
        expandedPath(variable("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
    }

    /// The config file's path, `~` expanded with `HOME`; nil when it is the
    /// default and `HOME` is unset.
    public var configFilePath: String? {
        expandedPath(variable("AWS_CONFIG_FILE") ?? "~/.aws/config")
    }

    private func expandedPath(_ path: String) -> String? {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        guard let home = variable("HOME") else { return nil }
        return home + path.dropFirst()
    }

    /// The credentials to sign with, for `profile` (the `--profile`
    /// argument) or the default profile.
    public func credentials(profile explicitProfile: String? = nil) throws(CredentialError) -> AWSCredentials {
        let profileIsExplicit = !(explicitProfile ?? "").isEmpty
        var searched: [String] = []
        if !profileIsExplicit {
            searched.append("environment")
            if let credentials = try environmentCredentials() { return credentials }
        }
        let profile = profileName(explicit: explicitProfile)
        let files = try loadFiles()
        var profileFound = false
        var otherSources: [String] = []
        let candidates: [(SharedConfigFile.Section?, SharedConfigFile?, Bool)] = [
            (files.credentials?.section(named: profile), files.credentials, true),
            (files.config?.configProfile(named: profile), files.config, false),
        ]
        for (section, file, isCredentialsFile) in candidates {
            guard let file else { continue }
            searched.append(file.path)
            guard let section else { continue }
            profileFound = true
            let source: CredentialSource = isCredentialsFile
                ? .sharedCredentialsFile(path: file.path, profile: profile)
                : .configFile(path: file.path, profile: profile)
            if let credentials = try Self.credentials(in: section, source: source, at: "\(file.path):\(section.line)") {
                return credentials
            }
            otherSources += ["role_arn", "credential_source", "source_profile", "credential_process",
                             "sso_session", "sso_start_url", "web_identity_token_file"]
                .filter { section.values[$0] != nil }
        }
        if !otherSources.isEmpty {
            throw .unsupportedCredentialSource(profile: profile, settings: otherSources)
        }
        let profileNamed = profileIsExplicit || variable("AWS_PROFILE") != nil
        if profileNamed && !profileFound {
            throw .profileNotFound(profile: profile, searched: searched.filter { $0 != "environment" })
        }
        if files.credentials == nil, let path = credentialsFilePath { searched.append("\(path) (absent)") }
        if files.config == nil, let path = configFilePath { searched.append("\(path) (absent)") }
        throw .noCredentials(profile: profile, searched: searched)
    }

    /// The region: `explicit` (the `--region` argument), else `AWS_REGION`,
    /// else `AWS_DEFAULT_REGION`, else the profile's `region` in the config
    /// file, else `us-east-1`.
    public func region(explicit: String? = nil, profile explicitProfile: String? = nil) throws(CredentialError) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let region = variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION") { return region }
        let profile = profileName(explicit: explicitProfile)
        if let path = configFilePath, let config = try SharedConfigFile.load(path: path),
           let region = config.configProfile(named: profile)?.values["region"], !region.isEmpty {
            return region
        }
        // botocore merges the credentials file's profile into the config's,
        // so a region written there counts too (after the config file's).
        if let path = credentialsFilePath, let credentials = try SharedConfigFile.load(path: path),
           let region = credentials.section(named: profile)?.values["region"], !region.isEmpty {
            return region
        }
        return "us-east-1"
    }

    private func environmentCredentials() throws(CredentialError) -> AWSCredentials? {
        guard let accessKey = variable("AWS_ACCESS_KEY_ID") else { return nil }
        guard let secret = variable("AWS_SECRET_ACCESS_KEY") else {
            throw .partialCredentials(
                source: "the environment", present: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY")
        }
        return AWSCredentials(
            accessKeyID: accessKey,
            secretAccessKey: secret,
            sessionToken: variable("AWS_SESSION_TOKEN"),
            source: .environment)
    }

    private func loadFiles() throws(CredentialError) -> (credentials: SharedConfigFile?, config: SharedConfigFile?) {
        let credentials = try credentialsFilePath.flatMap { (path) throws(CredentialError) in
            try SharedConfigFile.load(path: path)
        }
        let config = try configFilePath.flatMap { (path) throws(CredentialError) in
            try SharedConfigFile.load(path: path)
        }
        return (credentials, config)
    }

    private static func credentials(
        in section: SharedConfigFile.Section, source: CredentialSource, at location: String
    ) throws(CredentialError) -> AWSCredentials? {
        let accessKey = section.values["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = section.values["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (accessKey, secret) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw .partialCredentials(source: location, present: "aws_access_key_id", missing: "aws_secret_access_key")
        case (nil, .some):
            throw .partialCredentials(source: location, present: "aws_secret_access_key", missing: "aws_access_key_id")
        case (.some(let accessKey), .some(let secret)):
            let token = [section.values["aws_session_token"], section.values["aws_security_token"]]
                .compactMap { $0 }.first { !$0.isEmpty }
            return AWSCredentials(accessKeyID: accessKey, secretAccessKey: secret, sessionToken: token, source: source)
        }
    }
}

extension CredentialResolver: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Variable names only: the environment may hold the secret.
    public var description: String {
        "CredentialResolver(environment: \(environment.count) variables)"
    }

    public var debugDescription: String { description }

    /// Variable names only: the environment may hold the secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["environment": environment.keys.sorted()], displayStyle: .struct)
    }
}
