import Testing

@testable import TemplatePatch

/// The version arithmetic behind `tplpatch bump`: SemVer 2.0.0 and PEP 440.
@Suite struct VersionSchemeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var from: String
        var part: VersionPart
        var to: String
        var testDescription: String { "\(from) \(part) -> \(to)" }
        init(_ from: String, _ part: VersionPart, _ to: String) {
            self.from = from
            self.part = part
            self.to = to
        }
    }

    static let semverCases: [Case] = [
        Case("1.2.3", .patch, "1.2.4"),
        Case("1.2.3", .minor, "1.3.0"),
        Case("1.2.3", .major, "2.0.0"),
        Case("1.2.3", .prerelease, "1.2.4-rc.1"),
        Case("1.2.4-rc.1", .prerelease, "1.2.4-rc.2"),
        Case("1.2.4-rc.2", .release, "1.2.4"),
        Case("v1.2.3", .patch, "v1.2.4"),
        Case("V0.9.9", .minor, "V0.10.0"),
        Case("1.2.3+build.7", .minor, "1.3.0+build.7"),
        Case("1.2.4-rc.1+sha.5114f85", .release, "1.2.4+sha.5114f85"),
        // A pre-release comes before the release it names (npm's semver.inc).
        Case("1.2.4-rc.1", .patch, "1.2.4"),
        Case("1.3.0-rc.1", .minor, "1.3.0"),
        Case("1.2.4-rc.1", .minor, "1.3.0"),
        Case("2.0.0-rc.1", .major, "2.0.0"),
        Case("2.1.0-rc.1", .major, "3.0.0"),
        Case("1.2.4-beta", .prerelease, "1.2.4-beta.1"),
        Case("1.2.4-alpha.9", .prerelease, "1.2.4-alpha.10"),
        Case("1.2.4-alpha.1.x", .prerelease, "1.2.4-alpha.2.x"),
        Case("0.0.0", .patch, "0.0.1"),
    ]

    static let pep440Cases: [Case] = [
        Case("1.2.3", .prerelease, "1.2.4rc1"),
        Case("1.2.4rc1", .prerelease, "1.2.4rc2"),
        Case("1.2.4rc2", .release, "1.2.4"),
        Case("1.2.3", .patch, "1.2.4"),
        Case("1.2.3", .minor, "1.3.0"),
        Case("1.2.3", .major, "2.0.0"),
        Case("1!1.2.3", .patch, "1!1.2.4"),
        Case("1.2.3.post1", .patch, "1.2.4"),
        Case("1.2.4.dev3", .release, "1.2.4"),
        Case("1.2.4.dev3", .prerelease, "1.2.4rc1"),
        Case("1.2.4rc1.dev2", .prerelease, "1.2.4rc1"),
        Case("1.2.4a1", .prerelease, "1.2.4a2"),
        Case("1.2.4a1", .patch, "1.2.4"),
        Case("1.2.3+ubuntu.1", .patch, "1.2.4+ubuntu.1"),
        Case("v1.2.3", .patch, "v1.2.4"),
        // Other spellings PEP 440 allows are read, and the result is normalised.
        Case("1.0-alpha.1", .prerelease, "1.0a2"),
        Case("1.0RC1", .release, "1.0"),
        Case("1.0.0-preview3", .prerelease, "1.0.0rc4"),
        Case("1.0-1", .minor, "1.1"),
        Case("1.2.3+Local_Label-2", .patch, "1.2.4+local.label.2"),
        // The number of release components is kept, extended where the part needs it.
        Case("1.0", .patch, "1.0.1"),
        Case("1", .major, "2"),
        Case("1.2.3.4", .patch, "1.2.4.0"),
    ]

    static let bumps: [(VersionScheme, Case)] = semverCases.map { (.semver, $0) } + pep440Cases.map { (.pep440, $0) }

    @Test(arguments: bumps)
    func bumpGivesTheNextVersion(_ scheme: VersionScheme, _ c: Case) throws {
        #expect(try scheme.bump(c.from, c.part) == c.to)
        // Every result is itself a version of the scheme, and prints as it parses.
        switch scheme {
        case .semver: #expect(try SemanticVersion(parsing: c.to).description == c.to)
        case .pep440: #expect(try PEP440Version(parsing: c.to).description == c.to)
        }
    }

    static let notSemver = ["", "v", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.3-rc.01", "1.2.3-", "1.2.3+", "1.2.3-r@c", "1.2.3-rc..1", "1.2.x", " 1.2.3", "1.2.3 ", "١.٢.٣"]

    static let notPEP440 = ["", "abc", "1.2.x", "1.2.3+", "1.2.3+a..b", "1.2.3rc1rc2", "1.2.3.post1.post2", "1!", "1.2.3-", "1.2.3 ", "1.2.3+ä"]

    static let refusals: [(VersionScheme, String)] = notSemver.map { (.semver, $0) } + notPEP440.map { (.pep440, $0) }

    @Test(arguments: refusals)
    func textsThatAreNotVersionsOfTheSchemeAreRefusedWithAReason(_ scheme: VersionScheme, _ text: String) {
        #expect(throws: VersionError.self) { try scheme.validate(text) }
        do {
            try scheme.validate(text)
        } catch {
            #expect(error.text == text)
            #expect(!error.reason.isEmpty)
        }
    }

    @Test func releaseOfAFinalVersionIsAClearError() {
        for (scheme, text) in [(VersionScheme.semver, "1.2.3"), (.pep440, "1.2.3"), (.pep440, "1.2.3.post1")] {
            do {
                let bumped = try scheme.bump(text, .release)
                Issue.record("\(scheme) \(text) release gave \(bumped)")
            } catch {
                #expect(error.reason.contains("already a release"))
            }
        }
    }

    @Test func aNumberAtItsLimitIsAnErrorNotAWrap() {
        #expect(throws: VersionError.self) { try VersionScheme.semver.bump("1.2.18446744073709551615", .patch) }
        #expect(throws: VersionError.self) { try VersionScheme.semver.validate("1.2.18446744073709551616") }
        #expect(throws: VersionError.self) { try VersionScheme.pep440.bump("1.2.18446744073709551615", .patch) }
    }

    @Test func sameVersionSetsAsideOnlyTheLeadingVAndSpelling() {
        #expect(VersionScheme.semver.sameVersion("v1.2.3", "1.2.3"))
        #expect(!VersionScheme.semver.sameVersion("1.2.3+a", "1.2.3+b"))
        #expect(!VersionScheme.semver.sameVersion("1.2.3", "1.2.4"))
        #expect(VersionScheme.pep440.sameVersion("1.0RC1", "v1.0rc1"))
        #expect(VersionScheme.pep440.sameVersion("1.0-1", "1.0.post1"))
        #expect(!VersionScheme.pep440.sameVersion("1.0", "1.0.0a1"))
        #expect(!VersionScheme.semver.sameVersion("not", "not"))
    }
}
