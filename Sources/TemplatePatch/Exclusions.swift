/// Globs naming files and folders that discovery, config globs and `check`
/// pass over (`--exclude GLOB`, `exclude:` in `.tplpatch.yml`).
///
/// A pattern is matched against root-relative, `/`-separated paths with the
/// config's own glob matcher: `*` and `?` within one segment, `**` across
/// segments, everything else literal. It is anchored at the root, as a
/// config target's `file` is: `*.md` is the Markdown files at the top, and
/// `**/*.md` every Markdown file. A pattern that matches a folder excludes
/// everything under it (`charts` and `charts/*` exclude `charts/x/a.yaml`
/// as `charts/**` does). A leading `./` and a trailing `/` are dropped.
public struct Exclusions: Sendable, Equatable {
    /// The patterns as given (after dropping a leading `./` and a trailing `/`).
    public private(set) var patterns: [String]

    /// Exclusions from `patterns`; each must be valid (see `problem(with:)`).
    public init(_ patterns: [String] = []) {
        self.patterns = []
        for pattern in patterns { add(pattern) }
    }

    /// Adds one pattern (normalised as `init` does).
    public mutating func add(_ pattern: String) {
        patterns.append(Exclusions.normalised(pattern))
    }

    /// Both lists, `self`'s first.
    public func merged(with other: Exclusions) -> Exclusions {
        var result = self
        result.patterns += other.patterns
        return result
    }

    public var isEmpty: Bool { patterns.isEmpty }

    /// Why `pattern` cannot be an exclusion, or nil: it is empty, absolute
    /// (patterns are relative to the root), or climbs out with `..`.
    public static func problem(with pattern: String) -> String? {
        if pattern.hasPrefix("/") { return "is an absolute path; an exclusion is a glob relative to the root (write it without the leading /)" }
        let trimmed = normalised(pattern)
        if trimmed.isEmpty { return "is empty; an exclusion names files or folders under the root" }
        if trimmed.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." }) {
            return "contains '..'; an exclusion names files or folders under the root"
        }
        return nil
    }

    static func normalised(_ pattern: String) -> String {
        var text = Substring(pattern)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        while text.count > 1, text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

    /// The first pattern that matches `relative` itself (not its folders),
    /// or nil. `dir/**` also matches `dir`, so the walk need not enter it.
    public func pattern(matching relative: String) -> String? {
        patterns.first { pattern in
            Glob.matches(pattern, relative) || (pattern.hasSuffix("/**") && Glob.matches(String(pattern.dropLast(3)), relative))
        }
    }

    /// The first pattern that excludes `relative`: one that matches the path
    /// or any folder above it. Nil when the path is not excluded.
    public func pattern(excluding relative: String) -> String? {
        guard !patterns.isEmpty else { return nil }
        if let hit = pattern(matching: relative) { return hit }
        var prefix = Substring(relative)
        while let slash = prefix.lastIndex(of: "/") {
            prefix = prefix[..<slash]
            if let hit = pattern(matching: String(prefix)) { return hit }
        }
        return nil
    }

    /// Whether `relative` (a file or folder) is excluded.
    public func excludes(_ relative: String) -> Bool {
        pattern(excluding: relative) != nil
    }
}
