import Foundation
import TestSupport
import Testing

/// `tplpatch --version`: the package version, which the changelog names,
/// and the commit the build was told (README "Versions and the changelog").
@Suite struct VersionCLITests {
    /// `0.1.0 (commit <id>)` or `0.1.0 (commit unknown)`.
    private static func parse(_ line: String) -> (version: String, commit: String)? {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "(commit", parts[2].hasSuffix(")") else { return nil }
        return (String(parts[0]), String(parts[2].dropLast()))
    }

    @Test func versionNamesThePackageVersionAndTheCommit() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.trimmingCharacters(in: .newlines)
        let parsed = try #require(Self.parse(line), "not 'X.Y.Z (commit ID)': \(line)")
        let numbers = parsed.version.split(separator: ".")
        #expect(numbers.count == 3 && numbers.allSatisfy { UInt($0) != nil }, "not a SemVer core: \(parsed.version)")

        // `make` tells the build the commit through the environment it also
        // gives this test; a plain `swift build` tells none.
        let told = ProcessInfo.processInfo.environment["TPLPATCH_GIT_COMMIT"] ?? ""
        #expect(parsed.commit == (told.isEmpty ? "unknown" : told))
    }

    @Test func theChangelogNamesTheVersion() throws {
        let version = try #require(Self.parse(try CLI.run(["--version"]).stdout.trimmingCharacters(in: .newlines))).version
        let changelog = try String(contentsOf: Corpora.packageRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let headings = changelog.split(separator: "\n").filter { $0.hasPrefix("## [") }
        // Keep a Changelog: an Unreleased section on top, then one per release.
        #expect(headings.first == "## [Unreleased]")
        let released = headings.contains { $0.hasPrefix("## [\(version)] - ") }
        #expect(released || changelog.contains("will be \(version)"), "CHANGELOG.md names no \(version)")
    }
}
