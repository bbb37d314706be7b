import Crypto
import Foundation

/// Finds credentials and the region the way the AWS CLI (botocore) does.
/// The environment is a parameter and files are read by path, so tests are
/// hermetic; nothing is fetched here: ``plan(profile:region:)`` says which
/// provider gives the credentials, ``provider(profile:region:fetcher:)``
/// wraps that in a provider that fetches (and refreshes) them.
///
/// The chain, first match wins (botocore's order):
/// 1. **environment**: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
///    `AWS_SESSION_TOKEN`; skipped when a profile is given explicitly
///    (`--profile` outranks environment keys, `AWS_PROFILE` does not);
/// 2. **assume-role**: the profile has `role_arn` (and no
///    `web_identity_token_file`) with `source_profile` (followed, chained,
///    cycles refused) or `credential_source` (`Environment`,
///    `Ec2InstanceMetadata`, `EcsContainer`); `external_id`,
///    `role_session_name`, `duration_seconds`; `mfa_serial` is refused;
/// 3. **assume-role-with-web-identity**: `AWS_ROLE_ARN` +
///    `AWS_WEB_IDENTITY_TOKEN_FILE` (+ `AWS_ROLE_SESSION_NAME`; the
///    variables are ignored with an explicit profile, as in botocore), or
///    `role_arn` + `web_identity_token_file` (+ `role_session_name`) in the profile;
/// 4. **sso**: `sso_session` (naming an `[sso-session NAME]` section with
///    `sso_start_url`, `sso_region`) or the legacy `sso_start_url` +
///    `sso_region` in the profile, with `sso_account_id`, `sso_role_name`;
/// 5. **shared-credentials-file**: `[name]` in `AWS_SHARED_CREDENTIALS_FILE`
///    (default `~/.aws/credentials`);
/// 6. **custom-process**: `credential_process`;
/// 7. **config-file**: static keys in `[profile name]` / `[default]` of
///    `AWS_CONFIG_FILE` (default `~/.aws/config`);
/// 8. **container-role**: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on
///    `http://169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI` (https,
///    or http to a loopback, ECS or EKS address), with
///    `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `AWS_CONTAINER_AUTHORIZATION_TOKEN`;
/// 9. **iam-role**: the instance metadata service (IMDSv2), unless
///    `AWS_EC2_METADATA_DISABLED=true`.
///
/// The profile is the explicit argument, else `AWS_PROFILE`, else
/// `default`. A profile that is named (explicitly or by `AWS_PROFILE`) and
/// is in neither file is an error before anything else, environment keys
/// or not (the CLI's "The config profile (x) could not be found"). As in
/// botocore, a profile's settings are those of the config file with the
/// credentials file's section of the same name laid over them. Empty
/// environment variables count as unset.
public struct CredentialResolver: Sendable {
    /// The environment variables to consult.
    public var environment: [String: String]
    /// Where `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is resolved: ECS's
    /// `http://169.254.170.2`. A parameter (not a variable) so tests can
    /// point it at a loopback server.
    public var containerCredentialsHost: String

    /// A resolver over `environment` (pass `ProcessInfo.processInfo.environment` in a program).
    public init(environment: [String: String], containerCredentialsHost: String = "http://169.254.170.2") {
        self.environment = environment
        self.containerCredentialsHost = containerCredentialsHost
    }

    func variable(_ name: String) -> String? {
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

    func expandedPath(_ path: String) -> String? {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        guard let home = variable("HOME") else { return nil }
        return home + path.dropFirst()
    }

    /// The credentials when they are static keys (environment or files);
    /// throws ``CredentialError/requiresFetch(provider:)`` when another
    /// provider gives them.
    public func credentials(profile explicitProfile: String? = nil) throws(CredentialError) -> AWSCredentials {
        let plan = try plan(profile: explicitProfile, region: "us-east-1")
        if let keys = plan.staticCredentials { return keys }
        if case .instanceMetadata(let settings) = plan, settings.isLastResort {
            throw .noCredentials(profile: settings.profile, searched: settings.searched)
        }
        throw .requiresFetch(provider: plan.description)
    }

    /// A provider for the chain's answer, fetching with `fetcher` and
    /// refreshing before expiry.
    public func provider(
        profile explicitProfile: String? = nil, region: String, fetcher: CredentialFetcher
    ) throws(CredentialError) -> RefreshingCredentials {
        RefreshingCredentials(plan: try plan(profile: explicitProfile, region: region), fetcher: fetcher)
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

    // MARK: The chain

    /// The files, loaded once per resolution.
    struct Files {
        var credentials: SharedConfigFile?
        var config: SharedConfigFile?

        /// The profile's settings: the config file's, the credentials file's laid over them.
        func profile(_ name: String) -> Profile? {
            let configSection = config?.configProfile(named: name)
            let credentialsSection = credentials?.section(named: name)
            guard configSection != nil || credentialsSection != nil else { return nil }
            var values: [String: (value: String, location: String)] = [:]
            if let config, let configSection {
                for (key, value) in configSection.values { values[key] = (value, "\(config.path):\(configSection.line)") }
            }
            if let credentials, let credentialsSection {
                for (key, value) in credentialsSection.values {
                    values[key] = (value, "\(credentials.path):\(credentialsSection.line)")
                }
            }
            return Profile(name: name, settings: values, configSection: configSection, credentialsSection: credentialsSection)
        }
    }

    /// A profile's merged settings, each with the `file:line` of its section.
    struct Profile {
        var name: String
        var settings: [String: (value: String, location: String)]
        var configSection: SharedConfigFile.Section?
        var credentialsSection: SharedConfigFile.Section?

        func value(_ key: String) -> String? {
            guard let value = settings[key]?.value, !value.isEmpty else { return nil }
            return value
        }

        func has(_ key: String) -> Bool { value(key) != nil }

        /// The `file:line` of the section that holds `key`, else of the profile.
        func location(_ key: String? = nil) -> String {
            if let key, let location = settings[key]?.location { return location }
            return settings.values.first?.location ?? name
        }

        var hasStaticKeys: Bool { has("aws_access_key_id") || has("aws_secret_access_key") }
        var hasSSO: Bool { ["sso_session", "sso_start_url", "sso_account_id", "sso_role_name"].contains { has($0) } }
        var isAssumeRole: Bool { has("role_arn") && !has("web_identity_token_file") }
        var isWebIdentity: Bool { has("role_arn") && has("web_identity_token_file") }
    }

    func loadFiles() throws(CredentialError) -> Files {
        let credentials = try credentialsFilePath.flatMap { (path) throws(CredentialError) in
            try SharedConfigFile.load(path: path)
        }
        let config = try configFilePath.flatMap { (path) throws(CredentialError) in
            try SharedConfigFile.load(path: path)
        }
        return Files(credentials: credentials, config: config)
    }

    /// Which provider gives the credentials for `profile` (the `--profile`
    /// argument) or the default profile, with STS calls signed for `region`.
    /// Reads the environment and the files only.
    public func plan(profile explicitProfile: String? = nil, region: String) throws(CredentialError) -> CredentialPlan {
        let profileIsExplicit = !(explicitProfile ?? "").isEmpty
        let name = profileName(explicit: explicitProfile)
        let files = try loadFiles()
        let profile = files.profile(name)
        let profileNamed = profileIsExplicit || variable("AWS_PROFILE") != nil
        var searched: [String] = []
        if let path = credentialsFilePath { searched.append(files.credentials == nil ? "\(path) (absent)" : path) }
        if let path = configFilePath { searched.append(files.config == nil ? "\(path) (absent)" : path) }
        if profileNamed && profile == nil {
            throw .profileNotFound(profile: name, searched: searched)
        }
        var tried: [String] = []
        if !profileIsExplicit {
            tried.append("environment")
            if let credentials = try environmentCredentials() { return .staticKeys(credentials) }
        }
        if let profile, profile.isAssumeRole {
            return try assumeRole(profile, files: files, region: region, visited: [profile.name])
        }
        if let plan = try webIdentity(profile, useEnvironment: !profileIsExplicit, region: region) { return plan }
        if let profile, profile.hasSSO { return try sso(profile, files: files) }
        if let file = files.credentials {
            tried.append(file.path)
            if let section = profile?.credentialsSection,
               let keys = try Self.staticKeys(
                in: section, source: .sharedCredentialsFile(path: file.path, profile: name), at: "\(file.path):\(section.line)")
            {
                return .staticKeys(keys)
            }
        }
        if let profile, profile.has("credential_process") { return try process(profile) }
        if let file = files.config {
            tried.append(file.path)
            if let section = profile?.configSection,
               let keys = try Self.staticKeys(
                in: section, source: .configFile(path: file.path, profile: name), at: "\(file.path):\(section.line)")
            {
                return .staticKeys(keys)
            }
        }
        if let container = try container() { return .container(container) }
        if files.credentials == nil, let path = credentialsFilePath { tried.append("\(path) (absent)") }
        if files.config == nil, let path = configFilePath { tried.append("\(path) (absent)") }
        tried.append("container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI unset)")
        if let metadata = instanceMetadata(profile: profile, isLastResort: true, searched: tried) {
            return .instanceMetadata(metadata)
        }
        tried.append("instance metadata (AWS_EC2_METADATA_DISABLED)")
        throw .noCredentials(profile: name, searched: tried)
    }

    func environmentCredentials() throws(CredentialError) -> AWSCredentials? {
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

    static func staticKeys(
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

    /// The profile's merged static keys (as a `source_profile`).
    func mergedStaticKeys(_ profile: Profile) throws(CredentialError) -> AWSCredentials? {
        let location = profile.location("aws_access_key_id")
        switch (profile.value("aws_access_key_id"), profile.value("aws_secret_access_key")) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw .partialCredentials(source: location, present: "aws_access_key_id", missing: "aws_secret_access_key")
        case (nil, .some):
            throw .partialCredentials(
                source: profile.location("aws_secret_access_key"), present: "aws_secret_access_key", missing: "aws_access_key_id")
        case (.some(let accessKey), .some(let secret)):
            let path = String(location[..<(location.lastIndex(of: ":") ?? location.endIndex)])
            let source: CredentialSource = profile.credentialsSection?.values["aws_access_key_id"] != nil
                ? .sharedCredentialsFile(path: path, profile: profile.name) : .configFile(path: path, profile: profile.name)
            return AWSCredentials(
                accessKeyID: accessKey, secretAccessKey: secret,
                sessionToken: profile.value("aws_session_token") ?? profile.value("aws_security_token"), source: source)
        }
    }

    // MARK: assume-role

    func stsEndpoint(region: String, profile: String) throws(CredentialError) -> String {
        do {
            return try EndpointResolver(environment: environment).endpoint(for: "sts", region: region, profile: profile).url
        } catch {
            throw .providerFailed(provider: "STS endpoint", reason: error.description)
        }
    }

    func assumeRole(_ profile: Profile, files: Files, region: String, visited: [String]) throws(CredentialError) -> CredentialPlan {
        let location = profile.location("role_arn")
        func invalid(_ reason: String) -> CredentialError {
            .invalidProfile(profile: profile.name, location: location, reason: reason)
        }
        guard let roleARN = profile.value("role_arn") else { throw invalid("role_arn is empty") }
        if profile.has("mfa_serial") {
            throw invalid("mfa_serial is set: assuming the role needs an MFA code, which tplpatch cannot ask for "
                + "(not supported; use a profile without mfa_serial, or credentials from `aws sts assume-role`)")
        }
        var duration: Int?
        if let text = profile.value("duration_seconds") {
            guard let seconds = Int(text), (900...43200).contains(seconds) else {
                throw invalid("duration_seconds must be a whole number of seconds from 900 to 43200")
            }
            duration = seconds
        }
        let settings = AssumeRoleSettings(
            roleARN: roleARN, sessionName: profile.value("role_session_name"), externalID: profile.value("external_id"),
            durationSeconds: duration, profile: profile.name, location: location,
            stsEndpoint: try stsEndpoint(region: region, profile: profile.name), region: region)
        let sourceProfile = profile.value("source_profile")
        let credentialSource = profile.value("credential_source")
        switch (sourceProfile, credentialSource) {
        case (.some, .some):
            throw invalid("source_profile and credential_source are both set; set one")
        case (nil, nil):
            throw invalid("role_arn needs source_profile or credential_source")
        case (nil, .some(let name)):
            let source: CredentialPlan
            switch name {
            case "Environment":
                guard let keys = try environmentCredentials() else {
                    throw invalid("credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are unset")
                }
                source = .staticKeys(keys)
            case "Ec2InstanceMetadata":
                guard let metadata = instanceMetadata(profile: profile, isLastResort: false, searched: []) else {
                    throw invalid("credential_source = Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true")
                }
                source = .instanceMetadata(metadata)
            case "EcsContainer":
                guard let container = try container() else {
                    throw invalid("credential_source = EcsContainer, but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
                        + "and AWS_CONTAINER_CREDENTIALS_FULL_URI are unset")
                }
                source = .container(container)
            default:
                throw invalid("credential_source = \(messageSafe(name)) is not one of Environment, Ec2InstanceMetadata, EcsContainer")
            }
            return .assumeRole(settings, source: source)
        case (.some(let sourceName), nil):
            if sourceName == profile.name {
                // botocore allows a profile to be its own source when it has keys.
                guard let keys = try mergedStaticKeys(profile) else {
                    throw CredentialError.sourceProfileCycle(visited + [sourceName])
                }
                return .assumeRole(settings, source: .staticKeys(keys))
            }
            if visited.contains(sourceName) { throw CredentialError.sourceProfileCycle(visited + [sourceName]) }
            guard let source = files.profile(sourceName) else {
                throw invalid("source_profile \(messageSafe(sourceName)) is in neither file")
            }
            return .assumeRole(settings, source: try sourcePlan(source, files: files, region: region, visited: visited + [sourceName]))
        }
    }

    /// The credentials a `source_profile` gives, in botocore's order for one.
    func sourcePlan(_ profile: Profile, files: Files, region: String, visited: [String]) throws(CredentialError) -> CredentialPlan {
        if profile.isAssumeRole { return try assumeRole(profile, files: files, region: region, visited: visited) }
        if profile.isWebIdentity, let plan = try webIdentity(profile, useEnvironment: false, region: region) { return plan }
        if profile.hasSSO { return try sso(profile, files: files) }
        if profile.has("credential_process") { return try process(profile) }
        guard let keys = try mergedStaticKeys(profile) else {
            throw .invalidProfile(
                profile: profile.name, location: profile.location(),
                reason: "used as a source_profile, but it has no credentials (aws_access_key_id, role_arn, sso_*, credential_process)")
        }
        return .staticKeys(keys)
    }

    // MARK: web identity

    func webIdentity(_ profile: Profile?, useEnvironment: Bool, region: String) throws(CredentialError) -> CredentialPlan? {
        let environmentFile = useEnvironment ? variable("AWS_WEB_IDENTITY_TOKEN_FILE") : nil
        let environmentRole = useEnvironment ? variable("AWS_ROLE_ARN") : nil
        guard let tokenFile = environmentFile ?? profile?.value("web_identity_token_file") else { return nil }
        let fromEnvironment = environmentFile != nil
        guard let roleARN = environmentRole ?? profile?.value("role_arn") else {
            if fromEnvironment {
                throw .providerFailed(
                    provider: "assume-role-with-web-identity",
                    reason: "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
            }
            throw .invalidProfile(
                profile: profile?.name ?? "", location: profile?.location("web_identity_token_file") ?? "",
                reason: "web_identity_token_file is set but role_arn is not")
        }
        let sessionName = (useEnvironment ? variable("AWS_ROLE_SESSION_NAME") : nil) ?? profile?.value("role_session_name")
        let origin = fromEnvironment
            ? "AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE"
            : "profile \(profile?.name ?? ""), \(profile?.location("web_identity_token_file") ?? "")"
        var duration: Int?
        if !fromEnvironment, let text = profile?.value("duration_seconds") { duration = Int(text) }
        return .webIdentity(WebIdentitySettings(
            roleARN: roleARN, tokenFile: expandedPath(tokenFile) ?? tokenFile, sessionName: sessionName,
            durationSeconds: duration, origin: origin,
            stsEndpoint: try stsEndpoint(region: region, profile: profile?.name ?? profileName())))
    }

    // MARK: SSO

    func sso(_ profile: Profile, files: Files) throws(CredentialError) -> CredentialPlan {
        let location = profile.location(profile.has("sso_session") ? "sso_session" : "sso_start_url")
        func invalid(_ reason: String) -> CredentialError {
            .invalidProfile(profile: profile.name, location: location, reason: reason)
        }
        var startURL = profile.value("sso_start_url")
        var region = profile.value("sso_region")
        let sessionName = profile.value("sso_session")
        if let sessionName {
            guard let config = files.config, let session = config.ssoSession(named: sessionName) else {
                throw invalid("sso_session \(messageSafe(sessionName)) names no [sso-session \(messageSafe(sessionName))] section")
            }
            let sessionStart = session.values["sso_start_url"].flatMap { $0.isEmpty ? nil : $0 }
            let sessionRegion = session.values["sso_region"].flatMap { $0.isEmpty ? nil : $0 }
            if let startURL, let sessionStart, startURL != sessionStart {
                throw invalid("sso_start_url differs from the one in [sso-session \(sessionName)]")
            }
            if let region, let sessionRegion, region != sessionRegion {
                throw invalid("sso_region differs from the one in [sso-session \(sessionName)]")
            }
            startURL = sessionStart ?? startURL
            region = sessionRegion ?? region
        }
        var missing: [String] = []
        if startURL == nil { missing.append("sso_start_url") }
        if region == nil { missing.append("sso_region") }
        if !profile.has("sso_account_id") { missing.append("sso_account_id") }
        if !profile.has("sso_role_name") { missing.append("sso_role_name") }
        guard missing.isEmpty, let startURL, let region, let accountID = profile.value("sso_account_id"),
              let roleName = profile.value("sso_role_name")
        else {
            throw invalid("SSO settings incomplete: \(missing.joined(separator: ", ")) missing")
        }
        guard let cacheFolder = expandedPath("~/.aws/sso/cache") else {
            throw invalid("HOME is unset, so the SSO token cache (~/.aws/sso/cache) cannot be found")
        }
        let key = lowercaseHex(Insecure.SHA1.hash(data: Array((sessionName ?? startURL).utf8)))
        let portal: String
        do {
            let resolved = try EndpointResolver(environment: environment).endpoint(for: "sso", region: region, profile: profile.name)
            portal = resolved.isCustom ? resolved.url : "https://portal.sso.\(region).amazonaws.com"
        } catch {
            throw .providerFailed(provider: "SSO portal endpoint", reason: error.description)
        }
        return .sso(SSOSettings(
            profile: profile.name, location: location, accountID: accountID, roleName: roleName, region: region,
            startURL: startURL, sessionName: sessionName, cacheFile: "\(cacheFolder)/\(key).json", portalEndpoint: portal))
    }

    // MARK: credential_process

    func process(_ profile: Profile) throws(CredentialError) -> CredentialPlan {
        let location = profile.location("credential_process")
        let command = profile.value("credential_process") ?? ""
        let words: [String]
        do {
            words = try ShellWords.split(command)
        } catch {
            throw .invalidProfile(profile: profile.name, location: location, reason: "credential_process: \(error)")
        }
        guard !words.isEmpty else {
            throw .invalidProfile(profile: profile.name, location: location, reason: "credential_process is empty")
        }
        return .process(ProcessSettings(profile: profile.name, location: location, arguments: words))
    }

    // MARK: container

    /// The container endpoint, or nil when neither variable is set.
    func container() throws(CredentialError) -> ContainerSettings? {
        let url: String
        let origin: String
        if let relative = variable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = containerCredentialsHost + (relative.hasPrefix("/") ? relative : "/" + relative)
            origin = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
        } else if let full = variable("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            if let problem = Self.problem(withContainerURL: full) {
                throw .providerFailed(
                    provider: "container-role", reason: "AWS_CONTAINER_CREDENTIALS_FULL_URI \(problem)")
            }
            url = full
            origin = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
        } else {
            return nil
        }
        return ContainerSettings(
            url: url, origin: origin,
            authorizationTokenFile: variable("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE").map { expandedPath($0) ?? $0 },
            authorizationToken: variable("AWS_CONTAINER_AUTHORIZATION_TOKEN"))
    }

    /// Why a full container URI is refused, as the SDKs refuse it: only
    /// https, or http to a loopback address, ECS's 169.254.170.2 or EKS Pod
    /// Identity's 169.254.170.23 / fd00:ec2::23. Host names other than
    /// `localhost` are not looked up, so they need https.
    static func problem(withContainerURL text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty
        else { return "is not a URL" }
        if scheme == "https" { return nil }
        guard scheme == "http" else { return "must be an http or https URL" }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if bare == "localhost" || bare == "::1" || bare == "169.254.170.2" || bare == "169.254.170.23" || bare == "fd00:ec2::23" {
            return nil
        }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }), octets[0] == "127" { return nil }
        return "must use https, or http to a loopback address (127.0.0.0/8, ::1, localhost), 169.254.170.2 or 169.254.170.23"
    }

    // MARK: instance metadata

    func instanceMetadata(profile: Profile?, isLastResort: Bool, searched: [String]) -> InstanceMetadataSettings? {
        if variable("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true" { return nil }
        let endpoint = variable("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? profile?.value("ec2_metadata_service_endpoint")
            ?? "http://169.254.169.254"
        let timeout = (variable("AWS_METADATA_SERVICE_TIMEOUT") ?? profile?.value("metadata_service_timeout"))
            .flatMap { Double($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 1
        let attempts = (variable("AWS_METADATA_SERVICE_NUM_ATTEMPTS") ?? profile?.value("metadata_service_num_attempts"))
            .flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 2
        var trimmed = endpoint
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return InstanceMetadataSettings(
            endpoint: trimmed, timeout: .milliseconds(Int(timeout * 1000)), attempts: min(attempts, 10),
            isLastResort: isLastResort, profile: profile?.name ?? profileName(), searched: searched)
    }
}

extension SharedConfigFile {
    /// The `[sso-session NAME]` section called `name`.
    public func ssoSession(named name: String) -> Section? {
        sections.last { section in
            guard section.name.hasPrefix("sso-session"),
                  let separator = section.name.dropFirst("sso-session".count).first, separator == " " || separator == "\t"
            else { return false }
            return section.name.dropFirst("sso-session".count).trimmingCharacters(in: .whitespaces) == name
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
