import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

@Suite struct TerraformPlannerTests {
    @Test func findsTfvarsValuesAndVariableDefaultsOnly() throws {
        let scratch = try Scratch()
        try scratch.write("main.tf", """
            variable "chroma_version" {
              default = "0.5.20"
            }
            variable "other" {
              default = "0.5.20"
            }
            locals {
              chroma_version = "0.5.20"
              v              = "${var.chroma_version}"
            }
            output "chroma_version" {
              value = var.chroma_version
            }

            """)
        try scratch.write("prod.tfvars", "chroma_version = \"0.5.20\"\n")
        // Not Terraform: a top-level attribute in another HCL file means something else.
        try scratch.write("terragrunt.hcl", "chroma_version = \"0.5.20\"\n")
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3")
        #expect(plan.entries.map { "\($0.path.dropFirst(scratch.path.count + 1)) \($0.selector)" } == [
            "main.tf variable.chroma_version.default", "prod.tfvars chroma_version",
        ])
        #expect(plan.entries.map { $0.origin.description } == [
            "convention: Terraform variable default", "convention: Terraform variable value",
        ])
    }

    @Test func aDefaultThatIsAnExpressionIsAnErrorAndNothingChanges() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"0.5.20\"\n")
        try scratch.write("main.tf", "variable \"chroma_version\" {\n  default = \"${local.v}\"\n}\n")
        let before = try scratch.snapshot()
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3") } throws: { error in
            let text = (error as? PatchError)?.description ?? ""
            return text.contains("main.tf:2:13: error") && text.contains("not a literal")
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test(arguments: [
        ("variable \"chroma_version\" {\n  default = \"1\"\n", "main.tf:3:1: error"),
        ("locals {\n  s = <<EOT\nchroma_version\n", "main.tf:2:7: error"),
        ("chroma_version = \"1\"\n}\n", "main.tf:2:1: error"),
    ])
    func badHCLIsAPositionedErrorAndNothingChanges(text: String, position: String) throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"0.5.20\"\n")
        try scratch.write("main.tf", text)
        let before = try scratch.snapshot()
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.3") } throws: { error in
            let description = (error as? PatchError)?.description ?? ""
            return description.contains(position) && description.contains("may hold a target")
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func alignmentAndCommentsSurvive() throws {
        let scratch = try Scratch()
        let file = try scratch.write("x.tfvars", "a              = 1 # one\nchroma_version = \"0.5.20\" # the release\r\n")
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.10.0")
        try plan.apply()
        #expect(try Corpora.text(URL(fileURLWithPath: file)) == "a              = 1 # one\nchroma_version = \"1.10.0\" # the release\r\n")
    }

    @Test func valuesAreEscapedForHCL() throws {
        let scratch = try Scratch()
        let file = try scratch.write("x.tfvars", "chroma_version = \"0\"\n")
        try Planner(root: scratch.path).plan(set: "chroma_version", to: "a${b}%{c}\"\\").apply()
        #expect(try Corpora.text(URL(fileURLWithPath: file)) == "chroma_version = \"a$${b}%%{c}\\\"\\\\\"\n")
        #expect(try Planner(root: scratch.path).locate("chroma_version").entries.first?.oldValue == "a${b}%{c}\"\\")
    }
}
