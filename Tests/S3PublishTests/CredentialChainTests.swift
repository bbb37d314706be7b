import Foundation
import S3Publish
import TestSupport
import Testing

/// The provider chain's order, one test per precedence rule (botocore's
/// order: environment, assume-role, web identity, SSO, credentials file,
/// credential_process, config file, container, instance metadata), and the
/// profile rules (missing profile, cycles). Only the plan is checked here:
/// nothing is fetched.
@Suite struct CredentialChainTests {
    let home: Scratch
    init() throws { home = try Scratch() }

    /// An environment over files of this test's own, with instance
    /// metadata off unless a test turns it on.
    func environment(credentials: String = "", config: String = "", _ extra: [String: String] = [:]) throws -> [String: String] {
        var env = [
            "HOME": home.path,
            "AWS_SHARED_CREDENTIALS_FILE": try home.write("creds", credentials),
            "AWS_CONFIG_FILE": try home.write("config", config),
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        for (key, value) in extra { env[key] = value }
        return env
    }

    func plan(_ env: [String: String], profile: String? = nil) throws -> CredentialPlan {
        try CredentialResolver(environment: env).plan(profile: profile, region: "us-east-1")
    }

    let envKeys = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-env"]
    static let roleProfile = """
        [default]
        role_arn = arn:aws:iam::123456789012:role/assumed
        source_profile = base

        [profile base]
        aws_access_key_id = AKIDBASE
        aws_secret_access_key = secret-base
        """

    @Test func environmentOutranksAssumeRole() throws {
        let env = try environment(config: Self.roleProfile, envKeys)
        #expect(try plan(env).providerName == "environment")
    }

    @Test func explicitProfileSkipsTheEnvironment() throws {
        let env = try environment(config: Self.roleProfile, envKeys)
        let result = try plan(env, profile: "base")
        #expect(result.providerName == "config-file")
        #expect(result.staticCredentials?.accessKeyID == "AKIDBASE")
    }

    @Test func assumeRoleOutranksWebIdentity() throws {
        let token = try home.write("token", "jwt")
        let env = try environment(config: Self.roleProfile, [
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web", "AWS_WEB_IDENTITY_TOKEN_FILE": token,
        ])
        guard case .assumeRole(let settings, let source) = try plan(env) else {
            Issue.record("expected assume-role")
            return
        }
        #expect(settings.roleARN == "arn:aws:iam::123456789012:role/assumed")
        #expect(settings.location == home.path + "/config:1")
        #expect(settings.stsEndpoint == "https://sts.us-east-1.amazonaws.com")
        #expect(source.staticCredentials?.accessKeyID == "AKIDBASE")
    }

    static let ssoProfile = """
        [default]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Publisher

        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1
        """

    @Test func webIdentityOutranksSSO() throws {
        let token = try home.write("token", "jwt")
        let env = try environment(config: Self.ssoProfile, [
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web", "AWS_WEB_IDENTITY_TOKEN_FILE": token,
            "AWS_ROLE_SESSION_NAME": "ci-run",
        ])
        guard case .webIdentity(let settings) = try plan(env) else {
            Issue.record("expected web identity")
            return
        }
        #expect(settings.roleARN == "arn:aws:iam::123456789012:role/web")
        #expect(settings.tokenFile == token)
        #expect(settings.sessionName == "ci-run")
        #expect(settings.origin == "AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE")
    }

    @Test func webIdentityVariablesAreIgnoredWithAnExplicitProfile() throws {
        let token = try home.write("token", "jwt")
        let env = try environment(config: Self.roleProfile, [
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web", "AWS_WEB_IDENTITY_TOKEN_FILE": token,
        ])
        #expect(try plan(env, profile: "base").providerName == "config-file")
    }

    @Test func webIdentityFromAProfile() throws {
        let token = try home.write("token", "jwt")
        let env = try environment(config: """
            [profile ci]
            role_arn = arn:aws:iam::123456789012:role/ci
            web_identity_token_file = \(token)
            role_session_name = from-profile
            """)
        guard case .webIdentity(let settings) = try plan(env, profile: "ci") else {
            Issue.record("expected web identity")
            return
        }
        #expect(settings.sessionName == "from-profile")
        #expect(settings.origin == "profile ci, \(home.path)/config:1")
    }

    @Test func ssoOutranksTheCredentialsFile() throws {
        let env = try environment(
            credentials: "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n", config: Self.ssoProfile)
        guard case .sso(let settings) = try plan(env) else {
            Issue.record("expected sso")
            return
        }
        #expect(settings.region == "eu-west-1")
        #expect(settings.startURL == "https://corp.awsapps.com/start")
        #expect(settings.portalEndpoint == "https://portal.sso.eu-west-1.amazonaws.com")
        // sha1("corp")
        #expect(settings.cacheFile == home.path + "/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
    }

    @Test func theCredentialsFileOutranksCredentialProcess() throws {
        let env = try environment(
            credentials: "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n",
            config: "[default]\ncredential_process = /bin/false\n")
        #expect(try plan(env).providerName == "shared-credentials-file")
    }

    @Test func credentialProcessOutranksConfigFileKeys() throws {
        let env = try environment(config: """
            [default]
            credential_process = "/opt/my tools/creds" --account 'a b' plain\\ word
            aws_access_key_id = AKIDCONFIG
            aws_secret_access_key = s
            """)
        guard case .process(let settings) = try plan(env) else {
            Issue.record("expected credential_process")
            return
        }
        #expect(settings.arguments == ["/opt/my tools/creds", "--account", "a b", "plain word"])
    }

    @Test func configFileKeysOutrankTheContainer() throws {
        let env = try environment(
            config: "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n",
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/creds"])
        #expect(try plan(env).providerName == "config-file")
    }

    @Test func theContainerOutranksInstanceMetadata() throws {
        var env = try environment(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"])
        env["AWS_EC2_METADATA_DISABLED"] = nil
        guard case .container(let settings) = try plan(env) else {
            Issue.record("expected container")
            return
        }
        #expect(settings.url == "http://169.254.170.2/v2/credentials/abc")
        let overridden = try CredentialResolver(environment: env, containerCredentialsHost: "http://127.0.0.1:9")
            .plan(region: "us-east-1")
        guard case .container(let local) = overridden else {
            Issue.record("expected container")
            return
        }
        #expect(local.url == "http://127.0.0.1:9/v2/credentials/abc")
    }

    @Test func instanceMetadataIsTheLastResort() throws {
        var env = try environment()
        env["AWS_EC2_METADATA_DISABLED"] = nil
        guard case .instanceMetadata(let settings) = try plan(env) else {
            Issue.record("expected instance metadata")
            return
        }
        #expect(settings.endpoint == "http://169.254.169.254")
        #expect(settings.isLastResort)
        env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:8/"
        guard case .instanceMetadata(let local) = try plan(env) else {
            Issue.record("expected instance metadata")
            return
        }
        #expect(local.endpoint == "http://127.0.0.1:8")
        env["AWS_EC2_METADATA_DISABLED"] = "TRUE"
        #expect(throws: CredentialError.self) { try plan(env) }
        do {
            _ = try plan(env)
        } catch {
            #expect(String(describing: error).contains("no AWS credentials found for profile default"))
            #expect(String(describing: error).contains("instance metadata (AWS_EC2_METADATA_DISABLED)"))
        }
    }

    @Test func aNamedProfileThatDoesNotExistIsAnErrorEvenWithEnvironmentKeys() throws {
        let env = try environment(config: Self.roleProfile, envKeys)
        let searched = [home.path + "/creds", home.path + "/config"]
        #expect(throws: CredentialError.profileNotFound(profile: "nope", searched: searched)) {
            try plan(env, profile: "nope")
        }
        var viaVariable = env
        viaVariable["AWS_PROFILE"] = "nope"
        #expect(throws: CredentialError.profileNotFound(profile: "nope", searched: searched)) {
            try plan(viaVariable)
        }
        // The default profile may be absent: the environment's keys are used.
        let bare = try environment(envKeys)
        #expect(try plan(bare).providerName == "environment")
    }

    @Test func aSourceProfileCycleIsRefused() throws {
        let env = try environment(config: """
            [profile a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = b

            [profile b]
            role_arn = arn:aws:iam::123456789012:role/b
            source_profile = c

            [profile c]
            role_arn = arn:aws:iam::123456789012:role/c
            source_profile = a
            """)
        #expect(throws: CredentialError.sourceProfileCycle(["a", "b", "c", "a"])) { try plan(env, profile: "a") }
        do {
            _ = try plan(env, profile: "a")
        } catch {
            #expect(String(describing: error) == "source_profile settings form a cycle: a -> b -> c -> a")
        }
    }

    @Test func chainedRolesAndSelfReference() throws {
        let env = try environment(
            credentials: "[self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = s\n",
            config: """
                [profile top]
                role_arn = arn:aws:iam::123456789012:role/top
                source_profile = middle
                external_id = ext-1
                duration_seconds = 1800

                [profile middle]
                role_arn = arn:aws:iam::123456789012:role/middle
                source_profile = base

                [profile base]
                aws_access_key_id = AKIDBASE
                aws_secret_access_key = secret-base

                [profile self]
                role_arn = arn:aws:iam::123456789012:role/self
                source_profile = self
                """)
        guard case .assumeRole(let top, .assumeRole(let middle, .staticKeys(let keys))) = try plan(env, profile: "top") else {
            Issue.record("expected a chain of two roles")
            return
        }
        #expect(top.externalID == "ext-1")
        #expect(top.durationSeconds == 1800)
        #expect(middle.roleARN.hasSuffix("role/middle"))
        #expect(keys.accessKeyID == "AKIDBASE")
        guard case .assumeRole(_, .staticKeys(let own)) = try plan(env, profile: "self") else {
            Issue.record("expected self-sourced role")
            return
        }
        #expect(own.accessKeyID == "AKIDSELF")
    }

    @Test func credentialSourceSettings() throws {
        let config = """
            [profile env]
            role_arn = arn:aws:iam::123456789012:role/r
            credential_source = Environment

            [profile imds]
            role_arn = arn:aws:iam::123456789012:role/r
            credential_source = Ec2InstanceMetadata

            [profile ecs]
            role_arn = arn:aws:iam::123456789012:role/r
            credential_source = EcsContainer

            [profile bad]
            role_arn = arn:aws:iam::123456789012:role/r
            credential_source = Laptop

            [profile both]
            role_arn = arn:aws:iam::123456789012:role/r
            credential_source = Environment
            source_profile = env

            [profile mfa]
            role_arn = arn:aws:iam::123456789012:role/r
            source_profile = env
            mfa_serial = arn:aws:iam::123456789012:mfa/me
            """
        var env = try environment(config: config, envKeys.merging(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:7/c"]) { $1 })
        env["AWS_EC2_METADATA_DISABLED"] = nil
        guard case .assumeRole(_, .staticKeys(let keys)) = try plan(env, profile: "env") else {
            Issue.record("expected Environment source")
            return
        }
        #expect(keys.accessKeyID == "AKIDENV")
        guard case .assumeRole(_, .instanceMetadata(let metadata)) = try plan(env, profile: "imds") else {
            Issue.record("expected Ec2InstanceMetadata source")
            return
        }
        #expect(!metadata.isLastResort)
        guard case .assumeRole(_, .container) = try plan(env, profile: "ecs") else {
            Issue.record("expected EcsContainer source")
            return
        }
        for (profile, phrase) in [
            ("bad", "credential_source = Laptop is not one of"), ("both", "source_profile and credential_source are both set"),
            ("mfa", "mfa_serial is set"),
        ] {
            do {
                _ = try plan(env, profile: profile)
                Issue.record("\(profile): expected an error")
            } catch {
                #expect(String(describing: error).contains(phrase), "\(error)")
                #expect(String(describing: error).contains("profile \(profile) (\(home.path)/config:"), "\(error)")
            }
        }
    }

    @Test func containerFullURIsMustBeHTTPSOrLocal() throws {
        for url in ["http://127.0.0.1:5/c", "http://localhost/c", "http://[::1]:5/c", "https://creds.example.com/c",
                    "http://169.254.170.23/v1/credentials"] {
            let env = try environment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": url])
            #expect(try plan(env).providerName == "container-role", "\(url)")
        }
        let env = try environment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://creds.example.com/c"])
        #expect(throws: CredentialError.self) { try plan(env) }
    }

    @Test func credentialProcessIsSplitLikeShlex() throws {
        let env = try environment(config: #"""
            [profile a]
            credential_process = tool "say \"hi\"" 'it''s' \$HOME "back\slash"
            """#)
        guard case .process(let settings) = try plan(env, profile: "a") else {
            Issue.record("expected credential_process")
            return
        }
        #expect(settings.arguments == ["tool", "say \"hi\"", "its", "$HOME", "back\\slash"])
        let unclosed = try environment(config: "[profile a]\ncredential_process = tool 'open\n")
        #expect(throws: CredentialError.self) { try plan(unclosed, profile: "a") }
    }
}
