import CBuildInfo

/// What `tplpatch --version` prints: the package version and the git
/// commit the binary was built from, when the build knew it.
enum BuildVersion {
    /// The package version (Semantic Versioning; CHANGELOG.md). Changed by
    /// hand at a release, together with the changelog's heading.
    static let package = "0.1.0"

    /// The commit id (40 hex digits, with `-dirty` when the work tree had
    /// changes), or nil: a plain `swift build` is not told it; `make` is.
    static var commit: String? {
        let text = String(cString: tplpatch_git_commit())
        return text.isEmpty ? nil : text
    }

    /// `0.1.0 (commit 74ca3a0…)`, or `0.1.0 (commit unknown)`.
    static var description: String { "\(package) (commit \(commit ?? "unknown"))" }
}
