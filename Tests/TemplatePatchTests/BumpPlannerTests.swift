import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// `Planner.plan(bump:...)` and the schemes on `plan(set:...)`, on real files.
@Suite struct BumpPlannerTests {
    static let tfvars = "chroma_version = \"1.2.3\"\n"

    func tree(_ value: String = "1.2.3", other: String? = nil) throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("a.cf.json", cfnTemplate.replacingOccurrences(of: "0.5.20", with: value))
        try scratch.write("b/c.tfvars", "chroma_version = \"\(other ?? value)\"\n")
        return scratch
    }

    func text(_ scratch: Scratch, _ relative: String) throws -> String {
        try String(contentsOfFile: scratch.path + "/" + relative, encoding: .utf8)
    }

    @Test func bumpsEveryTargetAndPlansWhatSetPlans() throws {
        let scratch = try tree()
        let bump = try Planner(root: scratch.path).plan(bump: "chroma_version", part: .minor)
        #expect(bump.old == "1.2.3")
        #expect(bump.new == "1.3.0")
        #expect(bump.scheme == .semver)
        #expect(bump.plan.entries.map { $0.newValue } == ["1.3.0", "1.3.0"])
        let set = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.3.0", from: "1.2.3")
        #expect(bump.plan.diff() == set.diff())
        try bump.plan.apply()
        #expect(try text(scratch, "b/c.tfvars") == "chroma_version = \"1.3.0\"\n")
    }

    @Test func driftIsExitThreeWithEveryTarget() throws {
        let scratch = try tree("1.2.3", other: "1.2.4")
        let before = try scratch.snapshot()
        #expect { try Planner(root: scratch.path).plan(bump: "chroma_version", part: .patch) } throws: { error in
            guard let error = error as? PatchError else { return false }
            return error.exitCode == 3 && error.targets.map(\.oldValue) == ["1.2.3", "1.2.4"]
                && error.description.contains("the targets of chroma_version disagree: 1.2.3, 1.2.4")
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func releaseOfAFinalVersionIsAPositionedError() throws {
        let scratch = try tree()
        #expect { try Planner(root: scratch.path).plan(bump: "chroma_version", part: .release) } throws: { error in
            guard let error = error as? PatchError, let first = error.diagnostics.first else { return false }
            return error.exitCode == 1 && first.file == scratch.path + "/a.cf.json" && first.line == 3
                && first.message.contains("already a release")
        }
    }

    @Test func aCurrentValueThatIsNotAVersionIsAnError() throws {
        let scratch = try tree("latest")
        #expect { try Planner(root: scratch.path).plan(bump: "chroma_version", part: .patch) } throws: { error in
            guard let error = error as? PatchError else { return false }
            return error.exitCode == 1 && error.description.contains("'latest': a SemVer version has three numbers")
        }
    }

    @Test func theSchemeComesFromTheConfig() throws {
        let scratch = try Scratch()
        try scratch.write("pkg/__init__.py", "__version__ = \"1.2.3\"\n")
        try scratch.write(".tplpatch.yml", """
            variables:
              py_version:
                scheme: pep440
                targets:
                  - file: pkg/__init__.py
                    at: __version__

            """)
        let planner = Planner(root: scratch.path)
        #expect(try planner.plan(bump: "py_version", part: .prerelease).new == "1.2.4rc1")
        // The option wins over the config.
        #expect(try planner.plan(bump: "py_version", part: .prerelease, scheme: .semver).new == "1.2.4-rc.1")
        // A value that is not a PEP 440 version is a usage error, nothing read past the config.
        #expect { try planner.plan(set: "py_version", to: "1.2.3-rc.1.x") } throws: { error in
            guard let error = error as? PatchError else { return false }
            return error.exitCode == 2 && error.description.contains("not a PEP 440 version")
        }
        #expect(try planner.plan(set: "py_version", to: "1.2.4rc1").changedFiles.count == 1)
    }

    @Test func anUnknownSchemeInTheConfigIsPositioned() throws {
        let scratch = try tree()
        try scratch.write(".tplpatch.yml", "variables:\n  chroma_version:\n    scheme: calver\n")
        #expect { try Planner(root: scratch.path).plan(bump: "chroma_version", part: .patch) } throws: { error in
            guard let error = error as? PatchError, let first = error.diagnostics.first else { return false }
            return first.message == "unknown scheme 'calver' (known: semver, pep440)" && first.line == 3 && first.column == 13
                && first.file == scratch.path + "/.tplpatch.yml"
        }
    }

    @Test func setWithoutASchemeTakesAnyText() throws {
        let scratch = try tree()
        #expect(try Planner(root: scratch.path).plan(set: "chroma_version", to: "not a version").changedFiles.count == 2)
        #expect { try Planner(root: scratch.path).plan(set: "chroma_version", to: "not a version", scheme: .semver) } throws: { error in
            (error as? PatchError)?.exitCode == 2
        }
    }

    /// The choice: under a scheme `--from` compares versions, but a
    /// leading `v` is part of the value, so `v1.2.3` never silently matches
    /// `1.2.3`; the error says how to name it. PEP 440's own equality
    /// (`1.0RC1` is `1.0rc1`) is honoured.
    @Test func fromComparesByTheSchemeButKeepsTheLeadingV() throws {
        let scratch = try tree("v1.2.3")
        let planner = Planner(root: scratch.path)
        #expect { try planner.plan(set: "chroma_version", to: "v1.2.4", from: "1.2.3", scheme: .semver) } throws: { error in
            guard let error = error as? PatchError else { return false }
            return error.exitCode == 3 && error.diagnostics.count == 2
                && error.description.contains("a leading 'v' is part of the value, so --from must name it as the target writes it: --from v1.2.3")
        }
        // Without a scheme the comparison is exact, and no hint is given.
        #expect { try planner.plan(set: "chroma_version", to: "v1.2.4", from: "1.2.3") } throws: { error in
            guard let error = error as? PatchError else { return false }
            return error.exitCode == 3 && !error.description.contains("leading 'v'")
        }
        #expect(try planner.plan(set: "chroma_version", to: "v1.2.4", from: "v1.2.3", scheme: .semver).changedFiles.count == 2)

        let pep = try tree("1.0RC1")
        #expect(try Planner(root: pep.path).plan(set: "chroma_version", to: "1.0", from: "1.0rc1", scheme: .pep440).changedFiles.count == 2)
        #expect { try Planner(root: pep.path).plan(set: "chroma_version", to: "1.0", from: "1.0rc1") } throws: { error in
            (error as? PatchError)?.exitCode == 3
        }
    }

    @Test func schemeEquality() {
        #expect(VersionScheme.semver.equal("1.2.3", "1.2.3"))
        #expect(!VersionScheme.semver.equal("v1.2.3", "1.2.3"))
        #expect(VersionScheme.semver.sameVersion("v1.2.3", "1.2.3"))
        #expect(!VersionScheme.semver.equal("1.2.3+a", "1.2.3+b"))
        #expect(VersionScheme.pep440.equal("1.0RC1", "1.0rc1"))
        #expect(VersionScheme.pep440.equal("1.0-post1", "1.0.post1"))
        #expect(!VersionScheme.pep440.equal("v1.0", "1.0"))
        #expect(!VersionScheme.semver.equal("x", "y"))
    }
}
