import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// `package-lock.json` beside a `package.json` whose version is a target.
@Suite struct NpmLockfileTests {
    static let config = """
        variables:
          js_version:
            targets:
              - file: "**/package.json"
                at: version

        """

    @Test func theLockfileVersionsAreTargetsToo() throws {
        let scratch = try Scratch()
        try scratch.write(".tplpatch.yml", Self.config)
        try scratch.write("js/package.json", "{\n  \"name\": \"x\",\n  \"version\": \"2.4.6\"\n}\n")
        let lock = """
            {
              "name": "x",
              "version": "2.4.6",
              "lockfileVersion": 3,
              "requires": true,
              "packages": {
                "": {
                  "name": "x",
                  "version": "2.4.6",
                  "dependencies": {"dep": "^1.0.0"}
                },
                "node_modules/dep": {
                  "version": "2.4.6"
                }
              }
            }

            """
        try scratch.write("js/package-lock.json", lock)
        let planner = Planner(root: scratch.path)
        let located = try planner.locate("js_version")
        #expect(located.entries.map { "\($0.path.dropFirst(scratch.path.count + 1)):\($0.location) \($0.selector)" } == [
            "js/package-lock.json:3:14 version", "js/package-lock.json:9:18 packages.\"\".version", "js/package.json:3:14 version",
        ])
        #expect(located.entries.first?.origin == .convention("npm lockfile"))
        let bump = try planner.plan(bump: "js_version", part: .patch)
        try bump.plan.apply()
        // The dependency's own version stays.
        #expect(try String(contentsOfFile: scratch.path + "/js/package-lock.json", encoding: .utf8)
            == lock.replacingOccurrences(of: "\"version\": \"2.4.6\",\n  \"lockfileVersion\"", with: "\"version\": \"2.4.7\",\n  \"lockfileVersion\"")
            .replacingOccurrences(of: "\"version\": \"2.4.6\",\n      \"dependencies\"", with: "\"version\": \"2.4.7\",\n      \"dependencies\""))
        #expect(try String(contentsOfFile: scratch.path + "/js/package.json", encoding: .utf8).contains("\"version\": \"2.4.7\""))
    }

    @Test func aVersionOneLockfileHasOnlyItsTopLevelVersion() throws {
        let scratch = try Scratch()
        try scratch.write(".tplpatch.yml", Self.config)
        try scratch.write("package.json", #"{"version": "1.0.0"}"#)
        try scratch.write("package-lock.json", #"{"name": "x", "version": "1.0.0", "lockfileVersion": 1, "dependencies": {}}"#)
        // A package.json elsewhere with no lockfile is fine.
        try scratch.write("other/package.json", #"{"version": "1.0.0"}"#)
        let plan = try Planner(root: scratch.path).plan(set: "js_version", to: "1.1.0")
        #expect(plan.entries.map(\.selector) == ["version", "version", "version"])
        try plan.apply()
        #expect(try String(contentsOfFile: scratch.path + "/package-lock.json", encoding: .utf8)
            == #"{"name": "x", "version": "1.1.0", "lockfileVersion": 1, "dependencies": {}}"#)
    }

    @Test func aLockfileThatDoesNotParseStopsTheSet() throws {
        let scratch = try Scratch()
        try scratch.write(".tplpatch.yml", Self.config)
        try scratch.write("package.json", #"{"version": "1.0.0"}"#)
        try scratch.write("package-lock.json", "{\"version\": \"1.0.0\",}\n")
        let before = try scratch.snapshot()
        #expect { try Planner(root: scratch.path).plan(set: "js_version", to: "1.1.0") } throws: { error in
            guard let error = error as? PatchError, let first = error.diagnostics.first else { return false }
            return first.file == scratch.path + "/package-lock.json" && first.line == 1
        }
        #expect(try scratch.snapshot() == before)
    }

    @Test func aLockfileDriftShowsInGet() throws {
        let scratch = try Scratch()
        try scratch.write(".tplpatch.yml", Self.config)
        try scratch.write("package.json", #"{"version": "1.0.0"}"#)
        try scratch.write("package-lock.json", #"{"version": "0.9.0", "lockfileVersion": 3, "packages": {"": {"version": "1.0.0"}}}"#)
        #expect(try Planner(root: scratch.path).locate("js_version").distinctOldValues == ["0.9.0", "1.0.0"])
    }
}
