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
        let single = Planner(root: ".", rules: rules)
        var collector = TargetCollector(planner: single, spellings: spellings)
        collector.applyConventions(String(relative), format: format, strict: true)
        let config = try ProjectConfig.load(root: root)
        if let config, let variable = config.variable(name) {
            let underRoot = root == "." ? String(relative) : String(relative.dropFirst(root.hasSuffix("/") ? root.count : root.count + 1))
            for target in variable.targets where Glob.isPattern(target.file) ? Glob.matches(target.file, underRoot) : target.file == underRoot {
                var local = target
                local.file = String(relative)
                collector.addConfigTarget(local, config: config, relativePaths: [String(relative)])
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
    /// `tplpatch publish --version` does before it uploads anything: a
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
                    "'\(entry.selector)' holds '\(entry.oldValue)', not '\(expected)' as --version says; "
                        + "run `tplpatch set \(name) \(expected)` first",
                    at: entry.slot.range.lowerBound, in: file.original)
            }, exitCode: 3)
        }
        return file
    }
}
