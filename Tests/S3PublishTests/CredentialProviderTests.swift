import Foundation
import S3Publish
import TestSupport
import Testing

/// Each provider fetching from a real server: moto_server's STS (signature
/// checking on for `AssumeRole`, off for the unsigned
/// `AssumeRoleWithWebIdentity`), loopback servers that speak the container,
/// IMDSv2 and SSO portal protocols, and real `credential_process` scripts.
/// Every error and rendering is checked for the secrets it must not show.
@Suite struct CredentialProviderTests {
    let home: Scratch
    init() throws { home = try Scratch() }

    func fetch(_ env: [String: String], profile: String? = nil, host: String = "http://169.254.170.2") async throws -> AWSCredentials {
        let transport = AsyncHTTPTransport(timeouts: HTTPTimeouts(connect: .seconds(10), read: .seconds(30)))
        let resolver = CredentialResolver(environment: env, containerCredentialsHost: host)
        let plan = try resolver.plan(profile: profile, region: "us-east-1")
        let result: Result<AWSCredentials, CredentialError>
        do {
            result = .success(try await CredentialFetcher(transport: transport, environment: env).fetch(plan))
        } catch {
            result = .failure(error)
        }
        await transport.shutdown()
        return try result.get()
    }

    func fetchError(_ env: [String: String], profile: String? = nil, host: String = "http://169.254.170.2") async -> String {
        do {
            let credentials = try await fetch(env, profile: profile, host: host)
            return "unexpectedly got \(credentials)"
        } catch {
            return String(describing: error)
        }
    }

    func baseEnvironment(credentials: String = "", config: String = "", _ extra: [String: String] = [:]) throws -> [String: String] {
        var env = [
            "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "AWS_SHARED_CREDENTIALS_FILE": try home.write("creds", credentials),
            "AWS_CONFIG_FILE": try home.write("config", config), "AWS_EC2_METADATA_DISABLED": "true",
        ]
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Every way `value` is shown: description, debug, dump.
    func renderings(_ value: Any) -> String {
        var dumped = ""
        dump(value, to: &dumped)
        return "\(value) \(String(reflecting: value)) \(dumped)"
    }

    func expectHidden(_ secrets: [String], in text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets where !secret.isEmpty {
            #expect(!text.contains(secret), "\(what) shows a secret", sourceLocation: sourceLocation)
        }
    }

    // MARK: assume-role (moto, signatures checked)

    @Test func assumeRoleAgainstMotoThenPutWithTheTemporaryCredentials() async throws {
        let moto = try MotoServer.shared()
        let env = try baseEnvironment(
            credentials: "[base]\naws_access_key_id = \(moto.accessKeyID)\naws_secret_access_key = \(moto.secretAccessKey)\n",
            config: """
                [profile deploy]
                role_arn = \(moto.roleARN)
                source_profile = base
                role_session_name = release-42
                duration_seconds = 900
                """,
            ["AWS_ENDPOINT_URL_STS": moto.endpoint])
        let credentials = try await fetch(env, profile: "deploy")
        #expect(credentials.accessKeyID != moto.accessKeyID)
        let token = try #require(credentials.sessionToken)
        #expect(!token.isEmpty)
        #expect(credentials.expiration != nil)
        #expect(credentials.source == .assumeRole(roleARN: moto.roleARN, location: home.path + "/config:1"))
        expectHidden([credentials.secretAccessKey, token, moto.secretAccessKey], in: renderings(credentials), "the credentials")

        // S3 with checking on accepts them only with the session token signed.
        let bucket = MotoServer.uniqueBucket("assumed")
        try moto.createBucket(bucket)
        let transport = AsyncHTTPTransport()
        let client = S3Client(
            endpoint: try S3Endpoint(url: moto.endpoint, region: moto.region), credentialProvider: credentials,
            transport: transport, retryPolicy: .none)
        let outcome: Result<ObjectHead, S3Error>
        do {
            outcome = .success(try await client.putObject(PutObject(
                bucket: bucket, key: "t.json", body: Array("{}".utf8), contentType: "application/json")))
        } catch {
            outcome = .failure(error)
        }
        // Without the token, moto refuses the same keys.
        var tokenless = credentials
        tokenless.sessionToken = nil
        let refused = S3Client(
            endpoint: try S3Endpoint(url: moto.endpoint, region: moto.region), credentials: tokenless,
            transport: transport, retryPolicy: .none)
        var refusal = ""
        do {
            try await refused.putObject(PutObject(bucket: bucket, key: "u.json", body: Array("{}".utf8), contentType: "application/json"))
        } catch {
            refusal = error.description
        }
        await transport.shutdown()
        _ = try outcome.get()
        #expect(try moto.object(bucket, "t.json") == Array("{}".utf8))
        #expect(!refusal.isEmpty)
        #expect(try moto.object(bucket, "u.json") == nil)
    }

    @Test func assumeRoleWithAWrongSourceSecretNamesTheProviderAndHidesTheSecret() async throws {
        let moto = try MotoServer.shared()
        let wrong = "WRONGwrongWRONGwrongWRONGwrong123456"
        let env = try baseEnvironment(
            credentials: "[base]\naws_access_key_id = \(moto.accessKeyID)\naws_secret_access_key = \(wrong)\n",
            config: "[profile deploy]\nrole_arn = \(moto.roleARN)\nsource_profile = base\n",
            ["AWS_ENDPOINT_URL_STS": moto.endpoint])
        let message = await fetchError(env, profile: "deploy")
        #expect(message.contains("assume-role \(moto.roleARN) (profile deploy, \(home.path)/config:1)"), "\(message)")
        #expect(message.contains("STS answered"), "\(message)")
        expectHidden([wrong, moto.secretAccessKey], in: message, "the error")
    }

    // MARK: web identity (moto, checking off: the call is unsigned)

    @Test func webIdentityAgainstMoto() async throws {
        let moto = try MotoServer.unchecked()
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmNocm9tYS9jaHJvbWEifQ.SIGNATUREsignatureSIGNATURE"
        let tokenFile = try home.write("web-token", jwt + "\n")
        let env = try baseEnvironment([
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/gha", "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
            "AWS_ROLE_SESSION_NAME": "gha-run", "AWS_ENDPOINT_URL_STS": moto.endpoint,
        ])
        let credentials = try await fetch(env)
        let token = try #require(credentials.sessionToken)
        #expect(credentials.expiration != nil)
        #expect(credentials.source == .webIdentity(
            roleARN: "arn:aws:iam::123456789012:role/gha", origin: "AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE"))
        let plan = try CredentialResolver(environment: env).plan(region: "us-east-1")
        expectHidden([jwt, token, credentials.secretAccessKey], in: renderings(credentials) + renderings(plan), "web identity")

        let missing = try baseEnvironment([
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/gha", "AWS_WEB_IDENTITY_TOKEN_FILE": home.path + "/absent",
            "AWS_ENDPOINT_URL_STS": moto.endpoint,
        ])
        let message = await fetchError(missing)
        #expect(message.contains("cannot read the web identity token file \(home.path)/absent"), "\(message)")
    }

    @Test func aWebIdentityRefusalNeverShowsTheToken() async throws {
        // moto with checking on answers the unsigned call with an error: the
        // message names the provider and leaves the token out.
        let moto = try MotoServer.shared()
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.NEVERshowNEVERshow"
        let env = try baseEnvironment([
            "AWS_ROLE_ARN": moto.roleARN, "AWS_WEB_IDENTITY_TOKEN_FILE": try home.write("t", jwt),
            "AWS_ENDPOINT_URL_STS": moto.endpoint,
        ])
        let message = await fetchError(env)
        #expect(message.contains("assume-role-with-web-identity \(moto.roleARN)"), "\(message)")
        expectHidden([jwt], in: message, "the error")
    }

    // MARK: SSO (loopback portal)

    func writeSSOCache(key: String, token: String, expires: String) throws {
        let name = sha1Hex(key)
        _ = try home.write(".aws/sso/cache/\(name).json", """
            {"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1", "accessToken": "\(token)", "expiresAt": "\(expires)"}
            """)
    }

    func sha1Hex(_ text: String) -> String {
        (try? runPython("import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())", [text]))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    static let portalCredentials = CredentialEndpoints.Credentials(
        accessKeyID: "ASIAPORTAL", secretAccessKey: "portal-secret-0123456789", sessionToken: "portal-session-token-xyz",
        expiration: "2099-01-01T00:00:00Z")

    @Test func ssoSessionProfileReadsTheCacheAndCallsThePortal() async throws {
        let bearer = "sso-bearer-token-abcdef"
        let portal = try CredentialEndpoints(
            credentials: Self.portalCredentials, ssoBearer: bearer, ssoAccount: "111122223333", ssoRole: "Publisher")
        try writeSSOCache(key: "corp", token: bearer, expires: "2099-01-01T00:00:00Z")
        let config = """
            [profile dev]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Publisher

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            """
        let env = try baseEnvironment(config: config, ["AWS_ENDPOINT_URL_SSO": portal.endpoint])
        let credentials = try await fetch(env, profile: "dev")
        #expect(credentials.accessKeyID == "ASIAPORTAL")
        #expect(credentials.sessionToken == "portal-session-token-xyz")
        #expect(credentials.expiration == ISO8601DateFormatter().date(from: "2099-01-01T00:00:00Z"))
        #expect(portal.requests() == ["GET /federation/credentials?account_id=111122223333&role_name=Publisher 200"])
        expectHidden([bearer, "portal-secret-0123456789", "portal-session-token-xyz"], in: renderings(credentials), "SSO credentials")

        // An expired or missing token: run `aws sso login`.
        try writeSSOCache(key: "corp", token: bearer, expires: "2020-01-01T00:00:00Z")
        let expired = await fetchError(env, profile: "dev")
        #expect(expired.contains("the cached SSO token expired at 2020-01-01T00:00:00Z"), "\(expired)")
        #expect(expired.contains("run `aws sso login --profile dev`"), "\(expired)")
        #expect(expired.contains("profile dev (\(home.path)/config:1)"), "\(expired)")
        try FileManager.default.removeItem(atPath: home.path + "/.aws/sso/cache")
        let missing = await fetchError(env, profile: "dev")
        #expect(missing.contains("no cached SSO token"), "\(missing)")
        #expect(missing.contains("run `aws sso login --profile dev`"), "\(missing)")
        expectHidden([bearer], in: expired + missing, "SSO errors")
    }

    @Test func legacySSOProfileKeysTheCacheByStartURL() async throws {
        let bearer = "legacy-bearer-123456"
        let portal = try CredentialEndpoints(
            credentials: Self.portalCredentials, ssoBearer: bearer, ssoAccount: "444455556666", ssoRole: "Admin")
        try writeSSOCache(key: "https://legacy.awsapps.com/start", token: bearer, expires: "2099-01-01T00:00:00Z")
        let env = try baseEnvironment(config: """
            [default]
            sso_start_url = https://legacy.awsapps.com/start
            sso_region = us-east-2
            sso_account_id = 444455556666
            sso_role_name = Admin
            """, ["AWS_ENDPOINT_URL_SSO": portal.endpoint])
        #expect(try await fetch(env).accessKeyID == "ASIAPORTAL")
        // A token the portal refuses also says to log in again.
        try writeSSOCache(key: "https://legacy.awsapps.com/start", token: "stale-bearer-999", expires: "2099-01-01T00:00:00Z")
        let refused = await fetchError(env)
        #expect(refused.contains("the SSO portal refused the cached token (HTTP 401)"), "\(refused)")
        #expect(refused.contains("run `aws sso login`"), "\(refused)")
        expectHidden(["stale-bearer-999", bearer], in: refused, "SSO error")
    }

    // MARK: credential_process (real scripts)

    func script(_ name: String, _ body: String) throws -> String {
        let path = try home.write("bin/\(name)", "#!/bin/sh\n" + body)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func credentialProcessRunsWithoutAShell() async throws {
        // The arguments arrive as split, never seen by a shell: `$HOME` and
        // `;` stay literal, and the quoted words keep their spaces.
        let tool = try script("creds tool", """
            [ "$1" = "two words" ] && [ "$2" = '$HOME;echo' ] || { echo "argv: $*" >&2; exit 9; }
            printf '{"Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "proc-secret-0001", "SessionToken": "proc-token-0001", "Expiration": "2099-06-01T12:00:00.000Z"}'
            """)
        let env = try baseEnvironment(config: """
            [profile p]
            credential_process = "\(tool)" 'two words' $HOME;echo
            """)
        let credentials = try await fetch(env, profile: "p")
        #expect(credentials.accessKeyID == "ASIAPROC")
        #expect(credentials.sessionToken == "proc-token-0001")
        #expect(credentials.expiration != nil)
        #expect(credentials.source == .process(location: home.path + "/config:1"))
    }

    @Test func credentialProcessFailuresNeverShowTheOutput() async throws {
        let leaky = "LEAKEDsecretLEAKEDsecret"
        let cases: [(String, String, String)] = [
            ("fails", "echo '\(leaky)'; echo '\(leaky)' >&2; exit 3", "it exited with status 3 (its output is not shown"),
            ("notjson", "echo 'AccessKeyId=\(leaky)'", "its output is not valid credentials JSON: not a JSON object"),
            ("version2", #"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "\#(leaky)"}'"#, "Version must be 1"),
            ("nosecret", #"echo '{"Version": 1, "AccessKeyId": "\#(leaky)"}'"#, "SecretAccessKey is missing"),
            ("baddate", #"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "\#(leaky)", "Expiration": "soon"}'"#,
             "Expiration is not an ISO 8601 time"),
        ]
        for (name, body, phrase) in cases {
            let tool = try script(name, body + "\n")
            let env = try baseEnvironment(config: "[default]\ncredential_process = \(tool) --secret-arg \(leaky)x\n")
            let message = await fetchError(env)
            #expect(message.contains(phrase), "\(name): \(message)")
            #expect(message.contains("credential_process '\(tool)' (profile default, \(home.path)/config:1)"), "\(name): \(message)")
            expectHidden([leaky], in: message, "the \(name) error")
        }
        let env = try baseEnvironment(config: "[default]\ncredential_process = /no/such/tool\n")
        #expect(await fetchError(env).contains("cannot run it"))
    }

    // MARK: container (loopback endpoint)

    @Test func containerRelativeAndFullURIs() async throws {
        let token = "container-auth-token-777"
        let server = try CredentialEndpoints(
            credentials: Self.portalCredentials, containerPath: "/v2/credentials/task-1", containerToken: token)
        let tokenFile = try home.write("container-token", token + "\n")
        let relative = try baseEnvironment([
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1", "AWS_CONTAINER_AUTHORIZATION_TOKEN": token,
        ])
        let fromRelative = try await fetch(relative, host: server.endpoint)
        #expect(fromRelative.accessKeyID == "ASIAPORTAL")
        #expect(fromRelative.sessionToken == "portal-session-token-xyz")
        #expect(fromRelative.source == .container(url: server.endpoint + "/v2/credentials/task-1"))

        // The token file outranks the token variable.
        let full = try baseEnvironment([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/v2/credentials/task-1",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong-token-000",
        ])
        #expect(try await fetch(full).accessKeyID == "ASIAPORTAL")

        let refused = try baseEnvironment([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/v2/credentials/task-1",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong-token-000",
        ])
        let message = await fetchError(refused)
        #expect(message.contains("container-role \(server.endpoint)/v2/credentials/task-1 (AWS_CONTAINER_CREDENTIALS_FULL_URI)"), "\(message)")
        #expect(message.contains("answered HTTP 401"), "\(message)")
        let plan = try CredentialResolver(environment: relative).plan(region: "us-east-1")
        expectHidden([token, "wrong-token-000"], in: message + renderings(plan), "container")
    }

    // MARK: instance metadata (loopback IMDSv2)

    @Test func instanceMetadataUsesAnIMDSv2Token() async throws {
        let server = try CredentialEndpoints(credentials: Self.portalCredentials, role: "publisher-role")
        var env = try baseEnvironment([
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint, "AWS_METADATA_SERVICE_TIMEOUT": "30",
        ])
        env["AWS_EC2_METADATA_DISABLED"] = nil
        let credentials = try await fetch(env)
        #expect(credentials.accessKeyID == "ASIAPORTAL")
        #expect(credentials.sessionToken == "portal-session-token-xyz")
        #expect(credentials.source == .instanceMetadata(endpoint: server.endpoint))
        #expect(server.requests() == [
            "PUT /latest/api/token 200",
            "GET /latest/meta-data/iam/security-credentials/ 200",
            "GET /latest/meta-data/iam/security-credentials/publisher-role 200",
        ])
        // The server speaks IMDSv2 only: without the token it refuses.
        let transport = AsyncHTTPTransport()
        // (An S3 path-style address is the path wanted: /latest/meta-data/...)
        let address = try S3Endpoint(url: server.endpoint, region: "us-east-1")
            .address(bucket: "latest", key: "meta-data/iam/security-credentials/")
        #expect(address.path == "/latest/meta-data/iam/security-credentials/")
        let bare = HTTPRequestData(
            method: "GET", address: address, headers: [HTTPHeader(name: "Host", value: address.hostHeader)])
        let status = try? await transport.send(bare).status
        await transport.shutdown()
        #expect(status == 401)
    }

    @Test func noInstanceMetadataAnswerMeansNoCredentials() async throws {
        // Nothing listens on the port: as the chain's last resort, that is
        // "no credentials", naming everything that was looked at.
        let port = try Loopback.freePort()
        var env = try baseEnvironment(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(port)"])
        env["AWS_EC2_METADATA_DISABLED"] = nil
        let message = await fetchError(env)
        #expect(message.contains("no AWS credentials found for profile default"), "\(message)")
        #expect(message.contains("instance metadata at http://127.0.0.1:\(port)"), "\(message)")
    }

    // MARK: refresh

    @Test func temporaryCredentialsAreFetchedAgainBeforeTheyExpire() async throws {
        // Each run of the process hands out new keys that expire at a fixed
        // time; the clock is the test's.
        let counter = home.path + "/count"
        let tool = try script("rotating", """
            n=$(cat '\(counter)' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '\(counter)'
            printf '{"Version": 1, "AccessKeyId": "ASIAROT%s", "SecretAccessKey": "s%s", "SessionToken": "t%s", "Expiration": "2030-01-01T01:00:00Z"}' $n $n $n
            """)
        let env = try baseEnvironment(config: "[default]\ncredential_process = \(tool)\n")
        let plan = try CredentialResolver(environment: env).plan(region: "us-east-1")
        let transport = AsyncHTTPTransport()
        let provider = RefreshingCredentials(plan: plan, fetcher: CredentialFetcher(transport: transport, environment: env))
        let expiry = try #require(ISO8601DateFormatter().date(from: "2030-01-01T01:00:00Z"))
        let first = try await provider.credentials(now: expiry.addingTimeInterval(-3600))
        let stillGood = try await provider.credentials(now: expiry.addingTimeInterval(-301))
        let refreshed = try await provider.credentials(now: expiry.addingTimeInterval(-299))
        let count = await provider.fetchCount
        var pastExpiry = ""
        do {
            _ = try await provider.credentials(now: expiry.addingTimeInterval(10))
        } catch {
            pastExpiry = error.description
        }
        await transport.shutdown()
        #expect(first.accessKeyID == "ASIAROT1")
        #expect(stillGood.accessKeyID == "ASIAROT1")
        #expect(refreshed.accessKeyID == "ASIAROT2")
        #expect(count == 2)
        #expect(pastExpiry.contains("expired at 2030-01-01T01:00:00Z"), "\(pastExpiry)")
        #expect(!pastExpiry.contains("s3") && !pastExpiry.contains("t3"))
    }

    @Test func anS3ClientAsksItsProviderBeforeEveryRequest() async throws {
        // An hour-long publish: the clock moves past the first keys' refresh
        // point between two requests, and the second is signed with new keys.
        let moto = try MotoServer.shared()
        let counter = home.path + "/count"
        let tool = try script("moto-keys", """
            n=$(cat '\(counter)' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '\(counter)'
            printf '{"Version": 1, "AccessKeyId": "\(moto.accessKeyID)", "SecretAccessKey": "\(moto.secretAccessKey)", "Expiration": "2030-01-01T01:00:00Z"}'
            """)
        let env = try baseEnvironment(config: "[default]\ncredential_process = \(tool)\n")
        let plan = try CredentialResolver(environment: env).plan(region: "us-east-1")
        let transport = AsyncHTTPTransport()
        let provider = RefreshingCredentials(plan: plan, fetcher: CredentialFetcher(transport: transport, environment: env))
        let clock = TestClock(try #require(ISO8601DateFormatter().date(from: "2030-01-01T00:00:00Z")))
        // The signing date must be near moto's real time, so only the
        // provider's clock is the test's.
        let client = S3Client(
            endpoint: try S3Endpoint(url: moto.endpoint, region: moto.region),
            credentialProvider: ClockedProvider(inner: provider, clock: clock), transport: transport, retryPolicy: .none)
        let bucket = MotoServer.uniqueBucket("refresh")
        try moto.createBucket(bucket)
        let first = try? await client.headObject(bucket: bucket, key: "absent")
        clock.advance(by: 3600 - 200)
        let second = try? await client.headObject(bucket: bucket, key: "absent")
        let count = await provider.fetchCount
        await transport.shutdown()
        #expect(first == .some(nil))
        #expect(second == .some(nil))
        #expect(count == 2)
    }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current.addTimeInterval(seconds) } }
}

/// Asks `inner` as of the test clock's time, whatever time the caller passes.
struct ClockedProvider: CredentialProviding {
    let inner: RefreshingCredentials
    let clock: TestClock
    func credentials(now: Date) async throws(CredentialError) -> AWSCredentials {
        try await inner.credentials(now: clock.now)
    }
}
