import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif


/// A fresh git repository (no commit needed: `ls-files -o` lists untracked files).
func gitRepository(_ scratch: Scratch) throws {
    try git(["init", "-q"], in: scratch.path)
}

@Suite struct ExclusionTests {
    @Test func globsAreRootRelativeAndAFolderExcludesAllUnderIt() {
        let exclusions = Exclusions(["charts", "docs/*", "*.md", "build/**/gen.tf", "./tmp/"])
        #expect(exclusions.excludes("charts/x/templates/deployment.yaml"))
        #expect(exclusions.excludes("charts"))
        #expect(!exclusions.excludes("charts2/a.yaml"))
        #expect(exclusions.excludes("docs/a/b/c.yml"))
        #expect(exclusions.excludes("README.md"))
        #expect(!exclusions.excludes("sub/README.md"), "anchored at the root: *.md is the top level only")
        #expect(Exclusions(["**/*.md"]).excludes("sub/README.md"))
        #expect(exclusions.excludes("build/gen.tf"))
        #expect(exclusions.excludes("build/a/b/gen.tf"))
        #expect(!exclusions.excludes("build/a/b/main.tf"))
        #expect(exclusions.excludes("tmp/x.json"))
        #expect(exclusions.patterns.last == "tmp")
        #expect(exclusions.pattern(excluding: "docs/a/b/c.yml") == "docs/*")
        #expect(Exclusions(["charts/**"]).excludes("charts/x/Chart.yaml"))
        // `dir/**` names the folder too, so the walk does not enter it.
        #expect(Exclusions(["charts/**"]).pattern(matching: "charts") == "charts/**")
        #expect(Exclusions(["charts/**"]).pattern(matching: "charts2") == nil)
        #expect(!Exclusions([]).excludes("a"))
    }

    @Test func badPatternsAreRefused() {
        #expect(Exclusions.problem(with: "/etc/*") != nil)
        #expect(Exclusions.problem(with: "") != nil)
        #expect(Exclusions.problem(with: "./") != nil)
        #expect(Exclusions.problem(with: "a/../../b") != nil)
        #expect(Exclusions.problem(with: "charts/**") == nil)
    }

    func helmTree() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.copyFixture("helm", as: "tree")
        return scratch
    }

    @Test func aHelmTemplateBlocksSetWithAnErrorThatSaysHowToExcludeIt() throws {
        let scratch = try helmTree()
        let root = scratch.path + "/tree"
        let before = try scratch.snapshot()
        #expect(throws: PatchError.self) { try Planner(root: root).plan(set: "chroma_version", to: "1.2.3") }
        do {
            _ = try Planner(root: root).plan(set: "chroma_version", to: "1.2.3")
        } catch {
            let text = error.description
            #expect(text.contains("charts/chroma/templates/deployment.yaml:"), "\(text)")
            #expect(text.contains("exclude it with --exclude 'charts/chroma/templates/**' or `exclude: [\"charts/chroma/templates/**\"]` in .tplpatch.yml"), "\(text)")
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func anExcludedHelmTemplateNoLongerBlocks() throws {
        for exclusion in ["charts/chroma/templates/**", "charts", "charts/*/templates", "**/templates/*.yaml"] {
            let scratch = try helmTree()
            let root = scratch.path + "/tree"
            let plan = try Planner(root: root, exclusions: Exclusions([exclusion])).plan(set: "chroma_version", to: "1.2.3")
            #expect(plan.entries.map(\.path) == [root + "/chroma.tfvars"], "\(exclusion)")
            try plan.apply()
            #expect(try Corpora.text(URL(fileURLWithPath: root + "/chroma.tfvars")) == "chroma_version = \"1.2.3\"\n")
        }
    }

    @Test func anExcludedFolderIsNotEnteredSoNothingInItIsReported() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("gen/keep", "")
        #expect(mkfifo(scratch.path + "/gen/pipe.tfvars", 0o600) == 0)
        let plain = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plain.warnings.contains { $0.message.contains("FIFO") })
        for pattern in ["gen", "gen/**", "gen/*.tfvars"] {
            let excluded = try Planner(root: scratch.path, exclusions: Exclusions([pattern])).locate("chroma_version")
            #expect(excluded.warnings.isEmpty, "\(pattern): \(excluded.warnings)")
            #expect(excluded.entries.count == 1)
        }
    }

    @Test func theConfigsExcludeListWorksLikeTheOption() throws {
        let scratch = try helmTree()
        let root = scratch.path + "/tree"
        try scratch.write("tree/.tplpatch.yml", """
            exclude:
              - "charts/*/templates/**"
            variables:
              chroma_version:
                targets:
                  - file: "charts/**/values.yaml"
                    at: chroma_version

            """)
        let plan = try Planner(root: root).locate("chroma_version")
        #expect(plan.entries.map { String($0.path.dropFirst(root.count + 1)) } == ["charts/chroma/values.yaml", "chroma.tfvars"])
    }

    @Test func badExcludeEntriesAreErrorsAtTheirLine() throws {
        let cases: [(String, String, String)] = [
            ("exclude: charts/**\n", "'exclude' is a list of globs", ":1:10"),
            ("exclude:\n  - /abs/*\n", "is an absolute path", ":2:5"),
            ("exclude:\n  - ok\n  - a/../../b\n", "contains '..'", ":3:5"),
            ("exclude:\n  - \"\"\n", "is empty", ":2:5"),
            ("exclude:\n  - ~\n", "not null", ":2:5"),
            ("exclude:\n  pattern: x\n", "'exclude' is a list of globs", ":2:12"),
            ("excludes:\n  - x\n", "unknown key 'excludes' in the config (allowed: variables, exclude)", ":1:1"),
        ]
        for (config, message, place) in cases {
            let scratch = try Scratch()
            try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
            try scratch.write(".tplpatch.yml", config)
            do {
                _ = try Planner(root: scratch.path).locate("chroma_version")
                Issue.record("accepted: \(config)")
            } catch {
                #expect(error.description.contains(message), "\(config): \(error.description)")
                #expect(error.description.contains(".tplpatch.yml" + place), "\(config): \(error.description)")
            }
        }
    }

    @Test func aPlainConfigTargetThatIsExcludedIsSkippedWithAWarning() throws {
        let scratch = try Scratch()
        try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("gen/version.py", "__version__ = '1'\n")
        try scratch.write(".tplpatch.yml", """
            variables:
              chroma_version:
                targets:
                  - file: gen/version.py
                    at: __version__

            """)
        let plan = try Planner(root: scratch.path, exclusions: Exclusions(["gen"])).locate("chroma_version")
        #expect(plan.entries.map(\.selector) == ["chroma_version"])
        #expect(plan.warnings.contains { $0.message.contains("'gen/version.py' is excluded by 'gen'; this target is skipped") && $0.line == 4 })
    }

    // MARK: git

    @Test func gitIgnoredFilesAreSkippedWhenTheRootIsInAWorkTree() throws {
        let scratch = try Scratch()
        try gitRepository(scratch)
        try scratch.write(".gitignore", "build/\n*.generated.tfvars\n")
        try scratch.write(".git/info/exclude", "local/\n")
        try scratch.write("main.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("build/out.tfvars", "chroma_version = \"0\"\n")
        try scratch.write("x.generated.tfvars", "chroma_version = \"0\"\n")
        try scratch.write("local/broken.tfvars", "chroma_version = \n")
        try scratch.write("sub/.gitignore", "ignored.tfvars\n")
        try scratch.write("sub/ignored.tfvars", "chroma_version = \"0\"\n")
        try scratch.write("sub/kept.tfvars", "chroma_version = \"1\"\n")
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.map { String($0.path.dropFirst(scratch.path.count + 1)) } == ["main.tfvars", "sub/kept.tfvars"])
        #expect(plan.distinctOldValues == ["1"])
        // Not a filter without git's say: off, every file is read (and the broken one is an error).
        #expect(throws: PatchError.self) { try Planner(root: scratch.path, skipsGitIgnored: false).locate("chroma_version") }
    }

    @Test func aTrackedFileIsNotIgnoredAndASubfolderRootAsksGitToo() throws {
        let scratch = try Scratch()
        try gitRepository(scratch)
        try scratch.write("infra/a.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("infra/old.tfvars", "chroma_version = \"1\"\n")
        try git(["add", "infra/old.tfvars"], in: scratch.path)
        try scratch.write(".gitignore", "old.tfvars\ncache/\n")
        try scratch.write("infra/cache/c.tfvars", "chroma_version = \"0\"\n")
        let plan = try Planner(root: scratch.path + "/infra").locate("chroma_version")
        #expect(plan.entries.map { String($0.path.dropFirst(scratch.path.count + 1)) } == ["infra/a.tfvars", "infra/old.tfvars"])
    }

    @Test func whenGitFailsOtherwiseAWarningSaysNothingIsFiltered() throws {
        let scratch = try Scratch()
        try git(["init", "-q"], in: scratch.path)
        // Inside .git there is no work tree: git refuses with another message.
        guard case .failed(let message) = GitVisibility.of(root: scratch.path + "/.git") else {
            Issue.record("git did not fail inside .git")
            return
        }
        #expect(message.contains("work tree"), "\(message)")
        try scratch.write(".git/x.tfvars", "chroma_version = \"1\"\n")
        let plan = try Planner(root: scratch.path + "/.git").locate("chroma_version")
        #expect(plan.entries.count == 1)
        #expect(plan.warnings.contains { $0.message.contains("git-ignored files are not skipped") })
    }

    @Test func aRootGitIgnoresWholeIsSaidSo() throws {
        let scratch = try Scratch()
        try git(["init", "-q"], in: scratch.path)
        try scratch.write(".gitignore", "out/\n")
        try scratch.write("out/a.tfvars", "chroma_version = \"1\"\n")
        #expect { try Planner(root: scratch.path + "/out").locate("chroma_version") } throws: { error in
            (error as? PatchError)?.description.contains("git ignores every file under the root (1 file(s)), so all are skipped") == true
        }
    }

    @Test func outsideAWorkTreeNothingIsFiltered() throws {
        let scratch = try Scratch()
        try scratch.write(".gitignore", "build/\n")
        try scratch.write("build/out.tfvars", "chroma_version = \"1\"\n")
        #expect(GitVisibility.of(root: scratch.path) == .notARepository)
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.count == 1)
    }

    @Test func anIgnoredFileNamedAsAConfigTargetIsStillATarget() throws {
        let scratch = try Scratch()
        try gitRepository(scratch)
        try scratch.write(".gitignore", "gen/\n")
        try scratch.write("a.tfvars", "chroma_version = \"1\"\n")
        try scratch.write("gen/version.py", "__version__ = '1'\n")
        try scratch.write("gen/other.py", "__version__ = '1'\n")
        try scratch.write(".tplpatch.yml", """
            variables:
              chroma_version:
                targets:
                  - file: gen/version.py
                    at: __version__
                  - file: "**/*.tfvars"
                    at: chroma_version

            """)
        let plan = try Planner(root: scratch.path).locate("chroma_version")
        #expect(plan.entries.map { String($0.path.dropFirst(scratch.path.count + 1)) } == ["a.tfvars", "gen/version.py"])
        // A glob picks among the files git does not ignore.
        try scratch.write(".tplpatch.yml", """
            variables:
              chroma_version:
                targets:
                  - file: "gen/*.py"
                    at: __version__

            """)
        #expect(throws: PatchError.self) { try Planner(root: scratch.path).locate("chroma_version") }
    }
}

@Suite struct InitExclusionTests {
    @Test func initPassesOverExcludedFilesAndKeepsTheConfigsExcludeList() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("helm", as: "tree")
        try scratch.write("tree/.tplpatch.yml", """
            exclude:
              - "charts/*/templates"
              - "odd name/\\"q\\"*"
            variables:
              chroma_version:
                targets: []

            """)
        try scratch.write("tree/vendored/pkg/package.json", #"{"version": "0.5.20"}"#)
        let planner = Planner(root: root, exclusions: Exclusions(["vendored/**"]))
        let proposal = try ConfigProposal.propose("chroma_version", planner: planner)
        #expect(proposal.candidates.map { "\($0.file) \($0.selector)" } == ["charts/chroma/Chart.yaml appVersion"])
        try proposal.write(force: true)
        let written = try ProjectConfig.load(root: root)
        #expect(written?.exclude.map(\.pattern) == ["charts/*/templates", "odd name/\"q\"*"])
        // Only the config's list is written; --exclude was for that one run.
        #expect(!(try Corpora.text(URL(fileURLWithPath: root + "/.tplpatch.yml")).contains("vendored")))
        #expect(try Planner(root: root).locate("chroma_version").entries.count == 2)
    }

    @Test func initSkipsGitIgnoredCandidates() throws {
        let scratch = try Scratch()
        try git(["init", "-q"], in: scratch.path)
        try scratch.write("a.tfvars", "chroma_version = \"0.5.20\"\n")
        try scratch.write(".gitignore", "dist/\n")
        try scratch.write("dist/package.json", #"{"version": "0.5.20"}"#)
        try scratch.write("package.json", #"{"version": "0.5.20"}"#)
        let proposal = try ConfigProposal.propose("chroma_version", planner: Planner(root: scratch.path))
        #expect(proposal.candidates.map(\.file) == ["package.json"])
    }
}
