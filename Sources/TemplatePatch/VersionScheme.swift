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

    /// How the scheme is named in messages (`SemVer`, `PEP 440`).
    public var displayName: String {
        switch self {
        case .semver: return "SemVer"
        case .pep440: return "PEP 440"
        }
    }

    /// The scheme named `text` (`semver`, `pep440`), or nil.
    public static func named(_ text: String) -> VersionScheme? { VersionScheme(rawValue: text) }

    /// Whether two texts are the same version under this scheme, written
    /// in the same form as far as the scheme sees one: both parse, and they
    /// agree in every part, the leading `v` included (so `v1.2.3` is not
    /// `1.2.3`). For PEP 440 the comparison is after normalisation, as PEP
    /// 440 defines equality: `1.0RC1` is `1.0rc1`, `1.0-post1` is
    /// `1.0.post1`. SemVer's build metadata is compared. `set --from` uses
    /// this when a scheme is named.
    public func equal(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        switch self {
        case .semver:
            guard let x = try? SemanticVersion(parsing: a), let y = try? SemanticVersion(parsing: b) else { return false }
            return x == y
        case .pep440:
            guard let x = try? PEP440Version(parsing: a), let y = try? PEP440Version(parsing: b) else { return false }
            return x == y
        }
    }

    /// Whether two texts name the same version under this scheme once a
    /// leading `v` is set aside (and, for PEP 440, once both are normalised:
    /// `1.0RC1` is `1.0rc1`). SemVer's build metadata is compared: two
    /// builds are different values to write, though they rank the same.
    /// `set --from` uses it only to explain a mismatch (`equal` decides),
    /// so that `v1.2.3` never silently stands for `1.2.3`.
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
