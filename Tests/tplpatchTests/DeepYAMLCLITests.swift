import Foundation
import TestSupport
import Testing

/// A YAML file nested 100,000 deep is refused at level 1,000 with a
/// position, and a tree holding one does not stall `set` or `get`.
@Suite struct DeepYAMLCLITests {
    static let deep = 100_000
    static let hangGuard: TimeInterval = 120

    @Test func parseRefusesItWithAPosition() throws {
        let scratch = try Scratch()
        let file = try scratch.write("deep.yaml", "a: " + String(repeating: "[", count: Self.deep) + String(repeating: "]", count: Self.deep) + "\n")
        let result = try CLI.run(["parse", file], environment: [:], timeout: Self.hangGuard)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(file):1:1003: error: nesting is deeper than 1000 levels"), "\(result.stderr)")
    }

    @Test func aTreeHoldingDeepFilesIsSearchedWithoutStalling() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        try scratch.write("chroma/ci/flow.yml", String(repeating: "{a: ", count: Self.deep) + String(repeating: "}", count: Self.deep) + "\n")
        try scratch.write("chroma/ci/block.yml", String(repeating: "- ", count: Self.deep) + "x\n")
        let get = try CLI.run(["get", "chroma_version"], in: root, environment: [:], timeout: Self.hangGuard)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.stderr.contains("ci/flow.yml:1:4001: warning: skipped, not valid YAML: nesting is deeper than 1000 levels"), "\(get.stderr)")
        #expect(get.stderr.contains("ci/block.yml:1:2001: warning: skipped, not valid YAML: nesting is deeper than 1000 levels"), "\(get.stderr)")
        // One that mentions the name may hold a target: an error, nothing written.
        try scratch.write("chroma/ci/env.yml", "env: {CHROMA_VERSION: " + String(repeating: "[", count: Self.deep) + "\n")
        let before = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        let set = try CLI.run(["set", "chroma_version", "1.2.3"], in: root, environment: [:], timeout: Self.hangGuard)
        #expect(set.status == 1)
        #expect(set.stderr.contains("ci/env.yml:1:1021: error: nesting is deeper than 1000 levels"), "\(set.stderr)")
        #expect(try Scratch.snapshot(of: URL(fileURLWithPath: root)) == before)
    }
}
