import Foundation
import TemplatePatch
import TestSupport
import Testing

/// `CloudFormationTemplate.check`: what publish refuses before it sends
/// anything, on real files read through `Planner.load`.
@Suite struct CloudFormationTemplateTests {
    let scratch: Scratch

    init() throws {
        scratch = try Scratch()
    }

    func check(_ name: String, _ text: String) throws -> PatchError? {
        let path = try scratch.write(name, text)
        let loaded = try Planner.load(path)
        do {
            try CloudFormationTemplate.check(loaded.document, format: loaded.format, path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func templatesPass() throws {
        #expect(try check("t.json", #"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#) == nil)
        #expect(try check("t.yaml", """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub "${AWS::StackName}-b"
            """) == nil)
        // An empty Resources mapping is a mapping; CloudFormation itself
        // refuses it when the stack is created.
        #expect(try check("e.json", #"{"Resources": {}}"#) == nil)
        let chroma = Fixtures.root.appendingPathComponent("chroma/deployments/aws/chroma.cf.json").path
        let loaded = try Planner.load(chroma)
        try CloudFormationTemplate.check(loaded.document, format: loaded.format, path: chroma)
    }

    @Test func withoutResourcesIsRefusedAtTheTop() throws {
        let error = try check("n.json", "{\n  \"Parameters\": {}\n}\n")
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message.contains("no top-level \"Resources\""))
        #expect(diagnostic.file?.hasSuffix("n.json") == true)
        #expect(diagnostic.line == 1 && diagnostic.column == 1)
        #expect(error?.exitCode == 1)
    }

    @Test func resourcesThatIsNoMappingIsRefusedWhereItIs() throws {
        let json = try #require(try check("l.json", "{\n  \"Resources\": [1, 2]\n}\n")?.diagnostics.first)
        #expect(json.message.contains("\"Resources\" is array, not an object"))
        #expect(json.line == 2 && json.column == 16)
        let yaml = try #require(try check("l.yml", "Resources:\n  - a\n")?.diagnostics.first)
        #expect(yaml.message.contains("Resources is a sequence, not a mapping"))
        #expect(yaml.line == 2)
    }

    @Test func aTopLevelThatIsNoMappingIsRefused() throws {
        #expect(try check("a.json", "[1]")?.diagnostics.first?.message.contains("the top level is array") == true)
        #expect(try check("s.yaml", "just text\n")?.diagnostics.first?.message.contains("the top level is a scalar") == true)
        let streams = try check("m.yaml", "Resources: {}\n---\nResources: {}\n")
        #expect(streams?.diagnostics.first?.message.contains("2 YAML documents") == true)
        #expect(streams?.diagnostics.first?.line == 3)
    }

    @Test func otherFormatsAreRefused() throws {
        let error = try check("main.tf", "resource \"x\" \"y\" {}\n")
        #expect(error?.diagnostics.first?.message.contains("CloudFormation reads JSON or YAML, and this file was read as hcl") == true)
    }

    @Test func aParseErrorHasItsPositionFromTheLoader() throws {
        let path = try scratch.write("bad.json", "{\n  \"Resources\": {,}\n}\n")
        let error = #expect(throws: PatchError.self) { _ = try Planner.load(path) }
        #expect(error?.diagnostics.first?.line == 2)
        #expect(error?.diagnostics.first?.column != nil)
    }

    @Test func theSizeLimitIsCloudFormations() throws {
        #expect(CloudFormationTemplate.maxBytesForS3URL == 1_048_576)
        let head = "{\"Resources\": {}, \"Description\": \""
        let tail = "\"}\n"
        let exact = head + String(repeating: "x", count: 1_048_576 - head.utf8.count - tail.utf8.count) + tail
        #expect(try check("exact.json", exact) == nil)
        let over = head + String(repeating: "x", count: 1_048_577 - head.utf8.count - tail.utf8.count) + tail
        let error = try #require(try check("over.json", over))
        let message = try #require(error.diagnostics.first?.message)
        #expect(message.contains("1048577 bytes"))
        #expect(message.contains("at most 1048576 bytes (1 MB)"))
        #expect(error.diagnostics.first?.file?.hasSuffix("over.json") == true)
    }
}
