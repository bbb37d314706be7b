/// The part of a version that `tplpatch bump` moves.
public enum VersionPart: String, CaseIterable, Sendable {
    case major, minor, patch, prerelease, release
}

/// Why a text is not a version under a scheme, or cannot be bumped.
public struct VersionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that was read.
    public var text: String
    /// Why, for a person.
    public var reason: String

    public init(_ text: String, _ reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "'\(text)': \(reason)" }
}

/// A versioning scheme: how a version is read, compared and bumped.
public enum VersionScheme: String, CaseIterable, Sendable {
    /// Semantic Versioning 2.0.0, the default.
    case semver
    /// Python's PEP 440.
    case pep440

    /// Throws unless `text` is a version under this scheme.
    public func validate(_ text: String) throws(VersionError) {
        switch self {
        case .semver: _ = try SemanticVersion(parsing: text)
        case .pep440: _ = try PEP440Version(parsing: text)
        }
    }

    /// The version after `text` for `part`.
    public func bump(_ text: String, _ part: VersionPart) throws(VersionError) -> String {
        switch self {
        case .semver: return try SemanticVersion(parsing: text).bumped(part).description
        case .pep440: return try PEP440Version(parsing: text).bumped(part).description
        }
    }

    /// Whether two texts name the same version under this scheme once a
    /// leading `v` is set aside (and, for PEP 440, once both are normalised:
    /// `1.0RC1` is `1.0rc1`). SemVer's build metadata is compared: two
    /// builds are different values to write, though they rank the same.
    /// Nothing calls it yet: it is meant for `set --from` (issue 10) to
    /// explain a mismatch while still requiring the exact text, so that
    /// `v1.2.3` never silently stands for `1.2.3`.
    public func sameVersion(_ a: String, _ b: String) -> Bool {
        switch self {
        case .semver:
            guard var x = try? SemanticVersion(parsing: a), var y = try? SemanticVersion(parsing: b) else { return false }
            x.prefix = ""
            y.prefix = ""
            return x == y
        case .pep440:
            guard var x = try? PEP440Version(parsing: a), var y = try? PEP440Version(parsing: b) else { return false }
            x.prefix = ""
            y.prefix = ""
            return x == y
        }
    }
}
