/// What git says about the files under a root: which are not ignored.
/// Asked once per run with `git ls-files -co --exclude-standard -z`, run in
/// the root: the tracked files and the untracked ones no `.gitignore`,
/// `.git/info/exclude` or `core.excludesFile` rule ignores. A tracked file
/// is never ignored, whatever the rules say (as git sees it).
public enum GitVisibility: Sendable, Equatable {
    /// The root is in a git work tree; these root-relative paths are not
    /// ignored. A path ending in `/` (an untracked nested repository) or
    /// naming a submodule covers everything under it.
    case listed(Set<String>)
    /// No git, or the root is not inside a work tree: nothing is filtered.
    case notARepository
    /// git ran and failed for another reason (the message): nothing is
    /// filtered, and discovery warns.
    case failed(String)

    /// Asks git about the files under `root`.
    public static func of(root: String) -> GitVisibility {
        guard let run = ChildRun.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z"]) else {
            return .notARepository
        }
        if run.status == 0 {
            var paths: Set<String> = []
            for piece in run.stdout.split(separator: 0, omittingEmptySubsequences: true) {
                var path = String(decoding: piece, as: UTF8.self)
                while path.count > 1, path.hasSuffix("/") { path.removeLast() }
                paths.insert(path)
            }
            return .listed(paths)
        }
        let message = String(decoding: run.stderr, as: UTF8.self).trimmingWhitespace
        // 127: no git on PATH (the shell's convention, which ChildRun follows).
        if run.status == 127 || message.contains("not a git repository") { return .notARepository }
        return .failed(message.isEmpty ? "git ls-files exited with status \(run.status)" : message)
    }

    /// Whether the root-relative file `relative` is visible (not ignored).
    public func shows(_ relative: String) -> Bool {
        guard case .listed(let paths) = self else { return true }
        if paths.contains(relative) { return true }
        var prefix = Substring(relative)
        while let slash = prefix.lastIndex(of: "/") {
            prefix = prefix[..<slash]
            if paths.contains(String(prefix)) { return true }
        }
        return false
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
