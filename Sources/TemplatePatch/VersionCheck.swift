import TemplateSyntax

extension Planner {
    /// The targets of `name` in the one file at `path`: what the convention
    /// rules find there (for a CloudFormation template,
    /// `Parameters.ChromaVersion.Default`) and what the project config under
    /// the planner's root names in that file.
    ///
    /// A file that does not parse, or holds no target, is an error (exit
    /// status 1) whose message lists what was tried.
    public func locate(_ name: String, inFile path: String, format: Format? = nil) throws(PatchError) -> FilePlan {
        let spellings = NameSpellings(name)
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        // Paths are taken as given (relative to the working directory), so
        // the file is read where the user named it; config globs are matched
        // against its path relative to the root.
        let single = Planner(root: ".", rules: rules, maxFileSize: maxFileSize)
        var collector = TargetCollector(planner: single, spellings: spellings)
        collector.applyConventions(String(relative), format: format, strict: true)
        // The config is the root's; with the default root, the nearest one
        // above the file (as git finds its repository), so running from a
        // subfolder or naming the file by an absolute path checks the same
        // targets. Paths are compared by their real paths, whatever their
        // spelling (`./`, `//`, symbolic links).
        let fileReal = FileIO.realPath(path) ?? path
        let configRoot = root == "." ? ProjectConfig.nearestRoot(above: fileReal) : root
        if let configRoot, let config = try ProjectConfig.load(root: configRoot, maxFileSize: maxFileSize), let variable = config.variable(name) {
            let rootReal = FileIO.realPath(configRoot) ?? configRoot
            let prefix = rootReal.hasSuffix("/") ? rootReal : rootReal + "/"
            guard fileReal.hasPrefix(prefix) else {
                throw PatchError([Diagnostic(
                    .error, "the file is outside \(configRoot), whose \(ProjectConfig.fileNames[0]) names targets of '\(name)'; they cannot be checked",
                    file: path)])
            }
            let underRoot = String(fileReal.dropFirst(prefix.count))
            for target in variable.targets {
                var named = Substring(target.file)
                while named.hasPrefix("./") { named = named.dropFirst(2) }
                let literal = FileIO.realPath(prefix + named)
                let applies = literal.map { $0 == fileReal } ?? (Glob.isPattern(String(named)) && Glob.matches(String(named), underRoot))
                guard applies else { continue }
                var local = target
                local.file = String(relative)
                collector.addConfigTarget(local, config: config, relativePaths: [String(relative)], confined: false)
            }
        }
        guard collector.diagnostics.isEmpty else { throw PatchError(collector.diagnostics) }
        guard let file = collector.plans().first else {
            let applicable = rules.filter { Format.detect(path: path) == $0.format || format == $0.format }
            let tried = applicable.isEmpty
                ? "no convention rule applies to files named like this"
                : "tried " + applicable.map { "\($0.name): \($0.describe(spellings))" }.joined(separator: "; ")
            throw PatchError([Diagnostic(.error, "no target for '\(name)' in this file (\(tried); nor does \(ProjectConfig.fileNames[0]) name one)", file: path)])
        }
        return file
    }

    /// Checks that every target of `name` in `path` holds `expected`, as
    /// `tplpatch publish --release-version` does before it uploads anything: a
    /// template that says another version must not be published as that
    /// release. Returns the targets when they all agree.
    ///
    /// A target holding another value is an error with exit status 3, one
    /// diagnostic per such target, pointing at its value.
    public func verify(_ name: String, inFile path: String, holds expected: String, format: Format? = nil)
        throws(PatchError) -> FilePlan
    {
        let file = try locate(name, inFile: path, format: format)
        let stray = file.entries.filter { $0.oldValue != expected }
        guard stray.isEmpty else {
            throw PatchError(stray.map { entry in
                Diagnostic(
                    .error,
                    "'\(entry.selector)' holds '\(entry.oldValue)', not '\(expected)' as --release-version says; "
                        + "run `tplpatch set \(name) \(expected)` first",
                    at: entry.slot.range.lowerBound, in: file.original)
            }, exitCode: 3)
        }
        return file
    }
}
