import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `tplpatch bump`, the schemes on `set`, npm lockfiles and hard links,
/// through the built binary on real files.
@Suite struct BumpCLITests {
    /// The README's `bump` examples, in order: the command, its exit status,
    /// and what its output (standard output, then standard error) must say.
    static let readmeExamples: [(command: String, status: Int32, output: String)] = [
        ("tplpatch bump chroma_version patch --dry-run", 0, "chroma_version: 0.5.20 -> 0.5.21 (patch, semver)"),
        ("tplpatch bump chroma_version prerelease", 0, "chroma_version: 0.5.20 -> 0.5.21-rc.1 (prerelease, semver)"),
        ("tplpatch bump chroma_version prerelease", 0, "chroma_version: 0.5.21-rc.1 -> 0.5.21-rc.2 (prerelease, semver)"),
        ("tplpatch bump chroma_version release", 0, "chroma_version: 0.5.21-rc.2 -> 0.5.21 (release, semver)"),
        ("tplpatch bump chroma_version release", 1, "'0.5.21': it is already a release"),
        ("tplpatch bump chroma_version minor --json", 0, #""from" : "0.5.21""#),
        ("tplpatch bump chroma_version prerelease --scheme pep440", 0, "chroma_version: 0.6.0 -> 0.6.1rc1 (prerelease, pep440)"),
        ("tplpatch bump chroma_version patch", 1, "'0.6.1rc1': '1rc1' in MAJOR.MINOR.PATCH is not a number"),
        ("tplpatch bump chroma_version next", 2, "'major', 'minor', 'patch', 'prerelease'"),
    ]

    @Test func readmeExamplesRunAsShown() throws {
        let readme = try String(contentsOf: Corpora.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n").filter { $0.hasPrefix("tplpatch bump chroma_version") }.map { line in
            String(line.split(separator: "#", maxSplits: 1)[0]).trimmingCharacters(in: .whitespaces)
        }
        #expect(lines == Self.readmeExamples.map(\.command))
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        for example in Self.readmeExamples {
            let before = try Scratch.snapshot(of: URL(fileURLWithPath: root))
            let result = try CLI.run(Array(example.command.split(separator: " ").dropFirst().map(String.init)), in: root)
            #expect(result.status == example.status, "\(example.command): \(result.stderr)")
            #expect((result.stdout + result.stderr).contains(example.output), "\(example.command): \(result.stdout)\(result.stderr)")
            if example.status != 0 || example.command.contains("--dry-run") {
                #expect(try Scratch.snapshot(of: URL(fileURLWithPath: root)) == before, "\(example.command) wrote")
            }
        }
        let get = try CLI.run(["get", "chroma_version"], in: root)
        #expect(get.status == 0)
        #expect(get.stdout.split(separator: "\n").count == 6)
        #expect(get.stdout.split(separator: "\n").allSatisfy { $0.contains("  0.6.1rc1  (") })
    }

    @Test func bumpPrintsWhatSetPrints() throws {
        let scratch = try Scratch()
        let bumped = try scratch.copyFixture("chroma", as: "bumped")
        let set = try scratch.copyFixture("chroma", as: "set")
        let bump = try CLI.run(["bump", "chroma_version", "patch", "--diff"], in: bumped)
        let plain = try CLI.run(["set", "chroma_version", "0.5.21", "--diff"], in: set)
        #expect(bump.status == 0, "\(bump.stderr)")
        #expect(bump.stdout == plain.stdout)
        #expect(bump.stdout.contains("chromadb/__init__.py:12:15  __version__  0.5.20 -> 0.5.21\n"))
        #expect(bump.stderr == "chroma_version: 0.5.20 -> 0.5.21 (patch, semver)\n" + plain.stderr)
        #expect(try Scratch.snapshot(of: URL(fileURLWithPath: bumped)) == Scratch.snapshot(of: URL(fileURLWithPath: set)))
    }

    @Test func bumpJSONSaysFromWhatAndHow() throws {
        let scratch = try Scratch()
        try scratch.write("t.json", sampleTemplate)
        let result = try CLI.run(["bump", "chroma_version", "major", "--json", "--root", scratch.path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["command"] as? String == "bump")
        #expect(object["value"] as? String == "1.0.0")
        #expect(object["bump"] as? [String: String] == ["from": "0.5.20", "part": "major", "scheme": "semver"])
        #expect(object["written"] as? [String] == ["\(scratch.path)/t.json"])
        let set = try CLI.run(["set", "chroma_version", "2.0.0", "--json", "--root", scratch.path])
        let setObject = try #require(try JSONSerialization.jsonObject(with: Data(set.stdout.utf8)) as? [String: Any])
        #expect(setObject["bump"] == nil)
        #expect(setObject["command"] as? String == "set")
    }

    @Test func driftListsTheTargetsAsGetDoesAndExitsThree() throws {
        let scratch = try Scratch()
        try scratch.write("a/t.json", sampleTemplate)
        try scratch.write("b/t.json", sampleTemplate.replacingOccurrences(of: "\"Default\": \"0.5.20\"}", with: "\"Default\": \"0.6.0\"}"))
        let before = try scratch.snapshot()
        let get = try CLI.run(["get", "chroma_version"], in: scratch.path)
        let bump = try CLI.run(["bump", "chroma_version", "patch"], in: scratch.path)
        #expect(get.status == 3)
        #expect(bump.status == 3)
        #expect(bump.stdout == get.stdout)
        #expect(bump.stdout.contains("b/t.json:4:52  Parameters.ChromaVersion.Default  0.6.0  (convention: CloudFormation parameter)"))
        #expect(bump.stderr.contains("error: the targets of chroma_version disagree: 0.5.20, 0.6.0"))
        #expect(try scratch.snapshot() == before)
        let json = try CLI.run(["bump", "chroma_version", "patch", "--json"], in: scratch.path)
        #expect(json.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
    }

    @Test(arguments: [
        ["bump", "chroma_version"], ["bump", "chroma_version", "build"], ["bump", "chroma_version", "patch", "--scheme", "calver"],
        ["set", "chroma_version", "1.2", "--scheme", "semver"], ["set", "chroma_version", "1.2.3-", "--scheme", "semver"],
        ["set", "chroma_version", "one", "--scheme", "pep440"],
    ])
    func usageErrorsExitTwoAndWriteNothing(_ arguments: [String]) throws {
        let scratch = try Scratch()
        try scratch.write("t.json", sampleTemplate)
        let before = try scratch.snapshot()
        let result = try CLI.run(arguments, in: scratch.path)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect(try scratch.snapshot() == before)
    }

    @Test func aValueThatIsNotAVersionSaysWhy() throws {
        let scratch = try Scratch()
        try scratch.write("t.json", sampleTemplate)
        let option = try CLI.run(["set", "chroma_version", "1.2", "--scheme", "semver"], in: scratch.path)
        #expect(option.status == 2)
        #expect(option.stderr.contains("the new value is not a SemVer version: '1.2': a SemVer version has three numbers, MAJOR.MINOR.PATCH (as 1.2.3)"))
        // From the config, the same refusal, and nothing written.
        try scratch.write(".tplpatch.yml", "variables:\n  chroma_version:\n    scheme: pep440\n")
        let before = try scratch.snapshot()
        let config = try CLI.run(["set", "chroma_version", "1.2.3-rc.1.x"], in: scratch.path)
        #expect(config.status == 2, "\(config.stderr)")
        #expect(config.stderr.contains("the new value is not a PEP 440 version: '1.2.3-rc.1.x'"))
        #expect(try scratch.snapshot() == before)
        let fine = try CLI.run(["set", "chroma_version", "1.2.3rc1"], in: scratch.path)
        #expect(fine.status == 0, "\(fine.stderr)")
        // Without a scheme, any text, as before.
        let other = try Scratch()
        try other.write("t.json", sampleTemplate)
        #expect(try CLI.run(["set", "chroma_version", "1.2"], in: other.path).status == 0)
    }

    @Test func anUnknownSchemeInTheConfigIsPositioned() throws {
        let scratch = try Scratch()
        try scratch.write("t.json", sampleTemplate)
        try scratch.write(".tplpatch.yml", "variables:\n  chroma_version:\n    scheme: calver\n")
        let result = try CLI.run(["bump", "chroma_version", "patch"], in: scratch.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains(".tplpatch.yml:3:13: error: unknown scheme 'calver' (known: semver, pep440)"))
    }

    @Test func fromUnderASchemeDoesNotTakeALeadingVAsEqual() throws {
        let scratch = try Scratch()
        try scratch.write("t.json", sampleTemplate.replacingOccurrences(of: "\"Default\": \"0.5.20\"}", with: "\"Default\": \"v0.5.20\"}"))
        let before = try scratch.snapshot()
        let result = try CLI.run(["set", "chroma_version", "v0.5.21", "--from", "0.5.20", "--scheme", "semver"], in: scratch.path)
        #expect(result.status == 3)
        #expect(result.stderr.contains(
            "t.json:4:52: error: 'Parameters.ChromaVersion.Default' holds 'v0.5.20', not '0.5.20' as --from expects (the same SemVer version written another way; a leading 'v' is part of the value, so --from must name it as the target writes it: --from v0.5.20)"
        ))
        #expect(try scratch.snapshot() == before)
        let named = try CLI.run(["set", "chroma_version", "v0.5.21", "--from", "v0.5.20", "--scheme", "semver"], in: scratch.path)
        #expect(named.status == 0, "\(named.stderr)")
        // bump keeps the v.
        let bump = try CLI.run(["bump", "chroma_version", "minor"], in: scratch.path)
        #expect(bump.stdout.contains("v0.5.21 -> v0.6.0"))
    }

    @Test func npmLockfileFollowsItsPackageJSON() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let lock = """
            {
              "name": "chromadb",
              "version": "2.4.6",
              "lockfileVersion": 3,
              "packages": {
                "": {"name": "chromadb", "version": "2.4.6"},
                "node_modules/x": {"version": "2.4.6"}
              }
            }

            """
        try scratch.write("chroma/clients/new-js/packages/chromadb/package-lock.json", lock)
        let result = try CLI.run(["bump", "js_version", "minor"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            clients/new-js/packages/chromadb/package-lock.json:3:14  version  2.4.6 -> 2.5.0
            clients/new-js/packages/chromadb/package-lock.json:6:41  packages."".version  2.4.6 -> 2.5.0
            clients/new-js/packages/chromadb/package.json:3:14  version  2.4.6 -> 2.5.0

            """)
        let get = try CLI.run(["get", "js_version"], in: root)
        #expect(get.stdout.contains("package-lock.json:3:14  version  2.5.0  (convention: npm lockfile)"))
        let written = try String(contentsOfFile: root + "/clients/new-js/packages/chromadb/package-lock.json", encoding: .utf8)
        #expect(written.contains("\"node_modules/x\": {\"version\": \"2.4.6\"}"))
    }

    @Test func aHardLinkedTargetIsRefusedUnlessLinksMayBeBroken() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let elsewhere = try Scratch()
        let target = root + "/deployments/gcp/chroma.tfvars"
        #expect(link(target, elsewhere.path + "/shared.tfvars") == 0)
        let before = try scratch.snapshot()
        let dry = try CLI.run(["bump", "chroma_version", "patch", "--dry-run"], in: root)
        #expect(dry.status == 0)
        #expect(dry.stderr.contains("deployments/gcp/chroma.tfvars: warning: this file has 2 hard links"))
        #expect(dry.stderr.contains("(a real run refuses it)"))
        let refused = try CLI.run(["bump", "chroma_version", "patch"], in: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("deployments/gcp/chroma.tfvars: error: this file has 2 hard links (1 other name(s) for the same file"))
        #expect(refused.stderr.contains("--break-hard-links"))
        #expect(try scratch.snapshot() == before)
        let set = try CLI.run(["set", "chroma_version", "1.0.0"], in: root)
        #expect(set.status == 1)
        #expect(try scratch.snapshot() == before)
        let edit = try CLI.run(["edit", target, "chroma_version", "1.0.0"])
        #expect(edit.status == 1)
        #expect(edit.stderr.contains("this file has 2 hard links"))

        let broken = try CLI.run(["set", "chroma_version", "1.0.0", "--break-hard-links"], in: root)
        #expect(broken.status == 0, "\(broken.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"1.0.0\""))
        #expect(try String(contentsOfFile: elsewhere.path + "/shared.tfvars", encoding: .utf8).contains("\"0.5.20\""))
        var info = stat()
        #expect(stat(target, &info) == 0 && info.st_nlink == 1)
    }
}
