import ArgumentParser
import Foundation
import S3Publish
import TemplatePatch
import TemplateSyntax

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Upload a finished template to S3, checked by MD5.",
        discussion: """
            Uploads FILE to PREFIX/<file name>. With --release-version V, the file's version \
            (the targets of --name, e.g. the ChromaVersion default) must equal V, \
            else nothing is uploaded and the exit status is 3. When the destination's \
            last folder is 'latest', an immutable copy also goes to the sibling folder \
            V/ first; an existing V/ object with other bytes is never replaced (exit 3). \
            An object that already holds the same bytes (same MD5) is not uploaded again.

            Before anything is sent, the file must be a CloudFormation template \
            (JSON or YAML with a top-level Resources mapping) of at most 1,048,576 \
            bytes (CloudFormation's limit for a template given by S3 URL); else exit 1.
            After the upload each object's URL is printed (standard output) with the \
            CloudFormation console's quick-create link for it (standard error, and in --json).

            Endpoint: --endpoint-url, else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the \
            profile's services section (s3 = endpoint_url = URL), the profile's \
            endpoint_url, AWS's endpoint for the region; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true \
            or ignore_configured_endpoint_urls = true skips all but --endpoint-url.

            Retries: S3's 500 InternalError, 503 SlowDown, 400 RequestTimeout, a reset \
            connection and a response cut short are sent again (up to --attempts), \
            and everything ends within --timeout seconds in all (default 300).

            Credentials, in the AWS CLI's order: the environment (AWS_ACCESS_KEY_ID, \
            AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; not with --profile); an assume-role \
            profile (role_arn with source_profile or credential_source); web identity \
            (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, or role_arn + web_identity_token_file); \
            an SSO profile (sso_session or sso_start_url, sso_account_id, sso_role_name; \
            after `aws sso login`); keys in ~/.aws/credentials; credential_process; keys \
            in ~/.aws/config; container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
            or _FULL_URI); the EC2 instance metadata service (unless \
            AWS_EC2_METADATA_DISABLED=true). The profile is --profile, AWS_PROFILE or \
            default; a named profile that does not exist is an error. Temporary \
            credentials are fetched again before they expire. --dry-run names the \
            provider and fetches nothing. Region: --region, AWS_REGION, AWS_DEFAULT_REGION, \
            the profile's region, us-east-1.

            Refused before anything is read or sent (exit 2): a missing or malformed \
            destination, a bucket name outside S3's naming rules, a --cache-control \
            with control characters, an --acl that is not a canned ACL. There is no \
            --version option here: 'tplpatch --version' prints tplpatch's own version.

            Example:
              tplpatch publish deployments/aws/chroma.cf.json s3://public.trychroma.com/cloudformation/latest/ --release-version 1.2.3
            """)

    @Argument(help: "The file to upload.")
    var file: String

    @Argument(help: ArgumentHelp("The destination folder.", valueName: "s3://BUCKET/PREFIX/"))
    var destination: String

    @Option(help: ArgumentHelp(
        "The release: the file must hold it, and a 'latest' destination also gets a V/ copy.", valueName: "V"))
    var releaseVersion: String?

    @Option(help: "The variable whose value --release-version checks.")
    var name: String = "chroma_version"

    @OptionGroup var format: FormatOption

    @OptionGroup var fileSize: FileSizeOption

    @Option(help: ArgumentHelp("An S3-compatible endpoint (path-style addressing).", valueName: "url"))
    var endpointURL: String?

    @Option(help: "The region to sign for.")
    var region: String?

    @Option(help: "The credentials profile.")
    var profile: String?

    @Option(help: "Cache-Control of the uploads.")
    var cacheControl: String?

    @Option(help: ArgumentHelp("A canned ACL (x-amz-acl): \(CannedACL.names).", valueName: "acl"))
    var acl: String?

    @Option(help: ArgumentHelp(
        "Seconds the whole publish may take, every attempt and wait included (each attempt: at most 10 s to connect, 30 s between bytes).",
        valueName: "seconds"))
    var timeout: Double = 300

    @Option(help: "Attempts per request, the first included, on 5xx, SlowDown, RequestTimeout, resets and cut-short responses.")
    var attempts: Int = 4

    @Flag(help: "Print each request it would make (secrets redacted); send nothing.")
    var dryRun = false

    @Flag(help: "Print one JSON document (schema 1) on standard output.")
    var json = false

    @OptionGroup var quiet: QuietOption

    func validate() throws {
        try quiet.refuse(with: "--json", given: json)
        guard timeout >= 0.001, timeout <= 86400 else { throw ValidationError("--timeout must be between 0.001 and 86400 seconds") }
        guard (1...10).contains(attempts) else { throw ValidationError("--attempts must be between 1 and 10") }
        if let releaseVersion, releaseVersion.isEmpty { throw ValidationError("--release-version must not be empty") }
        // Every usage error is found here, before the file is read or a
        // request is made, so a typo never costs a partial publish.
        if destination.isEmpty {
            throw ValidationError("the destination is empty: expected s3://BUCKET/PREFIX/")
        }
        let location: S3Location
        do {
            location = try S3Location(parsing: destination)
        } catch {
            throw ValidationError(error.description)
        }
        if let releaseVersion, location.lastFolder == PublishPlan.latestFolder,
           let reason = PublishPlan.problem(withVersionFolder: releaseVersion)
        {
            throw ValidationError(PublishError.invalidVersion(releaseVersion, reason: reason).description)
        }
        if let cacheControl, let reason = HTTPHeader.problem(withValue: cacheControl) {
            throw ValidationError("--cache-control cannot be sent as a header: \(reason)")
        }
        if let acl, let reason = CannedACL.problem(with: acl) {
            throw ValidationError("--acl: \(reason)")
        }
    }

    /// Why the command line misuses `--version`, when it names `publish`
    /// and has `--version` anywhere after it; nil otherwise. The option
    /// was once publish's release; now that it is `--release-version`, the root
    /// command's built-in `--version` would answer it, print tplpatch's
    /// version and exit 0 having uploaded nothing, which a release script
    /// with an empty `$DEST` would take for success. ArgumentParser looks
    /// for its built-in flags before a subcommand can object, so this runs
    /// on the raw arguments, before parsing.
    static func versionOptionMisuse(in arguments: some Sequence<String>) -> String? {
        var arguments = arguments.makeIterator()
        guard arguments.next() == "publish" else { return nil }
        while let argument = arguments.next(), argument != "--" {
            if argument == "--version" || argument.hasPrefix("--version=") {
                return "publish has no --version option: name the release with --release-version V "
                    + "(the file must hold V); 'tplpatch --version' alone prints tplpatch's version"
            }
        }
        return nil
    }

    func run() async throws {
        // The deadline counts from the start: everything the command does
        // after parsing its arguments is inside --timeout.
        let deadline = Deadline(after: .milliseconds(Int((timeout * 1000).rounded())))
        let environment = ProcessInfo.processInfo.environment
        let location: S3Location
        let endpoint: S3Endpoint
        let signingRegion: String
        let resolver = CredentialResolver(environment: environment)
        do {
            location = try S3Location(parsing: destination)
        } catch {
            throw ValidationError(error.description)
        }
        do {
            let region = try resolver.region(explicit: region, profile: profile)
            signingRegion = region
            endpoint = try EndpointResolver(environment: environment).s3Endpoint(
                region: region, profile: profile, explicit: endpointURL)
        } catch let error as EndpointResolver.ResolutionError {
            // A bad --region or --endpoint-url is a usage error; a bad region
            // or endpoint from the environment or a profile is bad input (exit 1).
            if case .invalidURL(_, source: .explicit, reason: _) = error { throw ValidationError(error.description) }
            if case .invalidRegion = error, self.region != nil { throw ValidationError(error.description) }
            throw fail(error.description)
        } catch {
            throw fail(String(describing: error))
        }

        // The version check comes first: a mismatch uploads nothing. Then
        // the file must be a template CloudFormation takes from S3.
        let body: [UInt8]
        do {
            let loaded: (format: Format, document: any TemplateDocument)
            if let releaseVersion {
                let checked = try Planner(maxFileSize: fileSize.bytes).verify(name, inFile: file, holds: releaseVersion, format: format.resolved)
                for entry in checked.entries where !quiet.quiet {
                    Output.error("\(Output.describe(entry)) = --release-version")
                }
                // The bytes the version check read, parsed again (not read again).
                do {
                    loaded = (checked.format, try checked.format.document(checked.original))
                } catch {
                    throw PatchError([Diagnostic(error, in: checked.original)])
                }
            } else {
                loaded = try Planner.load(file, format: format.resolved, maxFileSize: fileSize.bytes)
            }
            try CloudFormationTemplate.check(loaded.document, format: loaded.format, path: file)
            body = loaded.document.source.bytes
        } catch let failure as PatchError {
            throw Output.fail(failure, json: json)
        } catch {
            throw fail(String(describing: error))
        }

        let plan: PublishPlan
        do {
            let fileName = URL(fileURLWithPath: file).lastPathComponent
            plan = try PublishPlan(
                fileName: fileName, body: body, destination: location, version: releaseVersion,
                cacheControl: cacheControl, acl: acl)
        } catch {
            throw ValidationError(error.description)
        }

        if dryRun {
            try printDryRun(plan, endpoint: endpoint, resolver: resolver, region: signingRegion)
            return
        }

        // Which provider gives the credentials is decided now (a bad profile
        // fails before anything is sent); they are fetched with the first
        // request and fetched again before they expire.
        let credentialPlan: CredentialPlan
        do {
            credentialPlan = try resolver.plan(profile: profile, region: signingRegion)
        } catch {
            throw fail(error.description)
        }
        let transport = AsyncHTTPTransport(timeouts: HTTPTimeouts(connect: .seconds(10), read: .seconds(30)))
        let credentials = RefreshingCredentials(
            plan: credentialPlan,
            fetcher: CredentialFetcher(transport: transport, deadline: deadline, environment: environment))
        let publisher = Publisher(client: S3Client(
            endpoint: endpoint, credentialProvider: credentials, transport: transport,
            retryPolicy: RetryPolicy(maxAttempts: attempts), deadline: deadline))
        let result: Result<[PublishedObject], PublishError>
        do {
            result = .success(try await publisher.publish(plan) { [quiet = quiet.quiet] object in
                guard !quiet else { return }
                switch object.outcome {
                case .uploaded:
                    Output.error("uploaded s3://\(object.target.bucket)/\(object.target.key) (md5 \(object.md5Hex))")
                case .unchanged:
                    Output.error("skipped s3://\(object.target.bucket)/\(object.target.key): it already has these bytes (md5 \(object.md5Hex))")
                }
                Output.error("  quick-create: \(object.quickCreateURL)")
            })
        } catch {
            result = .failure(error)
        }
        await transport.shutdown()
        switch result {
        case .success(let objects):
            if json {
                Output.json(PublishJSON(dryRun: false, endpoint: endpoint, objects: objects.map(PublishedObjectJSON.init)))
            } else if !quiet.quiet {
                for object in objects { Output.line(object.url) }
            }
        case .failure(let error):
            let status: Int32
            if case .immutableObjectDiffers = error { status = 3 } else { status = 1 }
            throw fail(error.description, status: status)
        }
    }

    /// Reports `message` as an error (also as JSON with `--json`); the exit status to throw.
    private func fail(_ message: String, status: Int32 = 1) -> ExitCode {
        Output.fail(PatchError([Diagnostic(.error, message)], exitCode: status), json: json)
    }

    /// A dry run resolves which provider gives the credentials but fetches
    /// nothing: static keys sign the requests shown; for a provider that
    /// would call STS, SSO, a metadata endpoint or run a process, the
    /// requests are shown unsigned and the provider is named.
    private func printDryRun(_ plan: PublishPlan, endpoint: S3Endpoint, resolver: CredentialResolver, region: String) throws {
        var credentials: AWSCredentials?
        var provider: String?
        do {
            let credentialPlan = try resolver.plan(profile: profile, region: region)
            provider = credentialPlan.description
            if !quiet.quiet { Output.error("credentials: \(credentialPlan)") }
            credentials = credentialPlan.staticCredentials
            if credentials == nil, !quiet.quiet {
                Output.error("note: the requests are shown unsigned: a dry run does not fetch credentials from \(credentialPlan.providerName)")
            }
        } catch {
            if !quiet.quiet { Output.error("note: the requests are shown unsigned: \(error)") }
        }
        let requests: [HTTPRequestData]
        do {
            requests = try Publisher.plannedRequests(plan, endpoint: endpoint, credentials: credentials, at: Date())
        } catch {
            throw fail(error.description)
        }
        if json {
            let objects = plan.targets.map { target in
                PublishedObjectJSON(target: target, endpoint: endpoint, md5: plan.md5Hex)
            }
            var report = PublishJSON(dryRun: true, endpoint: endpoint, objects: objects)
            report.requests = requests.map(\.redactedDescription)
            report.credentials = provider
            Output.json(report)
        } else if !quiet.quiet {
            Output.line(requests.map(\.redactedDescription).joined(separator: "\n\n"))
        }
        if !quiet.quiet {
            Output.error("dry run: \(plan.targets.count) object(s), nothing sent; each PUT is followed by a HEAD that checks its ETag")
        }
    }
}

/// `publish --json`: a stable shape, versioned by `schema`.
struct PublishJSON: Encodable {
    var schema = 1
    var command = "publish"
    var dryRun: Bool
    /// The S3 endpoint requests go to (`https://s3.REGION.amazonaws.com` or the custom one).
    var endpoint: String
    var region: String
    var objects: [PublishedObjectJSON]
    /// With `--dry-run`: each request, secrets redacted.
    var requests: [String]?
    /// With `--dry-run`: the credential provider that would be used (no secrets), when one was found.
    var credentials: String?

    init(dryRun: Bool, endpoint: S3Endpoint, objects: [PublishedObjectJSON]) {
        self.dryRun = dryRun
        let port = endpoint.port.map { ":\($0)" } ?? ""
        self.endpoint = "\(endpoint.scheme)://\(endpoint.host)\(port)\(endpoint.basePath)"
        region = endpoint.region
        self.objects = objects
    }
}

struct PublishedObjectJSON: Encodable {
    var bucket: String
    var key: String
    var url: String
    var quickCreateURL: String
    var md5: String
    /// `uploaded`, `unchanged`; `planned` in a dry run.
    var outcome: String
    /// Whether this is a release's own copy, never replaced with other bytes.
    var immutable: Bool

    init(_ object: PublishedObject) {
        bucket = object.target.bucket
        key = object.target.key
        url = object.url
        quickCreateURL = object.quickCreateURL
        md5 = object.md5Hex
        outcome = object.outcome.rawValue
        immutable = object.target.isImmutable
    }

    init(target: PublishTarget, endpoint: S3Endpoint, md5: String) {
        bucket = target.bucket
        key = target.key
        url = endpoint.address(bucket: target.bucket, key: target.key).url
        quickCreateURL = CloudFormationLink.quickCreate(templateURL: url, region: endpoint.region)
        self.md5 = md5
        outcome = "planned"
        immutable = target.isImmutable
    }
}
