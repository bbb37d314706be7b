import ArgumentParser
import Foundation
import S3Publish
import TemplatePatch

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

            Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, \
            else the profile (--profile, AWS_PROFILE, default) in ~/.aws/credentials, \
            then ~/.aws/config. Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the \
            profile's region, us-east-1.

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

    @Option(help: ArgumentHelp("Seconds to wait for a response (connecting: at most 10).", valueName: "seconds"))
    var timeout: Double = 30

    @Option(help: "Attempts per request, the first included, on 5xx, SlowDown and reset connections.")
    var attempts: Int = 4

    @Flag(help: "Print each request it would make (secrets redacted); send nothing.")
    var dryRun = false

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
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
        let location: S3Location
        let endpoint: S3Endpoint
        let resolver = CredentialResolver(environment: ProcessInfo.processInfo.environment)
        do {
            location = try S3Location(parsing: destination)
        } catch {
            throw ValidationError(error.description)
        }
        do {
            let region = try resolver.region(explicit: region, profile: profile)
            endpoint = try endpointURL.map { url throws(S3Error) in try S3Endpoint(url: url, region: region) }
                ?? S3Endpoint(region: region)
        } catch let error as S3Error {
            // A bad --region or --endpoint-url is a usage error; a bad region
            // from the environment or a profile is bad input (exit 1).
            if self.region != nil || endpointURL != nil { throw ValidationError(error.description) }
            Output.error("error: \(error.description)")
            throw ExitCode(1)
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(1)
        }

        // The version check comes first: a mismatch uploads nothing.
        let body: [UInt8]
        do {
            if let releaseVersion {
                let checked = try Planner(maxFileSize: fileSize.bytes).verify(name, inFile: file, holds: releaseVersion, format: format.resolved)
                for entry in checked.entries {
                    Output.error("\(Output.describe(entry)) = --release-version")
                }
                body = checked.original.bytes
            } else {
                body = try Planner.load(file, format: format.resolved, maxFileSize: fileSize.bytes).document.source.bytes
            }
        } catch {
            throw Output.fail(error, json: false)
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
            try printDryRun(plan, endpoint: endpoint, resolver: resolver)
            return
        }

        let credentials: AWSCredentials
        do {
            credentials = try resolver.credentials(profile: profile)
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(1)
        }
        let connect = min(10, timeout)
        let transport = AsyncHTTPTransport(
            timeouts: HTTPTimeouts(connect: .milliseconds(Int(connect * 1000)), read: .milliseconds(Int(timeout * 1000))))
        let publisher = Publisher(client: S3Client(
            endpoint: endpoint, credentials: credentials, transport: transport,
            retryPolicy: RetryPolicy(maxAttempts: attempts)))
        let result: Result<[PublishedObject], PublishError>
        do {
            result = .success(try await publisher.publish(plan) { object in
                switch object.outcome {
                case .uploaded:
                    Output.error("uploaded s3://\(object.target.bucket)/\(object.target.key) (md5 \(object.md5Hex))")
                case .unchanged:
                    Output.error("skipped s3://\(object.target.bucket)/\(object.target.key): it already has these bytes (md5 \(object.md5Hex))")
                }
            })
        } catch {
            result = .failure(error)
        }
        await transport.shutdown()
        switch result {
        case .success(let objects):
            for object in objects { Output.line(object.url) }
        case .failure(let error):
            Output.error("error: \(error)")
            if case .immutableObjectDiffers = error { throw ExitCode(3) }
            throw ExitCode(1)
        }
    }

    private func printDryRun(_ plan: PublishPlan, endpoint: S3Endpoint, resolver: CredentialResolver) throws {
        var credentials: AWSCredentials?
        do {
            credentials = try resolver.credentials(profile: profile)
        } catch {
            Output.error("note: the requests are shown unsigned: \(error)")
        }
        let requests: [HTTPRequestData]
        do {
            requests = try Publisher.plannedRequests(plan, endpoint: endpoint, credentials: credentials, at: Date())
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(1)
        }
        Output.line(requests.map(\.redactedDescription).joined(separator: "\n\n"))
        Output.error("dry run: \(plan.targets.count) object(s), nothing sent; each PUT is followed by a HEAD that checks its ETag")
    }
}
