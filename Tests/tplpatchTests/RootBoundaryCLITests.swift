import Foundation
import TestSupport
import Testing

/// A `.tplpatch.yml` target must be a file under the root, however it is
/// spelled: `set` never writes outside the tree it was pointed at.
@Suite struct RootBoundaryCLITests {
    /// scratch/root (a repository with one config target) and
    /// scratch/outside.tfvars beside it.
    func layout(target: String) throws -> (scratch: Scratch, root: String, outside: String) {
        let scratch = try Scratch()
        let outside = try scratch.write("outside.tfvars", "chroma_version = \"0.5.20\"\n")
        try scratch.write("root/deployments/gcp/chroma.tfvars", "chroma_version = \"0.5.20\"\n")
        try scratch.write("root/.tplpatch.yml", """
            variables:
              chroma_version:
                targets:
                  - file: \(target)
                    at: chroma_version
                    format: hcl

            """)
        return (scratch, scratch.path + "/root", outside)
    }

    @Test(arguments: ["../outside.tfvars", "deployments/../../outside.tfvars", "./deployments/gcp/../../../outside.tfvars", "\"../*.tfvars\""])
    func aPathThatClimbsOutIsRefusedAtTheConfigLine(_ target: String) throws {
        let (scratch, root, outside) = try layout(target: target)
        let before = try scratch.snapshot()
        for command in [["set", "chroma_version", "1.2.3"], ["get", "chroma_version"]] {
            let result = try CLI.run(command, in: root)
            #expect(result.status == 1, "\(target): \(result.stderr)")
            let shown = target.replacingOccurrences(of: "\"", with: "")
            #expect(result.stderr.contains(".tplpatch.yml:4:15: error: '\(shown)' is outside the root (.); tplpatch reads and writes only files under the root"), "\(result.stderr)")
        }
        #expect(try scratch.snapshot() == before)
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "chroma_version = \"0.5.20\"\n")
    }

    @Test func anAbsolutePathIsRefused() throws {
        let other = try Scratch()
        let outside = try other.write("outside.tfvars", "chroma_version = \"0.5.20\"\n")
        let (scratch, root, _) = try layout(target: outside)
        defer { withExtendedLifetime(scratch) {} }
        let result = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: '\(outside)' is an absolute path; a target's file is relative to the root"), "\(result.stderr)")
    }

    @Test func aSymbolicLinkThatPointsOutIsRefused() throws {
        let (scratch, root, outside) = try layout(target: "deployments/link.tfvars")
        try FileManager.default.createSymbolicLink(atPath: root + "/deployments/link.tfvars", withDestinationPath: "../../outside.tfvars")
        let before = try scratch.snapshot()
        let result = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains(".tplpatch.yml:4:15: error: 'deployments/link.tfvars' leads to "), "\(result.stderr)")
        #expect(result.stderr.contains("outside.tfvars through a symbolic link, outside the root (.)"), "\(result.stderr)")
        #expect(try scratch.snapshot() == before)
        // A linked folder on the way out is a link too.
        try FileManager.default.createSymbolicLink(atPath: root + "/up", withDestinationPath: "..")
        try Data("variables:\n  chroma_version:\n    targets:\n      - file: up/outside.tfvars\n        at: chroma_version\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/.tplpatch.yml"))
        let folder = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("'up/outside.tfvars' leads to "), "\(folder.stderr)")
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "chroma_version = \"0.5.20\"\n")
    }

    @Test func aLinkThatStaysInsideTheRootIsWrittenThrough() throws {
        let (scratch, root, outside) = try layout(target: "deployments/link.tfvars")
        defer { withExtendedLifetime(scratch) {} }
        try FileManager.default.createSymbolicLink(atPath: root + "/deployments/link.tfvars", withDestinationPath: "gcp/chroma.tfvars")
        let result = try CLI.run(["set", "chroma_version", "1.2.3"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: root + "/deployments/gcp/chroma.tfvars", encoding: .utf8) == "chroma_version = \"1.2.3\"\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/deployments/link.tfvars") == "gcp/chroma.tfvars")
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "chroma_version = \"0.5.20\"\n")
    }

    @Test func aPathWithDotDotThatStaysInsideIsItsPlainSpelling() throws {
        let (scratch, root, _) = try layout(target: "deployments/aws/../gcp/chroma.tfvars")
        defer { withExtendedLifetime(scratch) {} }
        let result = try CLI.run(["get", "chroma_version"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "deployments/gcp/chroma.tfvars:1:18  chroma_version  0.5.20  (convention: Terraform variable value)\n")
    }
}
