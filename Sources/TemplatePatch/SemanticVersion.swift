/// A version under Semantic Versioning 2.0.0 (`MAJOR.MINOR.PATCH`, an
/// optional `-PRERELEASE` and `+BUILD`), with the leading `v` many projects
/// write kept as part of its form.
public struct SemanticVersion: Sendable, Hashable, CustomStringConvertible {
    /// `v` or `V` when the text had one, else empty; kept on every bump.
    public var prefix: String
    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    /// The dot-separated pre-release identifiers (`["rc", "1"]`); empty for a release.
    public var prerelease: [String]
    /// The dot-separated build metadata identifiers; kept on every bump.
    public var build: [String]

    public init(
        prefix: String = "", major: UInt64, minor: UInt64, patch: UInt64, prerelease: [String] = [], build: [String] = []
    ) {
        self.prefix = prefix
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses `text` exactly as SemVer 2.0.0's grammar has it (numbers
    /// without leading zeros, identifiers of ASCII letters, digits and `-`),
    /// after an optional `v`.
    public init(parsing text: String) throws(VersionError) {
        var rest = Substring(text)
        prefix = ""
        if let first = rest.first, first == "v" || first == "V" {
            prefix = String(first)
            rest = rest.dropFirst()
        }
        var buildPart: Substring?
        if let plus = rest.firstIndex(of: "+") {
            buildPart = rest[rest.index(after: plus)...]
            rest = rest[..<plus]
        }
        var prePart: Substring?
        if let dash = rest.firstIndex(of: "-") {
            prePart = rest[rest.index(after: dash)...]
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else {
            throw VersionError(text, "a SemVer version has three numbers, MAJOR.MINOR.PATCH (as 1.2.3)")
        }
        var numbers: [UInt64] = []
        for part in core {
            numbers.append(try Self.number(part, in: text, what: "MAJOR.MINOR.PATCH"))
        }
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
        prerelease = []
        if let prePart {
            for identifier in prePart.split(separator: ".", omittingEmptySubsequences: false) {
                try Self.checkIdentifier(identifier, in: text, what: "pre-release")
                if identifier.allSatisfy(\.isASCIIDigit) { _ = try Self.number(identifier, in: text, what: "pre-release") }
                prerelease.append(String(identifier))
            }
        }
        build = []
        if let buildPart {
            for identifier in buildPart.split(separator: ".", omittingEmptySubsequences: false) {
                try Self.checkIdentifier(identifier, in: text, what: "build metadata")
                build.append(String(identifier))
            }
        }
    }

    public var isPrerelease: Bool { !prerelease.isEmpty }

    public var description: String {
        var text = "\(prefix)\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    /// The next version for `part`. A pre-release counts as coming before
    /// the release it names, as npm's `semver.inc` has it: `patch` of
    /// `1.2.4-rc.1` is `1.2.4`, `minor` of `1.3.0-rc.1` is `1.3.0`. The
    /// prefix and the build metadata keep their form.
    public func bumped(_ part: VersionPart, preLabel: String = "rc") throws(VersionError) -> SemanticVersion {
        var next = self
        next.prerelease = []
        switch part {
        case .major:
            if !(isPrerelease && minor == 0 && patch == 0) { next.major = try Self.increment(major, self) }
            next.minor = 0
            next.patch = 0
        case .minor:
            if !(isPrerelease && patch == 0) { next.minor = try Self.increment(minor, self) }
            next.patch = 0
        case .patch:
            if !isPrerelease { next.patch = try Self.increment(patch, self) }
        case .prerelease:
            if isPrerelease {
                var identifiers = prerelease
                if let last = identifiers.lastIndex(where: { $0.allSatisfy(\.isASCIIDigit) }),
                    let value = UInt64(identifiers[last])
                {
                    identifiers[last] = String(try Self.increment(value, self))
                } else {
                    identifiers.append("1")
                }
                next.prerelease = identifiers
            } else {
                next.patch = try Self.increment(patch, self)
                next.prerelease = [preLabel, "1"]
            }
        case .release:
            guard isPrerelease else {
                throw VersionError(description, "it is already a release (no pre-release part to drop); bump major, minor or patch instead")
            }
        }
        return next
    }

    private static func increment(_ value: UInt64, _ version: SemanticVersion) throws(VersionError) -> UInt64 {
        guard value < UInt64.max else { throw VersionError(version.description, "a number is too large to increment") }
        return value + 1
    }

    private static func number(_ part: Substring, in text: String, what: String) throws(VersionError) -> UInt64 {
        guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit) else {
            throw VersionError(text, "'\(part)' in \(what) is not a number")
        }
        guard part == "0" || part.first != "0" else {
            throw VersionError(text, "'\(part)' in \(what) has a leading zero, which SemVer does not allow")
        }
        guard let value = UInt64(part) else { throw VersionError(text, "'\(part)' in \(what) is too large") }
        return value
    }

    private static func checkIdentifier(_ identifier: Substring, in text: String, what: String) throws(VersionError) {
        guard !identifier.isEmpty else { throw VersionError(text, "the \(what) has an empty identifier") }
        guard identifier.allSatisfy({ $0.isASCIIDigit || $0.isASCIILetter || $0 == "-" }) else {
            throw VersionError(text, "'\(identifier)' in the \(what) may hold only ASCII letters, digits and '-'")
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
