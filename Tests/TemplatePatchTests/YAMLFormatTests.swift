import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// The yaml format is registered: file names pick it, and a planned edit of a
/// YAML file goes through YAMLSyntax and is verified like any other.
@Suite struct YAMLFormatTests {
    @Test func fileNamesPickYAML() {
        #expect(Format.detect(path: "deploy/compose.yml") == .yaml)
        #expect(Format.detect(path: "chroma.cf.YAML") == .yaml)
        #expect(Format.named("yaml") == .yaml)
        #expect(Format.all.contains(.yaml))
    }

    @Test func planningAnEditOfAYAMLFile() throws {
        let scratch = try Scratch()
        let path = try scratch.copyFixture("yaml/docker-compose.before.yml", as: "docker-compose.yml")
        let plan = try Planner.plan(edit: path, at: Selector(parsing: "services.server.environment.CHROMA_VERSION"), to: "1.2.3")
        try plan.apply()
        let after = try Corpora.text(URL(fileURLWithPath: path))
        #expect(after.contains("CHROMA_VERSION: \"1.2.3\""))
        #expect(after.contains("- CHROMA_VERSION=0.5.20"))
        #expect(after.contains("image: ghcr.io/chroma-core/chroma:CHROMA_VERSION"))
    }
}
