import TemplateSyntax

/// The git steps around a release's edits (`set --branch --commit`):
/// create and switch to a branch, write, commit exactly the changed files.
///
/// Everything that can be checked is checked before anything changes
/// (`prepare`): the root is in a git work tree, the files that would change
/// have no uncommitted changes (staged or not, untracked, or ignored when
/// committing), the branch name is valid and no such branch exists. Then
/// `run` does, in this order: create the branch, write the files (all or
/// nothing), commit.
public struct GitSteps: Sendable, Equatable {
    /// The branch to create, `{name}` and `{value}` substituted; nil: none.
    public var branch: String?
    /// Whether to commit the changed files.
    public var commit: Bool
    /// The commit message, `{name}` and `{value}` substituted; nil: `defaultMessage`.
    public var message: String?

    /// `Release NAME VALUE`.
    public static let defaultMessage = "Release {name} {value}"

    public init(branch: String? = nil, commit: Bool = false, message: String? = nil) {
        self.branch = branch
        self.commit = commit
        self.message = message
    }

    /// Whether there is no git step to take.
    public var isEmpty: Bool { branch == nil && !commit }

    /// `template` with every `{name}` and `{value}` replaced. Any other
    /// `{word}` is refused as a usage error (exit 2): it is a typo more
    /// often than a wish for braces in a branch name.
    public static func substitute(_ template: String, name: String, value: String, option: String) throws(PatchError) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                result += rest[open...]
                rest = ""
                break
            }
            let word = after[..<close]
            switch word {
            case "name": result += name
            case "value": result += value
            default:
                throw PatchError(
                    [Diagnostic(.error, "\(option) '\(template)' has an unknown placeholder {\(word)}; the known ones are {name} and {value}")],
                    exitCode: 2)
            }
            rest = after[after.index(after: close)...]
        }
        return result + rest
    }

    /// Checks the steps against `plan` (made for `name` and `value`) and the
    /// work tree at the plan's root, before anything changes. With nothing
    /// to change, nothing is checked and `run` takes no git step.
    public func prepare(
        for plan: Plan, name: String, value: String, environment: [String: String] = [:]
    ) throws(PatchError) -> PreparedGitSteps {
        var branchName: String?
        if let branch { branchName = try Self.substitute(branch, name: name, value: value, option: "--branch") }
        var commitMessage: String?
        if commit { commitMessage = try Self.substitute(message ?? Self.defaultMessage, name: name, value: value, option: "--message") }
        let root = plan.root ?? "."
        let repository = GitRepository(directory: root, environment: environment)
        let paths = plan.changedFiles.map(\.diffPath)
        let prepared = PreparedGitSteps(repository: repository, branch: branchName, message: commitMessage, paths: paths)
        guard !isEmpty, !paths.isEmpty else { return prepared }
        guard try repository.topLevel() != nil else {
            throw PatchError([Diagnostic(.error, "--branch and --commit need a git work tree, and \(root) is not inside one")])
        }
        if let branchName {
            if let problem = try repository.branchNameProblem(branchName) {
                throw PatchError([Diagnostic(.error, "--branch: \(problem)")], exitCode: 2)
            }
            if try repository.branchExists(branchName) {
                throw PatchError([Diagnostic(.error, "the branch '\(branchName)' exists already; nothing was written")])
            }
        }
        let states = try repository.status(of: paths)
        let dirty = plan.changedFiles.compactMap { file -> Diagnostic? in
            guard let state = states[file.diffPath] else { return nil }
            if state.isIgnored && !commit { return nil }
            if state.isIgnored {
                return Diagnostic(
                    .error, "\(state), so --commit cannot commit it; stop ignoring it, or release without --commit", file: file.path)
            }
            let advice =
                state.isUntracked
                ? "add and commit it first, so the release commit holds only its own edit"
                : "commit or stash them first, so the release commit holds only its own edit"
            return Diagnostic(.error, "\(state); \(advice)", file: file.path)
        }
        if !dirty.isEmpty {
            throw PatchError(dirty + [Diagnostic(.note, "nothing was written, no branch was created")])
        }
        return prepared
    }
}

/// Git steps checked against a plan and a work tree (`GitSteps.prepare`).
public struct PreparedGitSteps: Sendable {
    public let repository: GitRepository
    /// The branch to create, substituted; nil: none.
    public let branch: String?
    /// The commit message, substituted; nil: no commit.
    public let message: String?
    /// The files that change, relative to the root: what is committed.
    public let paths: [String]

    /// What `run` did.
    public struct Outcome: Sendable, Equatable {
        /// The branch created and switched to.
        public var branch: String?
        /// The commit made.
        public var commit: String?

        public init(branch: String? = nil, commit: String? = nil) {
            self.branch = branch
            self.commit = commit
        }
    }

    /// Creates the branch, writes `plan` (`Plan.apply`, all or nothing),
    /// commits the changed files, in that order. A failure is an error
    /// (exit 1) that says what has already happened: after the branch, that
    /// it exists and is checked out; after the write, that the files are
    /// written but not committed. A target with other hard links is refused
    /// unless `breakingHardLinks` (see `Plan.apply(breakingHardLinks:)`).
    public func run(writing plan: Plan, breakingHardLinks: Bool = false) throws(PatchError) -> Outcome {
        var outcome = Outcome()
        // With nothing to change there is no git step, but the write still
        // runs (it removes stale temporary files, as `set` always does).
        let releasing = !paths.isEmpty
        if releasing, let branch {
            try repository.createBranch(branch)
            outcome.branch = branch
        }
        do {
            try plan.apply(breakingHardLinks: breakingHardLinks)
        } catch {
            var failure = error
            if releasing, let branch {
                failure.diagnostics.append(Diagnostic(.note, "the branch '\(branch)' was created and is checked out; no file was written"))
            }
            throw failure
        }
        if releasing, let message {
            do {
                outcome.commit = try repository.commit(paths: paths, message: message)
            } catch {
                var failure = error
                let on = branch.map { " on the branch '\($0)'" } ?? ""
                failure.diagnostics.append(Diagnostic(
                    .note,
                    "\(paths.count) file(s) were written\(on) but NOT committed: \(paths.joined(separator: ", ")); commit them yourself, or undo the edit with `git checkout -- <files>`"))
                failure.exitCode = 1
                throw failure
            }
        }
        return outcome
    }
}

/// `tplpatch tag`: an annotated tag named after the version every target
/// holds, at HEAD.
public enum ReleaseTag {
    /// What `make` did.
    public struct Outcome: Sendable, Equatable {
        public var tag: String
        public var commit: String
        /// False when the tag was at HEAD already.
        public var created: Bool
        /// The remote it was pushed to, if any.
        public var pushed: String?
    }

    /// Tags HEAD with `prefix` + the value every target in `plan` holds
    /// (`Planner.locate`). Drift (targets disagree) is exit 3. The files
    /// holding targets must have no uncommitted changes, so the value read
    /// is the one HEAD has. A tag of that name at HEAD already is no error
    /// (it is pushed again with `push`); at another commit it is (exit 1).
    /// `message` has `{name}` and `{value}` substituted (default
    /// `Release NAME VALUE`).
    public static func make(
        for plan: Plan, name: String, prefix: String = "", message: String? = nil, push remote: String? = nil,
        environment: [String: String] = [:]
    ) throws(PatchError) -> Outcome {
        let values = plan.distinctOldValues
        guard values.count == 1, let value = values.first else {
            throw PatchError(
                [Diagnostic(.error, "the targets of \(name) disagree: \(values.joined(separator: ", ")); no tag was made")], exitCode: 3)
        }
        let text = try GitSteps.substitute(message ?? GitSteps.defaultMessage, name: name, value: value, option: "--message")
        let root = plan.root ?? "."
        let repository = GitRepository(directory: root, environment: environment)
        guard try repository.topLevel() != nil else {
            throw PatchError([Diagnostic(.error, "tag needs a git work tree, and \(root) is not inside one")])
        }
        let tag = prefix + value
        if let problem = try repository.tagNameProblem(tag) {
            throw PatchError([Diagnostic(.error, problem)])
        }
        let states = try repository.status(of: plan.files.map(\.diffPath))
        let dirty = plan.files.compactMap { file -> Diagnostic? in
            states[file.diffPath].map {
                Diagnostic(.error, "\($0), so HEAD may not hold \(value); commit first", file: file.path)
            }
        }
        guard dirty.isEmpty else { throw PatchError(dirty + [Diagnostic(.note, "no tag was made")]) }
        guard let head = try repository.commit(of: "HEAD") else {
            throw PatchError([Diagnostic(.error, "the repository has no commit yet to tag")])
        }
        var outcome = Outcome(tag: tag, commit: head, created: false, pushed: nil)
        if let existing = try repository.commit(of: "refs/tags/" + tag) {
            guard existing == head else {
                throw PatchError([Diagnostic(
                    .error, "the tag '\(tag)' exists already at \(existing.prefix(12)), not at HEAD (\(head.prefix(12))); no tag was made")])
            }
        } else {
            try repository.createTag(tag, message: text)
            outcome.created = true
        }
        if let remote {
            do {
                try repository.pushTag(tag, to: remote)
            } catch {
                var failure = error
                failure.diagnostics.append(Diagnostic(
                    .note, outcome.created ? "the tag '\(tag)' was made here but not pushed" : "the tag '\(tag)' is here but not pushed"))
                throw failure
            }
            outcome.pushed = remote
        }
        return outcome
    }
}
