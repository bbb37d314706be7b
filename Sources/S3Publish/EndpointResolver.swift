import Foundation

/// Where a service's requests go, found the way the AWS CLI and SDKs read
/// their endpoint settings ("service-specific endpoints" in the AWS SDKs
/// and Tools Reference Guide). First found wins:
///
/// 1. the explicit URL (`--endpoint-url`), always, even when configured
///    endpoints are ignored;
/// 2. `AWS_ENDPOINT_URL_<SERVICE>` (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_STS`);
/// 3. `AWS_ENDPOINT_URL`;
/// 4. the profile's `services = NAME` in the config file, and in the
///    `[services NAME]` section the service's nested `endpoint_url`
///    (`s3 =` then an indented `endpoint_url = URL`);
/// 5. the profile's own `endpoint_url`;
/// 6. AWS's endpoint for the region: `https://s3.REGION.amazonaws.com`, and
///    for STS the regional `https://sts.REGION.amazonaws.com` (`.com.cn` in
///    China), unless `AWS_STS_REGIONAL_ENDPOINTS` / `sts_regional_endpoints`
///    is `legacy`, which sends the regions that had it to the global
///    `https://sts.amazonaws.com`.
///
/// Steps 2 to 5 are skipped when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is
/// `true`, or, with that variable unset, when the profile's
/// `ignore_configured_endpoint_urls` is `true` (case-insensitive; any other
/// value is false). Empty environment variables count as unset. The
/// profile and file paths are ``CredentialResolver``'s.
public struct EndpointResolver: Sendable {
    /// The environment variables to consult.
    public var environment: [String: String]

    /// A resolver over `environment` (pass `ProcessInfo.processInfo.environment` in a program).
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Where an endpoint came from, for messages and `--dry-run`.
    public enum Source: Hashable, Sendable, CustomStringConvertible {
        /// The explicit URL (`--endpoint-url`).
        case explicit
        /// An environment variable (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`).
        case environment(String)
        /// The config file: its path, the section and the setting.
        case configFile(path: String, section: String, setting: String)
        /// AWS's own endpoint for the region.
        case awsDefault

        public var description: String {
            switch self {
            case .explicit: return "--endpoint-url"
            case .environment(let name): return name
            case .configFile(let path, let section, let setting): return "\(path) [\(section)] \(setting)"
            case .awsDefault: return "AWS's endpoint for the region"
            }
        }
    }

    /// An endpoint and where it came from.
    public struct Resolved: Hashable, Sendable {
        /// The URL: scheme, host, optional port and path.
        public var url: String
        /// Whether it is not AWS's own endpoint (it came from a setting).
        public var isCustom: Bool
        /// Where it came from.
        public var source: Source
    }

    /// Why no endpoint could be found.
    public enum ResolutionError: Error, Hashable, Sendable, CustomStringConvertible {
        /// A setting holds something that is not an endpoint URL.
        case invalidURL(String, source: Source, reason: String)
        /// The region cannot name an AWS endpoint.
        case invalidRegion(String)
        /// The config file cannot be read.
        case config(CredentialError)

        public var description: String {
            switch self {
            case .invalidURL(let url, let source, let reason):
                return "invalid endpoint '\(messageSafe(url))' (from \(source)): \(reason)"
            case .invalidRegion(let region):
                return "'\(messageSafe(region))' is not a region name"
            case .config(let error):
                return error.description
            }
        }
    }

    private func variable(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// `AWS_ENDPOINT_URL_S3` for `s3`: the service id upper-cased, spaces and dashes as `_`.
    public static func environmentVariable(for service: String) -> String {
        "AWS_ENDPOINT_URL_" + service.uppercased().replacingOccurrences(of: " ", with: "_")
            .replacingOccurrences(of: "-", with: "_")
    }

    /// `s3` for `s3`: the key of the service's subsection in a `[services]` section.
    public static func configKey(for service: String) -> String {
        service.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// The endpoint for `service` (`"s3"`, `"sts"`) in `region` for `profile`
    /// (the `--profile` argument, else `AWS_PROFILE`, else `default`), with
    /// `explicit` the `--endpoint-url` if given.
    public func endpoint(
        for service: String, region: String, profile: String? = nil, explicit: String? = nil
    ) throws(ResolutionError) -> Resolved {
        if let explicit, !explicit.isEmpty {
            return Resolved(url: try Self.checked(explicit, source: .explicit), isCustom: true, source: .explicit)
        }
        let credentials = CredentialResolver(environment: environment)
        let profileName = credentials.profileName(explicit: profile)
        let config: SharedConfigFile?
        do {
            config = try credentials.configFilePath.flatMap { (path) throws(CredentialError) in
                try SharedConfigFile.load(path: path)
            }
        } catch {
            throw .config(error)
        }
        let section = config?.configProfile(named: profileName)
        if !ignoresConfiguredEndpoints(profile: section) {
            for name in [Self.environmentVariable(for: service), "AWS_ENDPOINT_URL"] {
                if let url = variable(name) {
                    return Resolved(url: try Self.checked(url, source: .environment(name)), isCustom: true, source: .environment(name))
                }
            }
            if let config, let section {
                if let servicesName = section.values["services"].flatMap(Self.nonEmpty),
                   let services = config.servicesSection(named: servicesName),
                   let nested = services.values[Self.configKey(for: service)],
                   let url = Self.nestedValue("endpoint_url", in: nested)
                {
                    let source = Source.configFile(
                        path: config.path, section: services.name, setting: "\(Self.configKey(for: service)).endpoint_url")
                    return Resolved(url: try Self.checked(url, source: source), isCustom: true, source: source)
                }
                if let url = section.values["endpoint_url"].flatMap(Self.nonEmpty) {
                    let source = Source.configFile(path: config.path, section: section.name, setting: "endpoint_url")
                    return Resolved(url: try Self.checked(url, source: source), isCustom: true, source: source)
                }
            }
        }
        return Resolved(url: try defaultURL(for: service, region: region, profile: section), isCustom: false, source: .awsDefault)
    }

    /// The S3 endpoint for `region` and `profile` (see ``endpoint(for:region:profile:explicit:)``):
    /// a custom one (path style) when a setting names it, else AWS's.
    public func s3Endpoint(region: String, profile: String? = nil, explicit: String? = nil) throws(ResolutionError) -> S3Endpoint {
        let resolved = try endpoint(for: "s3", region: region, profile: profile, explicit: explicit)
        do {
            if resolved.isCustom { return try S3Endpoint(url: resolved.url, region: region) }
            return try S3Endpoint(region: region)
        } catch {
            if resolved.isCustom {
                throw .invalidURL(resolved.url, source: resolved.source, reason: "expected http://HOST[:PORT] or https://HOST[:PORT]")
            }
            throw .invalidRegion(region)
        }
    }

    private func ignoresConfiguredEndpoints(profile: SharedConfigFile.Section?) -> Bool {
        if let value = variable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
            return value.lowercased() == "true"
        }
        return profile?.values["ignore_configured_endpoint_urls"]?.lowercased() == "true"
    }

    /// The regions whose STS endpoint was the global one before regional
    /// endpoints became the default (botocore's `legacy` list).
    static let legacyGlobalSTSRegions: Set<String> = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
        "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1",
        "us-east-2", "us-west-1", "us-west-2",
    ]

    private func defaultURL(for service: String, region: String, profile: SharedConfigFile.Section?) throws(ResolutionError) -> String {
        guard !region.isEmpty, region.utf8.allSatisfy({ byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }) else {
            throw .invalidRegion(region)
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        let id = Self.configKey(for: service)
        if id == "sts" {
            let mode = variable("AWS_STS_REGIONAL_ENDPOINTS") ?? profile?.values["sts_regional_endpoints"] ?? "regional"
            if mode.lowercased() == "legacy", Self.legacyGlobalSTSRegions.contains(region) {
                return "https://sts.amazonaws.com"
            }
        }
        return "https://\(id).\(region).\(suffix)"
    }

    /// `url` when it can be an endpoint: `http` or `https`, a host, no
    /// query, fragment or user; the reason otherwise.
    static func checked(_ url: String, source: Source) throws(ResolutionError) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https"
        else {
            throw .invalidURL(url, source: source, reason: "expected http://HOST[:PORT] or https://HOST[:PORT]")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidURL(url, source: source, reason: "the host is missing")
        }
        guard components.user == nil, components.password == nil else {
            // The user part may be a password: the message names the host only.
            throw .invalidURL("\(scheme)://...@\(host)", source: source, reason: "an endpoint URL has no user or password")
        }
        guard components.query == nil, components.fragment == nil else {
            throw .invalidURL(url, source: source, reason: "an endpoint URL has no query or fragment")
        }
        return url
    }

    private static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }

    /// The value of `key` in a nested block (`s3 =` followed by indented
    /// `key = value` lines, which the config parser joins with newlines).
    static func nestedValue(_ key: String, in block: String) -> String? {
        for line in block.split(separator: "\n") {
            guard let delimiter = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let name = line[..<delimiter].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: delimiter)...].trimmingCharacters(in: .whitespaces)
            if name == key, !value.isEmpty { return value }
        }
        return nil
    }
}

extension SharedConfigFile {
    /// The `[services NAME]` section called `name`.
    public func servicesSection(named name: String) -> Section? {
        sections.last { section in
            guard section.name.hasPrefix("services"),
                  let separator = section.name.dropFirst("services".count).first, separator == " " || separator == "\t"
            else { return false }
            return section.name.dropFirst("services".count).trimmingCharacters(in: .whitespaces) == name
        }
    }
}
