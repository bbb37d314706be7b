import Foundation
import TestSupport
import Testing

/// Each credential provider end to end through `tplpatch publish`: the
/// built executable fetches credentials from a real server (moto's STS, the
/// loopback container / IMDSv2 / SSO portal servers) or a real
/// `credential_process` script and uploads to moto_server with signature
/// checking on, except for web identity, whose STS call moto can only
/// answer with checking off. Every run is made with `--json` once and
/// checked byte for byte for secrets; `--dry-run` names the provider.
@Suite struct PublishCredentialsCLITests {
    let moto: MotoServer
    let scratch: Scratch
    let template: String

    init() throws {
        moto = try MotoServer.shared()
        scratch = try Scratch()
        template = try scratch.write("t.cf.json", #"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"# + "\n")
    }

    /// Publishes the template to a new bucket on `server` with the test's
    /// environment (no keys unless `extra` gives them); returns the runs
    /// (plain and `--json`, and `--dry-run --json`) and the bucket.
    func publish(
        on server: MotoServer, _ extra: [String: String], arguments: [String] = []
    ) throws -> (plain: CLI.Result, json: CLI.Result, dryRun: CLI.Result, bucket: String) {
        let bucket = MotoServer.uniqueBucket("creds")
        try server.createBucket(bucket)
        var env = server.environmentWithoutKeys(home: scratch.path)
        for (key, value) in extra { env[key] = value }
        let common = [template, "s3://\(bucket)/cf/"] + arguments + ["--endpoint-url", server.endpoint]
        let plain = try CLI.run(["publish"] + common, in: scratch.path, environment: env)
        let json = try CLI.run(["publish"] + common + ["--json"], in: scratch.path, environment: env)
        let dryRun = try CLI.run(["publish"] + common + ["--json", "--dry-run"], in: scratch.path, environment: env)
        return (plain, json, dryRun, bucket)
    }

    func expectUploaded(
        _ runs: (plain: CLI.Result, json: CLI.Result, dryRun: CLI.Result, bucket: String), on server: MotoServer,
        provider: String, hidden secrets: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(runs.plain.status == 0, "\(runs.plain.stderr)", sourceLocation: sourceLocation)
        #expect(runs.plain.stdout == "\(server.endpoint)/\(runs.bucket)/cf/t.cf.json\n", sourceLocation: sourceLocation)
        #expect(runs.json.status == 0, "\(runs.json.stderr)", sourceLocation: sourceLocation)
        #expect(runs.json.stdout.contains("\"outcome\" : \"unchanged\"") || runs.json.stdout.contains("\"outcome\":\"unchanged\""),
                "\(runs.json.stdout)", sourceLocation: sourceLocation)
        #expect(runs.dryRun.status == 0, "\(runs.dryRun.stderr)", sourceLocation: sourceLocation)
        #expect(runs.dryRun.stderr.contains("credentials: \(provider)"), "\(runs.dryRun.stderr)", sourceLocation: sourceLocation)
        #expect(runs.dryRun.stdout.contains("\"credentials\""), "\(runs.dryRun.stdout)", sourceLocation: sourceLocation)
        #expect(try server.object(runs.bucket, "cf/t.cf.json") == Corpora.bytes(URL(fileURLWithPath: template)),
                sourceLocation: sourceLocation)
        let everything = [runs.plain, runs.json, runs.dryRun].map { $0.stdout + $0.stderr }.joined()
        for secret in secrets where !secret.isEmpty {
            #expect(!everything.contains(secret), "a secret appears in the output", sourceLocation: sourceLocation)
        }
    }

    @Test func environmentKeysWithASessionToken() throws {
        // Temporary keys from moto's STS in the AWS_* variables: moto checks
        // the signed X-Amz-Security-Token.
        let keys = try moto.assumeRole(sessionName: "env-run")
        let runs = try publish(on: moto, [
            "AWS_ACCESS_KEY_ID": keys.accessKeyID, "AWS_SECRET_ACCESS_KEY": keys.secretAccessKey,
            "AWS_SESSION_TOKEN": keys.sessionToken,
        ])
        try expectUploaded(runs, on: moto, provider: "environment", hidden: [keys.secretAccessKey, keys.sessionToken])
    }

    @Test func anAssumeRoleProfile() throws {
        _ = try scratch.write("aws/credentials", "[base]\naws_access_key_id = \(moto.accessKeyID)\naws_secret_access_key = \(moto.secretAccessKey)\n")
        _ = try scratch.write("aws/config", "[profile deploy]\nrole_arn = \(moto.roleARN)\nsource_profile = base\nexternal_id = release\n")
        let runs = try publish(on: moto, [
            "AWS_SHARED_CREDENTIALS_FILE": scratch.path + "/aws/credentials", "AWS_CONFIG_FILE": scratch.path + "/aws/config",
            "AWS_ENDPOINT_URL_STS": moto.endpoint,
        ], arguments: ["--profile", "deploy"])
        try expectUploaded(runs, on: moto, provider: "assume-role: \(moto.roleARN) (profile deploy, \(scratch.path)/aws/config:1)",
                           hidden: [moto.secretAccessKey])
        #expect(runs.dryRun.stderr.contains("a dry run does not fetch credentials from assume-role"), "\(runs.dryRun.stderr)")
    }

    @Test func webIdentityFromTheEnvironment() throws {
        let unchecked = try MotoServer.unchecked()
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJzdHMuYW1hem9uYXdzLmNvbSJ9.WEBidentitySIGNATURE"
        let tokenFile = try scratch.write("oidc-token", jwt)
        let runs = try publish(on: unchecked, [
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/github-release", "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
            "AWS_ROLE_SESSION_NAME": "gha-1", "AWS_ENDPOINT_URL_STS": unchecked.endpoint,
        ])
        try expectUploaded(
            runs, on: unchecked,
            provider: "assume-role-with-web-identity: arn:aws:iam::123456789012:role/github-release (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE)",
            hidden: [jwt])
    }

    @Test func anSSOProfile() throws {
        let keys = try moto.assumeRole(sessionName: "sso-run")
        let bearer = "sso-cached-bearer-token-42"
        let portal = try CredentialEndpoints(
            credentials: .init(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey,
                               sessionToken: keys.sessionToken, expiration: keys.expiration),
            ssoBearer: bearer, ssoAccount: "111122223333", ssoRole: "Release")
        let cacheName = try runPython("import hashlib; print(hashlib.sha1(b'corp').hexdigest())")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try scratch.write(".aws/sso/cache/\(cacheName).json", #"{"accessToken": "\#(bearer)", "expiresAt": "2099-01-01T00:00:00Z"}"#)
        _ = try scratch.write("aws/config", """
            [profile release]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Release

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            """)
        let runs = try publish(on: moto, [
            "AWS_CONFIG_FILE": scratch.path + "/aws/config", "AWS_PROFILE": "release", "AWS_ENDPOINT_URL_SSO": portal.endpoint,
        ])
        try expectUploaded(runs, on: moto, provider: "sso: account 111122223333 role Release (profile release, \(scratch.path)/aws/config:1)",
                           hidden: [bearer, keys.secretAccessKey, keys.sessionToken])
    }

    @Test func aCredentialProcess() throws {
        let keys = try moto.assumeRole(sessionName: "process-run")
        let tool = try scratch.write("bin/creds", """
            #!/bin/sh
            printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "SessionToken": "%s", "Expiration": "%s"}' \
              '\(keys.accessKeyID)' '\(keys.secretAccessKey)' '\(keys.sessionToken)' '\(keys.expiration)'

            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool)
        _ = try scratch.write("aws/config", "[default]\ncredential_process = \(tool) --role release\n")
        let runs = try publish(on: moto, ["AWS_CONFIG_FILE": scratch.path + "/aws/config"])
        try expectUploaded(runs, on: moto, provider: "custom-process: credential_process (profile default, \(scratch.path)/aws/config:1)",
                           hidden: [keys.secretAccessKey, keys.sessionToken])
    }

    @Test func aFailingCredentialProcessShowsNoneOfItsOutput() throws {
        let leaked = "PROCESSsecretPROCESSsecret99"
        let tool = try scratch.write("bin/fails", "#!/bin/sh\necho '\(leaked)'\necho 'stderr \(leaked)' >&2\nexit 4\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool)
        _ = try scratch.write("aws/config", "[default]\ncredential_process = \(tool)\n")
        var env = moto.environmentWithoutKeys(home: scratch.path)
        env["AWS_CONFIG_FILE"] = scratch.path + "/aws/config"
        for extra in [[], ["--json"]] {
            let result = try CLI.run(
                ["publish", template, "s3://\(MotoServer.uniqueBucket("x"))/cf/", "--endpoint-url", moto.endpoint] + extra,
                in: scratch.path, environment: env)
            #expect(result.status == 1, "\(result.stderr)")
            let output = result.stdout + result.stderr
            #expect(output.contains("it exited with status 4 (its output is not shown"), "\(output)")
            #expect(!output.contains(leaked))
        }
    }

    @Test func containerCredentials() throws {
        let keys = try moto.assumeRole(sessionName: "container-run")
        let authorization = "container-authorization-token-5150"
        let server = try CredentialEndpoints(
            credentials: .init(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey,
                               sessionToken: keys.sessionToken, expiration: keys.expiration),
            containerPath: "/v1/credentials", containerToken: authorization)
        let runs = try publish(on: moto, [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": authorization,
        ])
        try expectUploaded(runs, on: moto, provider: "container-role: \(server.endpoint)/v1/credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI)",
                           hidden: [authorization, keys.secretAccessKey, keys.sessionToken])
    }

    @Test func instanceMetadata() throws {
        let keys = try moto.assumeRole(sessionName: "imds-run")
        let server = try CredentialEndpoints(
            credentials: .init(accessKeyID: keys.accessKeyID, secretAccessKey: keys.secretAccessKey,
                               sessionToken: keys.sessionToken, expiration: keys.expiration))
        let runs = try publish(on: moto, [
            "AWS_EC2_METADATA_DISABLED": "", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint,
            "AWS_METADATA_SERVICE_TIMEOUT": "30",
        ])
        try expectUploaded(runs, on: moto, provider: "iam-role: instance metadata at \(server.endpoint)",
                           hidden: [keys.secretAccessKey, keys.sessionToken])
        #expect(server.requests().contains("PUT /latest/api/token 200"))
    }

    @Test func aMissingNamedProfileIsAnErrorEvenWithEnvironmentKeys() throws {
        var env = moto.environment(home: scratch.path)
        env["AWS_PROFILE"] = "nope"
        let result = try CLI.run(
            ["publish", template, "s3://\(MotoServer.uniqueBucket("np"))/cf/", "--endpoint-url", moto.endpoint],
            in: scratch.path, environment: env)
        #expect(result.status == 1)
        #expect(result.stderr.contains("profile nope not found"), "\(result.stderr)")
        #expect(!result.stderr.contains(moto.secretAccessKey))
        let explicit = try CLI.run(
            ["publish", template, "s3://\(MotoServer.uniqueBucket("np"))/cf/", "--endpoint-url", moto.endpoint, "--profile", "gone"],
            in: scratch.path, environment: moto.environment(home: scratch.path))
        #expect(explicit.status == 1)
        #expect(explicit.stderr.contains("profile gone not found"), "\(explicit.stderr)")
    }
}
