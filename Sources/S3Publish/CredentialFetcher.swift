import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Carries out a ``CredentialPlan``: calls STS, the SSO portal, the
/// container or instance metadata endpoint over an ``HTTPTransport`` (so
/// the publish's deadline and time-outs hold for them too), or runs a
/// `credential_process`. Error messages name the provider and the profile's
/// `file:line` and never carry a secret, a token or a process's output.
public struct CredentialFetcher: Sendable {
    /// Moves the bytes.
    public var transport: any HTTPTransport
    /// The total time limit, when there is one.
    public var deadline: Deadline?
    /// The environment a `credential_process` runs with.
    public var environment: [String: String]
    /// The time (signing STS requests, checking the SSO token's expiry).
    public var now: @Sendable () -> Date
    /// The limit of one STS, SSO or container request.
    public var requestLimit: Duration
    /// The limit of a `credential_process` run.
    public var processLimit: Duration

    /// A fetcher.
    public init(
        transport: any HTTPTransport, deadline: Deadline? = nil, environment: [String: String],
        now: @escaping @Sendable () -> Date = { Date() }, requestLimit: Duration = .seconds(30),
        processLimit: Duration = .seconds(60)
    ) {
        self.transport = transport
        self.deadline = deadline
        self.environment = environment
        self.now = now
        self.requestLimit = requestLimit
        self.processLimit = processLimit
    }

    /// The credentials `plan` gives.
    public func fetch(_ plan: CredentialPlan) async throws(CredentialError) -> AWSCredentials {
        switch plan {
        case .staticKeys(let keys):
            return keys
        case .assumeRole(let settings, let source):
            let sourceKeys = try await fetch(source)
            return try await assumeRole(settings, with: sourceKeys)
        case .webIdentity(let settings):
            return try await webIdentity(settings)
        case .sso(let settings):
            return try await sso(settings)
        case .process(let settings):
            return try process(settings)
        case .container(let settings):
            return try await container(settings)
        case .instanceMetadata(let settings):
            return try await instanceMetadata(settings)
        }
    }

    // MARK: HTTP

    func limit(_ wanted: Duration) -> Duration {
        guard let deadline else { return wanted }
        return deadline.clipped(wanted)
    }

    func send(
        _ request: HTTPRequestData, limit wanted: Duration, provider: String
    ) async throws(CredentialError) -> HTTPResponseData {
        if let deadline, deadline.hasPassed {
            throw .providerFailed(provider: provider, reason: "the \(deadline) deadline (--timeout) passed")
        }
        do {
            return try await transport.send(request, timeLimit: limit(wanted))
        } catch {
            throw .providerFailed(provider: provider, reason: "\(request.method) \(request.address.url): \(error)")
        }
    }

    /// A request to `url` (`scheme://host[:port]/path[?query]`).
    static func request(
        _ method: String, _ url: String, headers: [HTTPHeader] = [], body: [UInt8] = [], provider: String
    ) throws(CredentialError) -> HTTPRequestData {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw .providerFailed(provider: provider, reason: "'\(messageSafe(url))' is not an http or https URL")
        }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let hostHeader = bracketed + (components.port.map { ":\($0)" } ?? "")
        var path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { path += "?" + query }
        let address = S3Address(scheme: scheme, hostHeader: hostHeader, path: path)
        var all = [HTTPHeader(name: "Host", value: hostHeader)] + headers
        if !body.isEmpty { all.append(HTTPHeader(name: "Content-Length", value: String(body.count))) }
        return HTTPRequestData(method: method, address: address, headers: all, body: body)
    }

    // MARK: STS

    static func formEncoded(_ pairs: [(String, String)]) -> [UInt8] {
        Array(pairs.map { "\(URIEncoding.encode($0.0.utf8, keepingSlash: false))=\(URIEncoding.encode($0.1.utf8, keepingSlash: false))" }
            .joined(separator: "&").utf8)
    }

    func sessionName(_ given: String?) -> String {
        given ?? "tplpatch-\(Int(now().timeIntervalSince1970))"
    }

    func assumeRole(_ settings: AssumeRoleSettings, with source: AWSCredentials) async throws(CredentialError) -> AWSCredentials {
        let provider = "assume-role \(settings.roleARN) (profile \(settings.profile), \(settings.location))"
        var form = [
            ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", settings.roleARN),
            ("RoleSessionName", sessionName(settings.sessionName)),
        ]
        if let external = settings.externalID { form.append(("ExternalId", external)) }
        if let duration = settings.durationSeconds { form.append(("DurationSeconds", String(duration))) }
        let body = Self.formEncoded(form)
        var request = try Self.request(
            "POST", settings.stsEndpoint,
            headers: [HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: body, provider: provider)
        let signer = SigV4Signer(credentials: source, region: settings.region, service: "sts", pathRules: .generic)
        do {
            let toSign = request.headers.filter { $0.lowercasedName != "content-length" }
            let signature = try signer.sign(
                SigV4Request(method: "POST", path: request.address.path, headers: toSign, payloadHash: PayloadHash(hashing: body)),
                date: now())
            request.headers = signature.headers(applyingTo: request.headers)
        } catch {
            throw .providerFailed(provider: provider, reason: "cannot sign the STS request with [\(source.source)]: \(error)")
        }
        let response = try await send(request, limit: requestLimit, provider: provider)
        return try Self.stsCredentials(
            response, result: "AssumeRoleResult", provider: provider,
            source: .assumeRole(roleARN: settings.roleARN, location: settings.location), secrets: [source.secretAccessKey])
    }

    func webIdentity(_ settings: WebIdentitySettings) async throws(CredentialError) -> AWSCredentials {
        let provider = "assume-role-with-web-identity \(settings.roleARN) (\(settings.origin))"
        guard let data = FileManager.default.contents(atPath: settings.tokenFile) else {
            throw .providerFailed(provider: provider, reason: "cannot read the web identity token file \(settings.tokenFile)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw .providerFailed(provider: provider, reason: "the web identity token file \(settings.tokenFile) is empty")
        }
        var form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", settings.roleARN),
            ("RoleSessionName", sessionName(settings.sessionName)), ("WebIdentityToken", token),
        ]
        if let duration = settings.durationSeconds { form.append(("DurationSeconds", String(duration))) }
        let request = try Self.request(
            "POST", settings.stsEndpoint,
            headers: [HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: Self.formEncoded(form), provider: provider)
        let response = try await send(request, limit: requestLimit, provider: provider)
        return try Self.stsCredentials(
            response, result: "AssumeRoleWithWebIdentityResult", provider: provider,
            source: .webIdentity(roleARN: settings.roleARN, origin: settings.origin), secrets: [token])
    }

    /// The `<Credentials>` of an STS response, or its `<Error>` as the reason.
    static func stsCredentials(
        _ response: HTTPResponseData, result: String, provider: String, source: CredentialSource, secrets: [String]
    ) throws(CredentialError) -> AWSCredentials {
        let text = String(decoding: response.body, as: UTF8.self)
        guard (200..<300).contains(response.status) else {
            let code = S3ErrorBody.element("Code", in: text) ?? "HTTP \(response.status)"
            let message = S3ErrorBody.element("Message", in: text).map { ": " + redacted($0, secrets) } ?? ""
            throw .providerFailed(
                provider: provider, reason: "STS answered \(messageSafe(code))\(messageSafe(message)) (HTTP \(response.status))")
        }
        let scope = XMLScope(text).inner(result)?.inner("Credentials")
        guard let scope, let keyID = scope.value("AccessKeyId"), let secret = scope.value("SecretAccessKey") else {
            throw .providerFailed(provider: provider, reason: "the STS response has no Credentials")
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: scope.value("SessionToken"), source: source,
            expiration: scope.value("Expiration").flatMap(Timestamps.parse))
    }

    /// `text` with every occurrence of a secret replaced.
    static func redacted(_ text: String, _ secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 {
            out = out.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return out
    }

    // MARK: SSO

    func sso(_ settings: SSOSettings) async throws(CredentialError) -> AWSCredentials {
        func login(_ reason: String) -> CredentialError {
            .ssoLoginRequired(profile: settings.profile, location: settings.location, reason: reason)
        }
        let provider = "sso (profile \(settings.profile), \(settings.location))"
        guard let data = FileManager.default.contents(atPath: settings.cacheFile) else {
            throw login("no cached SSO token (\(settings.cacheFile) is missing)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let token = object["accessToken"] as? String, !token.isEmpty
        else {
            throw login("the cached SSO token \(settings.cacheFile) is unreadable")
        }
        guard let expires = (object["expiresAt"] as? String).flatMap(Timestamps.parse) else {
            throw login("the cached SSO token \(settings.cacheFile) has no valid expiresAt")
        }
        if expires <= now() {
            throw login("the cached SSO token expired at \(Timestamps.format(expires))")
        }
        var portal = settings.portalEndpoint
        while portal.hasSuffix("/") { portal.removeLast() }
        let url = portal + "/federation/credentials?account_id="
            + URIEncoding.encode(settings.accountID.utf8, keepingSlash: false)
            + "&role_name=" + URIEncoding.encode(settings.roleName.utf8, keepingSlash: false)
        let request = try Self.request(
            "GET", url, headers: [HTTPHeader(name: "x-amz-sso_bearer_token", value: token)], provider: provider)
        let response = try await send(request, limit: requestLimit, provider: provider)
        if response.status == 401 || response.status == 403 {
            throw login("the SSO portal refused the cached token (HTTP \(response.status))")
        }
        guard (200..<300).contains(response.status) else {
            throw .providerFailed(provider: provider, reason: "GetRoleCredentials answered HTTP \(response.status)")
        }
        guard let answer = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let role = answer["roleCredentials"] as? [String: Any],
              let keyID = role["accessKeyId"] as? String, let secret = role["secretAccessKey"] as? String
        else {
            throw .providerFailed(provider: provider, reason: "GetRoleCredentials answered without roleCredentials")
        }
        let expiration = Self.number(role["expiration"]).map { Date(timeIntervalSince1970: $0 / 1000) }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: role["sessionToken"] as? String,
            source: .sso(location: settings.location), expiration: expiration)
    }

    // MARK: credential_process

    func process(_ settings: ProcessSettings) throws(CredentialError) -> AWSCredentials {
        let program = settings.arguments.first ?? ""
        let provider = "credential_process '\(messageSafe(program))' (profile \(settings.profile), \(settings.location))"
        let outcome = ProcessRun.run(settings.arguments, environment: environment, limit: limit(processLimit))
        let result: ProcessRun.Result
        switch outcome {
        case .failure(.cannotStart(let code)):
            throw .providerFailed(provider: provider, reason: "cannot run it: \(String(cString: strerror(code)))")
        case .failure(.timedOut):
            throw .providerFailed(provider: provider, reason: "it did not finish in time and was stopped")
        case .success(let finished):
            result = finished
        }
        guard result.status == 0 else {
            throw .providerFailed(
                provider: provider,
                reason: "it exited with status \(result.status) (its output is not shown: it may hold secrets)")
        }
        func bad(_ reason: String) -> CredentialError {
            .providerFailed(provider: provider, reason: "its output is not valid credentials JSON: \(reason) (the output is not shown)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.stdout)) as? [String: Any] else {
            throw bad("not a JSON object")
        }
        guard Self.number(object["Version"]) == 1 else {
            throw bad("Version must be 1")
        }
        guard let keyID = object["AccessKeyId"] as? String, !keyID.isEmpty else { throw bad("AccessKeyId is missing") }
        guard let secret = object["SecretAccessKey"] as? String, !secret.isEmpty else {
            throw bad("SecretAccessKey is missing")
        }
        var expiration: Date?
        if let text = object["Expiration"] {
            guard let text = text as? String, let date = Timestamps.parse(text) else {
                throw bad("Expiration is not an ISO 8601 time")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: object["SessionToken"] as? String,
            source: .process(location: settings.location), expiration: expiration)
    }

    // MARK: container

    func container(_ settings: ContainerSettings) async throws(CredentialError) -> AWSCredentials {
        let provider = "container-role \(settings.url) (\(settings.origin))"
        var headers: [HTTPHeader] = [HTTPHeader(name: "Accept", value: "application/json")]
        var secrets: [String] = []
        var token: String?
        if let file = settings.authorizationTokenFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .providerFailed(provider: provider, reason: "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = settings.authorizationToken
        }
        if let token, !token.isEmpty {
            if token.contains("\r") || token.contains("\n") {
                throw .providerFailed(provider: provider, reason: "the authorization token contains a line break")
            }
            headers.append(HTTPHeader(name: "Authorization", value: token))
            secrets.append(token)
        }
        let request = try Self.request("GET", settings.url, headers: headers, provider: provider)
        var last: CredentialError?
        for _ in 0..<2 {
            do {
                let response = try await send(request, limit: .seconds(5), provider: provider)
                return try Self.jsonCredentials(
                    response, provider: provider, source: .container(url: settings.url), tokenKey: "Token")
            } catch {
                last = error
            }
        }
        throw last ?? .providerFailed(provider: provider, reason: "no answer")
    }

    /// A JSON number, however JSONSerialization handed it over.
    static func number(_ value: Any?) -> Double? {
        if let value = value as? Int { return Double(value) }
        if let value = value as? Double { return value }
        return nil
    }

    /// `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration` from a JSON answer (container, IMDS).
    static func jsonCredentials(
        _ response: HTTPResponseData, provider: String, source: CredentialSource, tokenKey: String
    ) throws(CredentialError) -> AWSCredentials {
        guard response.status == 200 else {
            throw .providerFailed(provider: provider, reason: "answered HTTP \(response.status)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let keyID = object["AccessKeyId"] as? String, let secret = object["SecretAccessKey"] as? String
        else {
            throw .providerFailed(provider: provider, reason: "the answer is not credentials JSON")
        }
        if let code = object["Code"] as? String, code != "Success" {
            throw .providerFailed(provider: provider, reason: "the answer's Code is \(messageSafe(code))")
        }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: object[tokenKey] as? String, source: source,
            expiration: (object["Expiration"] as? String).flatMap(Timestamps.parse))
    }

    // MARK: instance metadata

    func instanceMetadata(_ settings: InstanceMetadataSettings) async throws(CredentialError) -> AWSCredentials {
        let provider = "iam-role (instance metadata at \(settings.endpoint))"
        var last = "no answer"
        for _ in 0..<settings.attempts {
            do {
                return try await instanceMetadataOnce(settings, provider: provider)
            } catch {
                if case .providerFailed(_, let reason) = error { last = reason } else { throw error }
            }
        }
        if settings.isLastResort {
            throw .noCredentials(profile: settings.profile, searched: settings.searched + ["instance metadata at \(settings.endpoint) (\(last))"])
        }
        throw .providerFailed(provider: provider, reason: last)
    }

    func instanceMetadataOnce(_ settings: InstanceMetadataSettings, provider: String) async throws(CredentialError) -> AWSCredentials {
        let tokenRequest = try Self.request(
            "PUT", settings.endpoint + "/latest/api/token",
            headers: [HTTPHeader(name: "X-aws-ec2-metadata-token-ttl-seconds", value: "21600")], provider: provider)
        let tokenResponse = try await send(tokenRequest, limit: settings.timeout, provider: provider)
        guard tokenResponse.status == 200 else {
            throw .providerFailed(provider: provider, reason: "the IMDSv2 token request answered HTTP \(tokenResponse.status)")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenHeader = HTTPHeader(name: "X-aws-ec2-metadata-token", value: token)
        let base = settings.endpoint + "/latest/meta-data/iam/security-credentials/"
        let roleResponse = try await send(
            try Self.request("GET", base, headers: [tokenHeader], provider: provider), limit: settings.timeout, provider: provider)
        guard roleResponse.status == 200 else {
            throw .providerFailed(
                provider: provider,
                reason: "listing the instance's role answered HTTP \(roleResponse.status)"
                    + (roleResponse.status == 404 ? " (the instance has no instance profile)" : ""))
        }
        guard let role = String(decoding: roleResponse.body, as: UTF8.self)
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map({ $0.trimmingCharacters(in: .whitespaces) }),
            !role.isEmpty
        else {
            throw .providerFailed(provider: provider, reason: "the instance has no role")
        }
        let credentialsResponse = try await send(
            try Self.request("GET", base + URIEncoding.encode(role.utf8, keepingSlash: false), headers: [tokenHeader], provider: provider),
            limit: settings.timeout, provider: provider)
        return try Self.jsonCredentials(
            credentialsResponse, provider: provider, source: .instanceMetadata(endpoint: settings.endpoint), tokenKey: "Token")
    }
}

/// ISO 8601 times as AWS writes them (`2026-12-03T10:00:00Z`, with or
/// without fractional seconds, with an offset, or the SSO cache's `UTC` suffix).
enum Timestamps {
    static func parse(_ text: String) -> Date? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("UTC") { text = String(text.dropLast(3)) + "Z" }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}

/// A tolerant look into an XML text: the inner text of the first
/// `<name>...</name>` (namespaces and attributes on the opening tag allowed),
/// and a leaf's value with entities decoded.
struct XMLScope {
    let text: Substring

    init(_ text: String) { self.text = Substring(text) }
    init(_ text: Substring) { self.text = text }

    func inner(_ name: String) -> XMLScope? {
        var search = text.startIndex
        while let open = text.range(of: "<\(name)", range: search..<text.endIndex) {
            let after = text[open.upperBound...]
            guard let next = after.first else { return nil }
            if next == ">" || next == " " || next == "\t" || next == "\n" || next == "\r" || next == "/" {
                guard let close = after.firstIndex(of: ">") else { return nil }
                if text[text.index(before: close)] == "/" { return XMLScope(Substring("")) }
                let bodyStart = text.index(after: close)
                guard let end = text.range(of: "</\(name)>", range: bodyStart..<text.endIndex) else { return nil }
                return XMLScope(text[bodyStart..<end.lowerBound])
            }
            search = open.upperBound
        }
        return nil
    }

    func value(_ name: String) -> String? {
        guard let scope = inner(name) else { return nil }
        let decoded = S3ErrorBody.decodeEntities(scope.text).trimmingCharacters(in: .whitespacesAndNewlines)
        return decoded.isEmpty ? nil : decoded
    }
}
