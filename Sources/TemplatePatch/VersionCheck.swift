import TemplateSyntax

extension Planner {
    /// The targets of `name` in the one file at `path`, found by the same
    /// convention rules as `get` and `set` use under a root (for a
    /// CloudFormation template, `Parameters.ChromaVersion.Default`).
    ///
    /// A file that does not parse, or in which no rule finds a target, is an
    /// error (exit status 1) whose message lists the rules tried.
    public func locate(_ name: String, inFile path: String, format: Format? = nil) throws(PatchError) -> FilePlan {
        let spellings = NameSpellings(name)
        let (format, document) = try Planner.load(path, format: format)
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let applicable = rules.filter { $0.format == format && ($0.appliesToPath(path) || $0.appliesToPath(fileName)) }
        let (entries, problems) = Planner.conventionTargets(in: document, path: path, rules: applicable, spellings)
        guard problems.isEmpty else { throw PatchError(problems) }
        guard !entries.isEmpty else {
            let tried = applicable.isEmpty
                ? "no convention rule applies to \(format.name.uppercased()) files named like this"
                : "tried " + applicable.map { rule in
                    "\(rule.name): " + rule.selectors(spellings).map(\.text).joined(separator: ", ")
                }.joined(separator: "; ")
            throw PatchError([Diagnostic(.error, "no target for '\(name)' in this file (\(tried))", file: path)])
        }
        return FilePlan(
            path: path, diffPath: path, format: format, original: document.source, updated: nil, edits: [],
            entries: entries)
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
