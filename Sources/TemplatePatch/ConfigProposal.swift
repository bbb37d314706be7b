import JSONSyntax
import TemplateSyntax

/// What `tplpatch init NAME` proposes: the variable's current value (found by
/// discovery) and every other version-like slot in the repository holding
/// that same value, written as a `.tplpatch.yml`.
public struct ConfigProposal: Sendable {
    /// A version-like slot naming convention does not reach.
    public struct Candidate: Sendable {
        /// Relative to the root, as the config names it.
        public var file: String
        /// As shown to the user (the root joined with `file`).
        public var path: String
        public var selector: Selector
        public var location: SourceLocation
        public var kind: String
    }

    public var name: String
    public var value: String
    /// The planner that found it (its root is where the config goes).
    public var planner: Planner
    /// Where the config would be written.
    public var path: String { planner.displayPath(ProjectConfig.fileNames[0]) }
    /// The targets discovery already finds (not repeated in the config).
    public var discovered: [PlanEntry]
    public var candidates: [Candidate]
    /// The config already at the root, whose variables and targets the new
    /// text keeps.
    public var existing: ProjectConfig?

    /// Where version-like values live outside the conventions: (what it is,
    /// format, file test, selector).
    static let versionSlots: [(kind: String, format: String, file: @Sendable (String) -> Bool, selector: Selector)] = [
        ("Python __version__", "python", { $0.hasSuffix(".py") }, Selector(components: [.key("__version__")])),
        ("package.json version", "json", { $0 == "package.json" || $0.hasSuffix("/package.json") }, Selector(components: [.key("version")])),
        ("Helm chart appVersion", "yaml", { $0 == "Chart.yaml" || $0.hasSuffix("/Chart.yaml") }, Selector(components: [.key("appVersion")])),
        ("pyproject.toml version", "toml", { $0 == "pyproject.toml" || $0.hasSuffix("/pyproject.toml") }, Selector(components: [.key("project"), .key("version")])),
        ("pyproject.toml version", "toml", { $0 == "pyproject.toml" || $0.hasSuffix("/pyproject.toml") }, Selector(components: [.key("tool"), .key("poetry"), .key("version")])),
        ("Cargo.toml version", "toml", { $0 == "Cargo.toml" || $0.hasSuffix("/Cargo.toml") }, Selector(components: [.key("package"), .key("version")])),
    ]

    /// Finds the value and the candidates under the planner's root.
    public static func propose(_ name: String, planner: Planner) throws(PatchError) -> ConfigProposal {
        // One walk (and one question to git) serves discovery and the candidates.
        let (plans, warnings, _, listing) = try planner.discoverWithListing(NameSpellings(name))
        let found = Plan(
            files: plans.map { file in
                var file = file
                file.document = nil
                return file
            }, warnings: warnings, root: planner.root)
        let values = found.distinctOldValues
        guard values.count == 1, let value = values.first else {
            let list = found.entries.map { "  \($0.path):\($0.location)  \($0.selector)  \($0.oldValue)" }.joined(separator: "\n")
            throw PatchError(
                [Diagnostic(.error, "the targets of \(name) disagree, so there is no one current value to look for:\n\(list)")],
                exitCode: 3)
        }
        let known = Set(found.entries.map { "\($0.path)\u{0}\($0.slot.range.lowerBound)" })
        let existing = try ProjectConfig.load(root: planner.root, maxFileSize: planner.maxFileSize)
        // The files discovery looked at: exclusions and git-ignored files are passed over here too.
        let relativePaths = listing.walk.files
        var candidates: [Candidate] = []
        for relative in relativePaths {
            for slotKind in versionSlots where slotKind.file(relative) {
                guard let format = Format.named(slotKind.format) else { continue }
                let path = planner.displayPath(relative)
                // A file that cannot be read or parsed cannot be proposed; init only suggests.
                guard let bytes = try? FileIO.read(path, limit: planner.maxFileSize),
                    let document = try? format.document(SourceText(bytes: bytes, path: path)),
                    let slots = try? document.select(slotKind.selector)
                else { continue }
                for slot in slots where slot.value == value && !known.contains("\(path)\u{0}\(slot.range.lowerBound)") {
                    candidates.append(Candidate(
                        file: relative, path: path, selector: slotKind.selector, location: document.source.location(of: slot.range.lowerBound),
                        kind: slotKind.kind))
                }
            }
        }
        return ConfigProposal(
            name: name, value: value, planner: planner, discovered: found.entries,
            candidates: candidates, existing: existing)
    }

    /// The config text: the candidates as targets of the variable.
    public var text: String {
        var out = "# tplpatch project config: targets that naming convention does not find.\n"
        out += "# Proposed by `tplpatch init \(name)` from the current value \(value); review before committing.\n"
        out += "# Found by convention (not listed): \(discovered.filter { if case .convention = $0.origin { true } else { false } }.count) target(s).\n"
        out += "variables:\n"
        // Every variable of an existing config is kept, with its targets;
        // the proposal adds to NAME's.
        var names = (existing?.variables.keys).map { Array($0).sorted() } ?? []
        let current = existing?.variable(name)?.name ?? name
        if !names.contains(current) { names.append(current) }
        for variable in names {
            let kept = existing?.variables[variable]
            let added = variable == current ? candidates : []
            out += "  \(Self.yamlString(variable)):\n"
            if kept?.conventions == false { out += "    conventions: false\n" }
            let targets = kept?.targets ?? []
            out += targets.isEmpty && added.isEmpty ? "    targets: []\n" : "    targets:\n"
            for target in targets {
                out += "      - file: \(Self.yamlString(target.file))\n"
                out += "        at: \(Self.yamlString(target.selector.text))\n"
                if let format = target.format { out += "        format: \(format.name)\n" }
            }
            for candidate in added {
                out += "      - file: \(Self.yamlString(candidate.file))   # \(candidate.kind)\n"
                out += "        at: \(Self.yamlString(candidate.selector.text))\n"
            }
        }
        // An existing config's exclusions are kept (not `--exclude`'s: those are for one run).
        if let exclude = existing?.exclude, !exclude.isEmpty {
            out += "exclude:\n"
            for entry in exclude { out += "  - \(String(decoding: JSONString.encode(entry.pattern), as: UTF8.self))\n" }
        }
        return out
    }

    /// A YAML scalar for `text`: plain when that is unambiguous, else
    /// double-quoted (JSON's escapes are valid YAML double-quoted escapes).
    static func yamlString(_ text: String) -> String {
        let plain = !text.isEmpty && text.utf8.allSatisfy { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "/")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
        } && (text.first?.isLetter == true || text.first == "_")
        return plain ? text : String(decoding: JSONString.encode(text), as: UTF8.self)
    }

    /// Throws when a project config exists and `force` is not given.
    public func refuseExisting(force: Bool) throws(PatchError) {
        for existing in ProjectConfig.fileNames.map(planner.displayPath) where FileIO.exists(existing) && !force {
            throw PatchError([Diagnostic(.error, "a project config already exists; pass --force to replace it", file: existing)])
        }
    }

    /// Writes the config; refuses to replace an existing one unless `force`,
    /// and an existing one with other hard links unless `breakingHardLinks`.
    public func write(force: Bool, breakingHardLinks: Bool = false) throws(PatchError) {
        try refuseExisting(force: force)
        do {
            try FileIO.create(path, bytes: Array(text.utf8), replacing: force, breakingHardLinks: breakingHardLinks)
        } catch {
            throw PatchError([error.diagnostic])
        }
    }
}
