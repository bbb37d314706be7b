import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

@Suite struct ConventionTests {
    func located(_ files: [String: String], _ name: String = "chroma_version") throws -> [String] {
        let scratch = try Scratch()
        for (path, text) in files { try scratch.write(path, text) }
        let plan = try Planner(root: scratch.path).locate(name)
        return plan.entries.map { "\($0.path.dropFirst(scratch.path.count + 1)) \($0.selector) \($0.oldValue)" }
    }

    @Test func cloudFormationYAML() throws {
        let template = """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              ChromaVersion:
                Type: String
                Default: 0.5.20
            Resources:
              Instance:
                Type: AWS::EC2::Instance
                Properties:
                  UserData: !Sub "chroma ${ChromaVersion}"

            """
        #expect(try located(["t.yaml": template]) == ["t.yaml Parameters.ChromaVersion.Default 0.5.20"])
    }

    @Test func composeAndKubernetesEnvironmentEntries() throws {
        let compose = """
            services:
              server:
                image: ghcr.io/chroma-core/chroma:CHROMA_VERSION
                environment:
                  CHROMA_VERSION: "0.5.20"
              worker:
                image: ghcr.io/chroma-core/chroma:CHROMA_VERSION
                environment:
                  - IS_PERSISTENT=TRUE
                  - CHROMA_VERSION=0.5.20
                  - CHROMA_VERSION_NOTE=0.5.20
              proxy:
                environment:
                  - CHROMA_VERSION=${CHROMA_VERSION}
                  CHROMA: x

            """.replacingOccurrences(of: "  CHROMA: x\n", with: "")
        let deployment = """
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  containers:
                    - name: chroma
                      image: chroma:CHROMA_VERSION
                      env:
                        - name: CHROMA_VERSION
                          value: "0.5.20"
                        - name: OTHER
                          value: "0.5.20"

            """
        let found = try located(["docker-compose.yml": compose, "k8s/deploy.yaml": deployment])
        #expect(found == [
            "docker-compose.yml services.server.environment.CHROMA_VERSION 0.5.20",
            "docker-compose.yml services.worker.environment[1] 0.5.20",
            "k8s/deploy.yaml spec.template.spec.containers[0].env[0].value 0.5.20",
        ])
    }

    @Test func aListEntryKeepsItsKeyWhenSet() throws {
        let scratch = try Scratch()
        let file = try scratch.write("compose.yaml", "services:\n  s:\n    environment:\n      - CHROMA_VERSION=0.5.20 # pinned\n")
        try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3").apply()
        #expect(try Corpora.text(URL(fileURLWithPath: file)) == "services:\n  s:\n    environment:\n      - CHROMA_VERSION=1.2.3 # pinned\n")
    }

    @Test func pythonModuleConstants() throws {
        let module = "import os\nCHROMA_VERSION = \"0.5.20\"\nchroma_version = os.environ.get(\"X\")\n__version__ = \"0.5.20\"\n"
        let scratch = try Scratch()
        try scratch.write("settings.py", module)
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.map(\.selector) == ["CHROMA_VERSION"])
        // The expression-bound constant is left alone, and said so.
        #expect(plan.warnings.count == 1)
        #expect(plan.warnings.first?.description.contains("settings.py:3:18: warning: left alone: 'chroma_version' is an expression") == true)
    }

    @Test func theChromaSampleDockerComposePlaceholderStays() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let compose = try Corpora.bytes(URL(fileURLWithPath: root + "/deployments/common/docker-compose.yml"))
        try Planner(root: root).plan(set: "chroma_version", to: "1.2.3").apply()
        #expect(try Corpora.bytes(URL(fileURLWithPath: root + "/deployments/common/docker-compose.yml")) == compose)
    }
}
