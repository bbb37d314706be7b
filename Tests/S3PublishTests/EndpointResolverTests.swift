import Foundation
import S3Publish
import TestSupport
import Testing

/// Endpoint resolution in the order of the AWS SDKs and Tools Reference
/// Guide ("service-specific endpoints"), one test per rule, against a real
/// config file in a temporary directory and an environment passed as a
/// dictionary.
@Suite struct EndpointResolverTests {
    static let config = """
        [default]
        region = eu-west-1
        services = local
        endpoint_url = http://profile-global.test:4000

        [profile globalonly]
        endpoint_url = http://profile-global.test:4000

        [profile ignoring]
        services = local
        endpoint_url = http://profile-global.test:4000
        ignore_configured_endpoint_urls = TRUE

        [profile legacy]
        sts_regional_endpoints = legacy

        [profile bad]
        endpoint_url = ftp://nope.test

        [services local]
        s3 =
          endpoint_url = http://services-s3.test:9000
        sts =
          endpoint_url = http://services-sts.test:9001/base
        """

    let scratch: Scratch
    let configPath: String

    init() throws {
        scratch = try Scratch()
        configPath = try scratch.write("config", Self.config)
    }

    func resolver(_ extra: [String: String] = [:]) -> EndpointResolver {
        var environment = ["AWS_CONFIG_FILE": configPath, "HOME": scratch.path]
        for (key, value) in extra { environment[key] = value }
        return EndpointResolver(environment: environment)
    }

    let allSettings = [
        "AWS_ENDPOINT_URL_S3": "http://env-s3.test:1",
        "AWS_ENDPOINT_URL_STS": "http://env-sts.test:2",
        "AWS_ENDPOINT_URL": "http://env-global.test:3",
    ]

    @Test func anExplicitURLWinsOverEverything() throws {
        var environment = allSettings
        environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true"
        let resolved = try resolver(environment).endpoint(for: "s3", region: "us-east-1", explicit: "http://cli.test:8")
        #expect(resolved.url == "http://cli.test:8")
        #expect(resolved.source == .explicit)
        #expect(resolved.isCustom)
    }

    @Test func theServiceVariableWinsOverTheGlobalOne() throws {
        let s3 = try resolver(allSettings).endpoint(for: "s3", region: "us-east-1")
        #expect(s3.url == "http://env-s3.test:1")
        #expect(s3.source == .environment("AWS_ENDPOINT_URL_S3"))
        let sts = try resolver(allSettings).endpoint(for: "sts", region: "us-east-1")
        #expect(sts.url == "http://env-sts.test:2")
        #expect(sts.source == .environment("AWS_ENDPOINT_URL_STS"))
    }

    @Test func theGlobalVariableWinsOverTheConfigFile() throws {
        let resolved = try resolver(["AWS_ENDPOINT_URL": "http://env-global.test:3"]).endpoint(for: "s3", region: "us-east-1")
        #expect(resolved.url == "http://env-global.test:3")
        #expect(resolved.source == .environment("AWS_ENDPOINT_URL"))
    }

    @Test func theServicesSectionWinsOverTheProfilesEndpoint() throws {
        let s3 = try resolver().endpoint(for: "s3", region: "us-east-1")
        #expect(s3.url == "http://services-s3.test:9000")
        #expect(s3.source == .configFile(path: configPath, section: "services local", setting: "s3.endpoint_url"))
        let sts = try resolver().endpoint(for: "sts", region: "us-east-1")
        #expect(sts.url == "http://services-sts.test:9001/base")
    }

    @Test func theProfilesEndpointServesAServiceTheSectionDoesNotName() throws {
        // [services local] has no `iam`: the profile's own endpoint_url applies.
        let resolved = try resolver().endpoint(for: "iam", region: "us-east-1")
        #expect(resolved.url == "http://profile-global.test:4000")
        #expect(resolved.source == .configFile(path: configPath, section: "default", setting: "endpoint_url"))
        let global = try resolver().endpoint(for: "s3", region: "us-east-1", profile: "globalonly")
        #expect(global.url == "http://profile-global.test:4000")
    }

    @Test func withNothingConfiguredAWSsRegionalEndpointsAreUsed() throws {
        let s3 = try resolver().endpoint(for: "s3", region: "eu-central-1", profile: "legacy-free")
        #expect(s3.url == "https://s3.eu-central-1.amazonaws.com")
        #expect(!s3.isCustom)
        #expect(s3.source == .awsDefault)
        // STS is regional by default, us-east-1 included.
        #expect(try resolver().endpoint(for: "sts", region: "us-east-1", profile: "none").url == "https://sts.us-east-1.amazonaws.com")
        #expect(try resolver().endpoint(for: "sts", region: "cn-north-1", profile: "none").url == "https://sts.cn-north-1.amazonaws.com.cn")
    }

    @Test func legacySTSEndpointsAreTheGlobalOneForTheOldRegions() throws {
        #expect(try resolver().endpoint(for: "sts", region: "eu-west-1", profile: "legacy").url == "https://sts.amazonaws.com")
        // A region newer than the global endpoint stays regional.
        #expect(try resolver().endpoint(for: "sts", region: "af-south-1", profile: "legacy").url == "https://sts.af-south-1.amazonaws.com")
        let variable = resolver(["AWS_STS_REGIONAL_ENDPOINTS": "legacy"])
        #expect(try variable.endpoint(for: "sts", region: "us-east-1", profile: "none").url == "https://sts.amazonaws.com")
    }

    @Test func theIgnoreVariableSkipsEveryConfiguredEndpoint() throws {
        var environment = allSettings
        environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true"
        let resolved = try resolver(environment).endpoint(for: "s3", region: "us-east-1")
        #expect(resolved.url == "https://s3.us-east-1.amazonaws.com")
        #expect(resolved.source == .awsDefault)
    }

    @Test func theIgnoreSettingInTheProfileSkipsConfiguredEndpoints() throws {
        let resolved = try resolver(["AWS_ENDPOINT_URL_S3": "http://env-s3.test:1"]).endpoint(for: "s3", region: "us-east-1", profile: "ignoring")
        #expect(resolved.source == .awsDefault)
    }

    @Test func theIgnoreVariableSetToFalseOutranksTheProfile() throws {
        let resolved = try resolver(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false"]).endpoint(
            for: "s3", region: "us-east-1", profile: "ignoring")
        #expect(resolved.url == "http://services-s3.test:9000")
    }

    @Test func theProfileComesFromAWSProfile() throws {
        let resolved = try resolver(["AWS_PROFILE": "globalonly"]).endpoint(for: "s3", region: "us-east-1")
        #expect(resolved.url == "http://profile-global.test:4000")
    }

    @Test func aBadURLNamesWhereItCameFrom() throws {
        let fromFile = #expect(throws: EndpointResolver.ResolutionError.self) {
            _ = try resolver().endpoint(for: "s3", region: "us-east-1", profile: "bad")
        }
        #expect(fromFile?.description.contains("\(configPath) [profile bad] endpoint_url") == true, "\(String(describing: fromFile))")
        let fromVariable = #expect(throws: EndpointResolver.ResolutionError.self) {
            _ = try resolver(["AWS_ENDPOINT_URL_S3": "localhost:9000"]).endpoint(for: "s3", region: "us-east-1")
        }
        #expect(fromVariable?.description.contains("AWS_ENDPOINT_URL_S3") == true)
        // A password in the URL is never echoed.
        let withPassword = #expect(throws: EndpointResolver.ResolutionError.self) {
            _ = try resolver(["AWS_ENDPOINT_URL": "https://user:hunter2@s3.test"]).endpoint(for: "s3", region: "us-east-1")
        }
        #expect(withPassword?.description.contains("hunter2") == false)
    }

    @Test func theS3EndpointIsPathStyleWhenCustom() throws {
        let custom = try resolver().s3Endpoint(region: "us-east-1")
        #expect(custom.isCustom)
        #expect(custom.address(bucket: "b-1", key: "k").url == "http://services-s3.test:9000/b-1/k")
        let aws = try resolver().s3Endpoint(region: "us-east-1", profile: "none")
        #expect(!aws.isCustom)
        #expect(aws.address(bucket: "b-1", key: "k").url == "https://b-1.s3.us-east-1.amazonaws.com/k")
    }

    @Test func serviceIdentifiersBecomeVariableAndKeyNames() {
        #expect(EndpointResolver.environmentVariable(for: "s3") == "AWS_ENDPOINT_URL_S3")
        #expect(EndpointResolver.environmentVariable(for: "sts") == "AWS_ENDPOINT_URL_STS")
        #expect(EndpointResolver.environmentVariable(for: "elastic beanstalk") == "AWS_ENDPOINT_URL_ELASTIC_BEANSTALK")
        #expect(EndpointResolver.configKey(for: "Elastic Beanstalk") == "elastic_beanstalk")
    }
}

/// The console link printed after an upload.
@Suite struct CloudFormationLinkTests {
    @Test func theTemplateURLIsPercentEncoded() {
        let link = CloudFormationLink.quickCreate(
            templateURL: "https://s3.us-east-1.amazonaws.com/public.trychroma.com/cloudformation/latest/chroma.cf.json",
            region: "us-east-1")
        #expect(link == "https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/quickcreate?templateURL="
            + "https%3A%2F%2Fs3.us-east-1.amazonaws.com%2Fpublic.trychroma.com%2Fcloudformation%2Flatest%2Fchroma.cf.json")
        // An already-encoded key is encoded once more: the console decodes once.
        let spaced = CloudFormationLink.quickCreate(templateURL: "https://b.s3.amazonaws.com/a%20b&c", region: "eu-west-1")
        #expect(spaced.hasSuffix("templateURL=https%3A%2F%2Fb.s3.amazonaws.com%2Fa%2520b%26c"))
        #expect(spaced.contains("?region=eu-west-1#"))
    }
}
