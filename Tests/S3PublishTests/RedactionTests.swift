import Foundation
import S3Publish
import TestSupport
import Testing

/// The secret access key and the session token appear in no description,
/// debug description, dump, or error message.
@Suite struct RedactionTests {
    static let secret = "SECRETwJalrXUtnFEMIK7MDENGbPxRfiCY"
    static let token = "TOKENAQoDYXdzEPT2wEXAMPLEtc764bNrC9"

    /// Every way Swift turns a value into text.
    func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return ["\(value)", String(describing: value), String(reflecting: value), dumped]
    }

    func expectNoSecrets(_ texts: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            #expect(!text.contains(Self.secret), "\(what) shows the secret: \(text)", sourceLocation: sourceLocation)
            #expect(!text.contains(Self.token), "\(what) shows the token: \(text)", sourceLocation: sourceLocation)
            // Keys are lowercased when parsed, so a secret mistaken for a key must not leak that way either.
            #expect(!text.lowercased().contains(Self.secret.lowercased()), "\(what) shows the secret: \(text)",
                    sourceLocation: sourceLocation)
            #expect(!text.lowercased().contains(Self.token.lowercased()), "\(what) shows the token: \(text)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func credentialsAreRedacted() {
        let credentials = AWSCredentials(accessKeyID: "AKIDREDACT", secretAccessKey: Self.secret, sessionToken: Self.token)
        expectNoSecrets(renderings(credentials), "AWSCredentials")
        expectNoSecrets(renderings([credentials]), "[AWSCredentials]")
        expectNoSecrets(renderings(Optional(credentials) as Any), "AWSCredentials?")
        #expect(credentials.description.contains("AKIDREDACT"))
        #expect(credentials.description.contains("<redacted>"))
    }

    @Test func signerIsRedacted() {
        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKIDREDACT", secretAccessKey: Self.secret, sessionToken: Self.token),
            region: "us-east-1", service: "s3", pathRules: .s3)
        expectNoSecrets(renderings(signer), "SigV4Signer")
    }

    @Test func resolverAndFilesAreRedacted() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let path = try dir.write("creds", """
            [default]
            aws_access_key_id = AKIDREDACT
            aws_secret_access_key = \(Self.secret)
            aws_session_token = \(Self.token)
            """)
        let env = ["AWS_SHARED_CREDENTIALS_FILE": path, "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": Self.token]
        let resolver = CredentialResolver(environment: env)
        expectNoSecrets(renderings(resolver), "CredentialResolver")
        let file = try #require(try SharedConfigFile.load(path: path))
        expectNoSecrets(renderings(file), "SharedConfigFile")
        expectNoSecrets(renderings(file.sections), "SharedConfigFile.Section")
        let credentials = try resolver.credentials()
        #expect(credentials.secretAccessKey == Self.secret)
        expectNoSecrets(renderings(credentials), "resolved AWSCredentials")
    }

    @Test func errorsNeverQuoteSecrets() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        // A secret on a malformed line, in a duplicated key, in a bad section header.
        let malformed = [
            "[default]\naws_access_key_id = AKID\naws_secret_access_key \(Self.secret)\n",
            "[default]\naws_secret_access_key = \(Self.secret)\naws_secret_access_key = \(Self.token)\n",
            "[default\(Self.secret)\n",
            "\(Self.secret)\n",
            "  \(Self.token) = x\n",
            "[default]\naws_access_key_id = AKID\n\(Self.secret): x\n\(Self.secret): y\n",
            "[default]\naws_secret_access_key = \(Self.secret)\n",
            "[default]\naws_access_key_id = AKID\naws_session_token = \(Self.token)\n",
        ]
        var messages: [String] = []
        for (index, text) in malformed.enumerated() {
            let path = try dir.write("creds\(index)", text)
            let resolver = CredentialResolver(environment: ["AWS_SHARED_CREDENTIALS_FILE": path, "HOME": dir.path])
            do {
                _ = try resolver.credentials()
                Issue.record("case \(index) resolved credentials from a malformed file")
            } catch {
                messages += renderings(error) + [error.localizedDescription]
            }
            do {
                _ = try resolver.region()
            } catch {
                messages += renderings(error)
            }
        }
        let partialEnv = CredentialResolver(environment: ["AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_ACCESS_KEY_ID": ""])
        do { _ = try partialEnv.credentials() } catch { messages += renderings(error) }
        #expect(messages.count >= malformed.count)
        expectNoSecrets(messages, "error")
    }

    @Test func signerErrorsNeverQuoteSecrets() {
        var signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "", secretAccessKey: Self.secret, sessionToken: Self.token),
            region: "us-east-1", service: "s3", pathRules: .s3)
        var messages: [String] = []
        let request = SigV4Request(method: "GET", path: "/", headers: [HTTPHeader(name: "Host", value: "h")])
        do { _ = try signer.sign(request, date: Date()) } catch { messages += renderings(error) }
        signer.credentials.accessKeyID = "AKID"
        signer.region = ""
        do { _ = try signer.sign(request, date: Date()) } catch { messages += renderings(error) }
        #expect(messages.count == 8)
        expectNoSecrets(messages, "signer error")
    }
}
