import HCLSyntax
import TemplateSyntax
import Testing

/// Selectors over HCL: block type, labels, attributes, object keys, tuple indices.
@Suite struct HCLSelectorTests {
    static let module = """
        variable "chroma_version" {
          description = "Chroma version"
          type        = string
          default     = "0.4.24"
        }

        variable "other" {
          default = 1
        }

        locals {
          x     = "${var.chroma_version}"
          y     = var.chroma_version
          tag   = "v${var.chroma_version}-${local.suffix}"
          items = ["a", { name = "b", size = 2 }, [true]]
        }

        resource "aws_instance" "web" {
          ami = "ami-123"
          user_data = <<-EOT
            chroma_version = "${var.chroma_version}"
            echo ${var.chroma_version}
          EOT
        }

        terraform {
          required_version = ">= 1.5"
          required_providers {
            aws = {
              source  = "hashicorp/aws"
              version = "~> 5.0"
            }
          }
        }
        """

    func select(_ text: String, _ selector: String) throws -> [Slot] {
        try parse(text).select(Selector(parsing: selector))
    }

    @Test func blockLabelsAndAttributes() throws {
        let slots = try select(Self.module, "variable.chroma_version.default")
        #expect(slots.count == 1)
        #expect(slots.first?.value == "0.4.24")
        #expect(slots.first?.kind == .string)
        #expect(slots.first?.path == [.key("variable"), .key("chroma_version"), .key("default")])
        let document = try parse(Self.module)
        if let slot = slots.first {
            #expect(document.source.text(slot.range) == "\"0.4.24\"")
        }
        #expect(try select(Self.module, "resource.aws_instance.web.ami").map(\.value) == ["ami-123"])
        #expect(try select(Self.module, "terraform.required_version").map(\.value) == [">= 1.5"])
        #expect(try select(Self.module, "terraform.required_providers.aws.version").map(\.value) == ["~> 5.0"])
        #expect(try select(Self.module, "variable.*.default").map(\.value) == ["0.4.24", "1"])
        #expect(try select(Self.module, "locals.items[0]").map(\.value) == ["a"])
        #expect(try select(Self.module, "locals.items[1].size").map(\.kind) == [.number])
        #expect(try select(Self.module, "locals.items[2][0]").map(\.kind) == [.bool])
        #expect(try select(Self.module, "locals.items[*].name").map(\.value) == ["b"])
        #expect(try select(Self.module, "/variable/chroma_version/default").map(\.value) == ["0.4.24"])
        #expect(try select(Self.module, "/locals/items/1/name").map(\.value) == ["b"])
        #expect(try select(Self.module, "nothing.here").isEmpty)
        #expect(try select(Self.module, "variable.chroma_version.default.deeper").isEmpty)
    }

    @Test func interpolationsAreExpressionsAndCannotBeRewritten() throws {
        let document = try parse(Self.module)
        let x = try document.select(Selector(parsing: "locals.x"))
        #expect(x.map(\.kind) == [.expression])
        #expect(x.first?.value == "\"${var.chroma_version}\"")
        let slot = try #require(x.first)
        do {
            _ = try document.replacement(for: slot, with: "1.2.3")
            Issue.record("an interpolated string must not be rewritten")
        } catch {
            #expect(error.kind == .value)
            #expect(error.message == "locals.x is an expression (\"${var.chroma_version}\"), not a literal; tplpatch only rewrites literals")
        }
        #expect(try document.select(Selector(parsing: "locals.y")).map(\.value) == ["var.chroma_version"])
        #expect(try document.select(Selector(parsing: "locals.tag")).map(\.kind) == [.expression])
    }

    @Test func heredocsAreNeverReturnedForANameTheyMention() throws {
        let document = try parse(Self.module)
        // Nothing but the variable's own default is a chroma_version slot.
        let named = document.scalars().filter { $0.path.contains(.key("chroma_version")) }
        #expect(named.map(\.selectorText) == ["variable.chroma_version.description", "variable.chroma_version.type", "variable.chroma_version.default"])
        #expect(try document.select(Selector(parsing: "*.*.*.chroma_version")).isEmpty)
        #expect(try document.select(Selector(parsing: "chroma_version")).isEmpty)
        let heredoc = try document.select(Selector(parsing: "resource.aws_instance.web.user_data"))
        #expect(heredoc.map(\.kind) == [.expression])
        #expect(throws: TemplateError.self) { try document.replacement(for: heredoc[0], with: "x") }
    }

    @Test func nonScalarMatchesThrow() throws {
        let document = try parse(Self.module)
        for selector in ["variable.chroma_version", "terraform.required_providers", "locals.items", "terraform.required_providers.aws", "locals.items[1]", "resource.aws_instance"] {
            let parsed = try Selector(parsing: selector)
            do {
                _ = try document.select(parsed)
                Issue.record("\(selector) should throw")
            } catch {
                #expect(error.kind == .selection, "\(selector)")
                #expect(error.offset != nil)
            }
        }
    }

    @Test func scalarsInDocumentOrder() throws {
        let document = try parse("a = 1\nb {\n  c = \"x\"\n  d = [1, { e = true }]\n}\nf \"g\" h { i = null }\n")
        #expect(document.scalars().map(\.selectorText) == ["a", "b.c", "b.d[0]", "b.d[1].e", "f.g.h.i"])
        #expect(document.scalars().map(\.kind) == [.number, .string, .number, .bool, .null])
    }

    @Test func objectKeysOfEveryForm() throws {
        let document = try parse("m = {\n  plain = 1\n  \"quoted key\" = 2\n  \"a.b\" : 3\n  (var.k) = 4\n}\n")
        #expect(document.scalars().map(\.selectorText) == ["m.plain", "m.\"quoted key\"", "m.\"a.b\"", "m.\"(var.k)\""])
        #expect(try document.select(Selector(parsing: "m.\"a.b\"")).map(\.value) == ["3"])
    }

    @Test func explainMissNamesTheDeepestMatch() throws {
        let document = try parse(Self.module)
        func explain(_ selector: String) throws -> String {
            try document.explainMiss(Selector(parsing: selector))?.message ?? "nil"
        }
        let text = """
            variable "chroma_version" {
              type        = string
              description = "Chroma version"
            }
            """
        let noDefault = try parse(text).explainMiss(Selector(parsing: "variable.chroma_version.default"))
        #expect(noDefault?.message == "variable \"chroma_version\" has no attribute 'default' (it has: type, description)")
        #expect(noDefault?.offset == 0)
        #expect(try explain("variable.chroma.default") == "no block variable \"chroma\" (variable blocks here: \"chroma_version\", \"other\")")
        #expect(try explain("module.vpc.version").hasPrefix("no top-level attribute or block 'module' (the file has: variable, locals, resource, terraform)"))
        #expect(try explain("terraform.required_providers.google.version") == "required_providers in terraform has no attribute 'google' (it has: aws)")
        #expect(try explain("terraform.required_providers.aws.region") == "terraform.required_providers.aws has no key 'region' (it has: source, version)")
        #expect(try explain("locals.items[7]") == "locals.items has no item [7] (it has 3 items)")
        #expect(try explain("locals.y.z") == "locals.y is var.chroma_version, not an object or tuple, so it has no 'z'")
        #expect(try explain("resource.aws_instance.db.ami") == "no block resource \"aws_instance\" \"db\" (resource \"aws_instance\" blocks here: \"web\")")
    }
}
