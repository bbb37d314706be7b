import Foundation
import S3Publish
import TestSupport
import Testing

/// Credential and region resolution in the AWS CLI's order, against files in
/// a temporary directory and an environment passed as a dictionary.
@Suite struct CredentialResolverTests {
    static let credentialsFile = """
        [default]
        aws_access_key_id = AKIDDEFAULTFILE
        aws_secret_access_key = secret-default-file

        [release]
        aws_access_key_id = AKIDRELEASE
        aws_secret_access_key = secret-release
        aws_session_token = token-release

        [both]
        aws_access_key_id = AKIDBOTHCREDS
        aws_secret_access_key = secret-both-creds

        [half]
        aws_access_key_id = AKIDHALF

        [profile release]
        aws_access_key_id = AKIDLITERALNAME
        aws_secret_access_key = secret-literal
        """
    static let configFile = """
        [default]
        region = eu-west-1

        [profile release]
        region = ap-southeast-2
        aws_access_key_id = AKIDRELEASECONFIG
        aws_secret_access_key = secret-release-config

        [profile both]
        aws_access_key_id = AKIDBOTHCONFIG
        aws_secret_access_key = secret-both-config

        [profile configonly]
        aws_access_key_id = AKIDCONFIGONLY
        aws_secret_access_key = secret-config-only

        [profile assumer]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = default

        [sso-session corp]
        sso_region = us-east-1
        """

    /// Both files under a temporary HOME, and an environment naming it.
    func makeFiles() throws -> (Scratch, [String: String]) {
        let home = try Scratch()
        try home.write(".aws/credentials", Self.credentialsFile)
        try home.write(".aws/config", Self.configFile)
        return (home, ["HOME": home.path])
    }

    let envKeys = [
        "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret-env", "AWS_SESSION_TOKEN": "token-env",
    ]

    @Test func environmentComesFirst() throws {
        let (home, env) = try makeFiles()
        defer { home.remove() }
        let credentials = try CredentialResolver(environment: env.merging(envKeys) { $1 }).credentials()
        #expect(credentials == AWSCredentials(
            accessKeyID: "AKIDENV", secretAccessKey: "secret-env", sessionToken: "token-env", source: .environment))
    }

    @Test func awsProfileDoesNotOutrankEnvironmentCredentials() throws {
        let (home, baseEnv) = try makeFiles()
        defer { home.remove() }
        var env = baseEnv.merging(envKeys) { $1 }
        env["AWS_PROFILE"] = "release"
        #expect(try CredentialResolver(environment: env).credentials().accessKeyID == "AKIDENV")
    }

    @Test func explicitProfileOutranksEnvironmentCredentials() throws {
        // The CLI's order: command-line options, then environment variables.
        let (home, env) = try makeFiles()
        defer { home.remove() }
        let credentials = try CredentialResolver(environment: env.merging(envKeys) { $1 })
            .credentials(profile: "release")
        #expect(credentials.accessKeyID == "AKIDRELEASE")
        #expect(credentials.sessionToken == "token-release")
        #expect(credentials.source == .sharedCredentialsFile(path: home.path + "/.aws/credentials", profile: "release"))
    }

    @Test func defaultProfileFromCredentialsFile() throws {
        let (home, env) = try makeFiles()
        defer { home.remove() }
        let credentials = try CredentialResolver(environment: env).credentials()
        #expect(credentials.accessKeyID == "AKIDDEFAULTFILE")
        #expect(credentials.sessionToken == nil)
    }

    @Test func awsProfileSelectsTheProfile() throws {
        let (home, baseEnv) = try makeFiles()
        defer { home.remove() }
        var env = baseEnv
        env["AWS_PROFILE"] = "release"
        #expect(try CredentialResolver(environment: env).credentials().accessKeyID == "AKIDRELEASE")
        #expect(try CredentialResolver(environment: env).credentials(profile: "both").accessKeyID == "AKIDBOTHCREDS")
    }

    @Test func credentialsFileOutranksConfigFile() throws {
        let (home, env) = try makeFiles()
        defer { home.remove() }
        let resolver = CredentialResolver(environment: env)
        #expect(try resolver.credentials(profile: "both").accessKeyID == "AKIDBOTHCREDS")
        let configOnly = try resolver.credentials(profile: "configonly")
        #expect(configOnly.accessKeyID == "AKIDCONFIGONLY")
        #expect(configOnly.source == .configFile(path: home.path + "/.aws/config", profile: "configonly"))
    }

    @Test func sectionNamesFollowEachFilesConvention() throws {
        // `[profile release]` in the credentials file is a profile literally
        // called "profile release"; in the config file it is "release".
        let (home, env) = try makeFiles()
        defer { home.remove() }
        let resolver = CredentialResolver(environment: env)
        #expect(try resolver.credentials(profile: "profile release").accessKeyID == "AKIDLITERALNAME")
        #expect(throws: CredentialError.self) { try resolver.credentials(profile: "corp") }
    }

    @Test func filePathsComeFromTheEnvironment() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let creds = try dir.write("elsewhere/creds", "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = s\n")
        let config = try dir.write("elsewhere/conf", "[profile ci]\nregion = sa-east-1\n")
        let env = ["AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_CONFIG_FILE": config, "AWS_PROFILE": "ci"]
        let resolver = CredentialResolver(environment: env)
        #expect(resolver.credentialsFilePath == creds)
        #expect(try resolver.credentials().accessKeyID == "AKIDCI")
        #expect(try resolver.region() == "sa-east-1")
        let tilde = CredentialResolver(environment: ["HOME": "/home/u", "AWS_CONFIG_FILE": "~/cfg"])
        #expect(tilde.configFilePath == "/home/u/cfg")
        #expect(tilde.credentialsFilePath == "/home/u/.aws/credentials")
        #expect(CredentialResolver(environment: [:]).credentialsFilePath == nil)
    }

    @Test func regionOrder() throws {
        let (home, env) = try makeFiles()
        defer { home.remove() }
        func region(_ extra: [String: String], explicit: String? = nil, profile: String? = nil) throws -> String {
            try CredentialResolver(environment: env.merging(extra) { $1 }).region(explicit: explicit, profile: profile)
        }
        let both = ["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-west-1"]
        #expect(try region(both, explicit: "ca-central-1") == "ca-central-1")
        #expect(try region(both) == "us-west-2")
        #expect(try region(["AWS_DEFAULT_REGION": "us-west-1"], profile: "release") == "us-west-1")
        #expect(try region([:]) == "eu-west-1")
        #expect(try region([:], profile: "release") == "ap-southeast-2")
        #expect(try region(["AWS_PROFILE": "release"]) == "ap-southeast-2")
        #expect(try region(["AWS_REGION": ""], profile: "both") == "us-east-1")
        #expect(try CredentialResolver(environment: [:]).region() == "us-east-1")
    }

    @Test func failuresAreSpecific() throws {
        let (home, env) = try makeFiles()
        defer { home.remove() }
        let resolver = CredentialResolver(environment: env)
        #expect(throws: CredentialError.partialCredentials(
            source: home.path + "/.aws/credentials:14", present: "aws_access_key_id", missing: "aws_secret_access_key")) {
            try resolver.credentials(profile: "half")
        }
        // An assume-role profile needs STS: the static-keys helper says so.
        #expect(throws: CredentialError.requiresFetch(provider: "assume-role: arn:aws:iam::123456789012:role/x "
            + "(profile assumer, \(home.path)/.aws/config:17), signed with [shared-credentials-file: profile default in "
            + "\(home.path)/.aws/credentials]")) {
            try resolver.credentials(profile: "assumer")
        }
        #expect(throws: CredentialError.profileNotFound(
            profile: "nope", searched: [home.path + "/.aws/credentials", home.path + "/.aws/config"])) {
            try resolver.credentials(profile: "nope")
        }
        let partialEnv = env.merging(["AWS_ACCESS_KEY_ID": "AKIDENV"]) { $1 }
        #expect(throws: CredentialError.partialCredentials(
            source: "the environment", present: "AWS_ACCESS_KEY_ID", missing: "AWS_SECRET_ACCESS_KEY")) {
            try CredentialResolver(environment: partialEnv).credentials()
        }
        let empty = try Scratch()
        defer { empty.remove() }
        #expect(throws: CredentialError.noCredentials(profile: "default", searched: [
            "environment", empty.path + "/.aws/credentials (absent)", empty.path + "/.aws/config (absent)",
            "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI unset)",
        ])) {
            try CredentialResolver(environment: ["HOME": empty.path]).credentials()
        }
    }

    @Test func malformedFileErrorNamesFileAndLine() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let path = try dir.write("creds", "[default]\naws_access_key_id = AKID\nnot an assignment\n")
        #expect(throws: CredentialError.malformedFile(ConfigFileParseError(
            path: path, line: 3, message: "expected 'key = value', a [section] or a comment"))) {
            try CredentialResolver(environment: ["AWS_SHARED_CREDENTIALS_FILE": path]).credentials()
        }
        let directory = try dir.write("dir/placeholder", "")
        let dirPath = (directory as NSString).deletingLastPathComponent
        #expect(throws: CredentialError.unreadableFile(path: dirPath)) {
            try CredentialResolver(environment: ["AWS_SHARED_CREDENTIALS_FILE": dirPath]).credentials()
        }
    }
}

@Suite struct SharedFileParityTests {
    @Test func aRegionInTheCredentialsFileCountsAfterTheConfigFile() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let creds = try dir.write("creds", "[p] # release account\naws_access_key_id = AKIDP\naws_secret_access_key = s\nregion = eu-north-1\n")
        let config = try dir.write("conf", "[default]\nregion = us-west-2\n")
        let resolver = CredentialResolver(environment: ["AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_CONFIG_FILE": config])
        #expect(try resolver.region(profile: "p") == "eu-north-1")
        #expect(try resolver.credentials(profile: "p").accessKeyID == "AKIDP")
        #expect(try resolver.region() == "us-west-2")
    }
}
