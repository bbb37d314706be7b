import Foundation
import HCLSyntax
import TemplateSyntax
import TestSupport
import Testing

/// The hand-written Terraform module under `fixtures/hcl/module` and the
/// golden before/after edit pairs under `fixtures/hcl/edits`.
@Suite struct FixtureTests {
    static let fixtures = Corpora.packageRoot.appendingPathComponent("fixtures/hcl")

    static func load(_ relative: String) throws -> HCLDocument {
        let url = fixtures.appendingPathComponent(relative)
        return try HCLDocument(parsing: SourceText(bytes: try Corpora.bytes(url), path: relative))
    }

    static func value(_ document: HCLDocument, _ selector: String) throws -> [Slot] {
        try document.select(Selector(parsing: selector))
    }

    @Test func moduleParsesAndRoundTrips() throws {
        for name in ["module/main.tf", "module/terraform.tfvars"] {
            let document = try FixtureTests.load(name)
            #expect(treeProblems(document).isEmpty, "\(name): \(treeProblems(document))")
        }
    }

    @Test func moduleSelectors() throws {
        let main = try FixtureTests.load("module/main.tf")
        let chroma = try FixtureTests.value(main, "variable.chroma_version.default")
        #expect(chroma.map(\.value) == ["0.4.24"])
        #expect(chroma.first?.kind == .string)
        #expect(try FixtureTests.value(main, "terraform.required_version").map(\.value) == [">= 1.5.0"])
        #expect(try FixtureTests.value(main, "terraform.required_providers.google.version").map(\.value) == ["~> 5.0"])
        #expect(try FixtureTests.value(main, "terraform.required_providers.random.version").map(\.value) == [">= 3.1"])
        #expect(try FixtureTests.value(main, "module.network.version").map(\.value) == ["9.1.0"])
        #expect(try FixtureTests.value(main, "variable.zones.default[1]").map(\.value) == ["us-central1-b"])
        #expect(try FixtureTests.value(main, "variable.machine.default.disk_gb").map(\.kind) == [.number])
        #expect(try FixtureTests.value(main, "variable.replicas.default").map(\.kind) == [.number])
        #expect(try FixtureTests.value(main, "variable.public.default").map(\.kind) == [.bool])
        #expect(try FixtureTests.value(main, "locals.nothing").map(\.kind) == [.null])
        #expect(try FixtureTests.value(main, "locals.negative").map(\.value) == ["-1"])
        #expect(try FixtureTests.value(main, "locals.ratio").map(\.value) == ["1.5e3"])
        #expect(try FixtureTests.value(main, "locals.escaped").map(\.value) == ["tab\there \"quoted\" \\ ${literal} %{literal} é"])
        #expect(try FixtureTests.value(main, "module.network.subnets[0].subnet_ip").map(\.value) == ["10.10.10.0/24"])
        #expect(
            try FixtureTests.value(main, "resource.google_compute_instance.chroma.boot_disk.initialize_params.image").map(\.value)
                == ["cos-cloud/cos-stable"])
        #expect(try FixtureTests.value(main, "resource.*.*.dynamic.network_interface.content.network").map(\.value) == ["default"])
        // A wildcard that reaches a list or object throws: select inside it instead.
        #expect(throws: TemplateError.self) { try FixtureTests.value(main, "variable.*.default") }
        #expect(try FixtureTests.value(main, "variable.*.description").map(\.value) == ["Chroma release to deploy"])
    }

    @Test func expressionsAreReadableButNotLiterals() throws {
        let main = try FixtureTests.load("module/main.tf")
        for selector in [
            "locals.image_tag", "locals.instance_names", "locals.by_zone", "locals.first_zone", "locals.legacy_zone",
            "locals.all_ids", "locals.all_names", "locals.port", "locals.enabled", "locals.arn_parts", "locals.merged",
            "locals.greeting", "locals.listing", "resource.google_compute_instance.chroma.metadata_startup_script",
            "resource.google_compute_instance.chroma.metadata.user-data", "output.raw_user_data.value",
        ] {
            let slots = try FixtureTests.value(main, selector)
            #expect(slots.count == 1 && slots.allSatisfy { $0.kind == .expression }, "\(selector): \(slots)")
        }
        let user = try FixtureTests.value(main, "resource.google_compute_instance.chroma.metadata.user-data")
        #expect(user.first?.value.hasPrefix("templatefile(\"${path.module}/startup.sh.tpl\"") == true)
    }

    @Test func tfvarsTopLevelNames() throws {
        let vars = try FixtureTests.load("module/terraform.tfvars")
        #expect(try FixtureTests.value(vars, "chroma_version").map(\.value) == ["0.4.24"])
        #expect(try FixtureTests.value(vars, "machine_type").map(\.value) == ["e2-small"])
        #expect(try FixtureTests.value(vars, "labels.owner").map(\.value) == ["release"])
        let slot = try #require(try FixtureTests.value(vars, "chroma_version").first)
        let edit = try vars.replacement(for: slot, with: "1.2.3")
        let after = try vars.source.applying([edit])
        #expect(after.string.contains("\nchroma_version                  = \"1.2.3\"\n"))
    }

    /// (file stem, extension, selector, new value): the edit that turns
    /// `stem.before.ext` into `stem.after.ext`.
    static let goldenEdits: [(String, String, String, String)] = [
        ("crlf", "tf", "variable.chroma_version.default", "1.2.3"),
        ("tabs", "tf", "module.vpc.version", "5.8.1"),
        ("bom", "tfvars", "chroma_version", "1.2.3"),
        ("no-final-newline", "tf", "terraform.required_version", ">= 1.6"),
        ("escapes", "tf", "locals.motd", "say \"hi\" \\ ${USER} %{x}\n\tend"),
        ("nested-object", "tf", "terraform.required_providers.aws.version", "~> 5.40"),
        ("number-and-aligned", "tfvars", "replicas", "12"),
    ]

    @Test(arguments: goldenEdits)
    func goldenEdit(stem: String, ext: String, selector: String, value: String) throws {
        let before = try FixtureTests.load("edits/\(stem).before.\(ext)")
        let expected = try Corpora.bytes(FixtureTests.fixtures.appendingPathComponent("edits/\(stem).after.\(ext)"))
        let slots = try before.select(Selector(parsing: selector))
        try #require(slots.count == 1, "\(selector) in \(stem): \(slots)")
        let edit = try before.replacement(for: slots[0], with: value)
        let after = try before.source.applying([edit])
        #expect(after.bytes == expected, "\(stem): got\n\(after.string)")
        let reparsed = try HCLDocument(parsing: after)
        #expect(try reparsed.select(Selector(parsing: selector)).map(\.value) == [value])
        #expect(treeProblems(reparsed).isEmpty)
    }
}
