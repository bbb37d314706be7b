import TemplateSyntax

/// Finds the targets of a variable under a root directory and plans their
/// edits. Every decision of `set` and `get` is made here, so tools that
/// import TemplatePatch behave exactly like the command line.
public struct Planner: Sendable {
    public var root: String
    public var rules: [ConventionRule]
    /// The largest file, in bytes, the planner reads (see `FileSize`). In
    /// discovery a larger file is weighed like one that does not parse: an
    /// error when it mentions the variable, else a warning.
    public var maxFileSize: Int
    /// Files and folders to pass over (`--exclude`), added to the config's
    /// `exclude:` list. An excluded file is not read by discovery, matched
    /// by a config glob, or scanned by `check`; a config target naming it
    /// by plain path is skipped with a warning.
    public var exclusions: Exclusions
    /// Whether files git ignores are passed over when the root is in a git
    /// work tree (see `GitVisibility`). A config target naming an ignored
    /// file by plain path is still read: naming it is asking for it.
    public var skipsGitIgnored: Bool
    /// Told how far discovery's scan of the walked files has got, after
    /// each batch of files (on the calling thread), so a command line can
    /// show a progress line. Nil: nobody is told.
    public var progress: (@Sendable (ScanProgress) -> Void)? = nil

    public init(
        root: String = ".", rules: [ConventionRule] = ConventionRule.builtIn, maxFileSize: Int = FileSize.defaultLimit,
        exclusions: Exclusions = Exclusions(), skipsGitIgnored: Bool = true
    ) {
        self.root = root
        self.rules = rules
        self.maxFileSize = maxFileSize
        self.exclusions = exclusions
        self.skipsGitIgnored = skipsGitIgnored
    }

    /// Every target of `name` with its current value (`tplpatch get`).
    public func locate(_ name: String) throws(PatchError) -> Plan {
        let (found, warnings, leftovers) = try discover(NameSpellings(name))
        // Nothing is written: the parsed documents are not needed.
        let files = found.map { file in
            var file = file
            file.document = nil
            return file
        }
        return Plan(files: files, warnings: warnings, root: root, leftovers: leftovers)
    }

    /// The plan that gives every target of `name` the value `value`
    /// (`tplpatch set`). With `from`, every target must hold `from` (or
    /// already `value`), else the error's exit code is 3.
    /// An empty or whitespace-only `value` is refused (exit code 2) unless
    /// `allowEmpty`: it is almost always an unset shell variable
    /// (`set chroma_version "$VERSION"`), and would blank every target.
    ///
    /// The scheme is `scheme`, else the variable's `scheme:` in the project
    /// config, else none. With a scheme, a `value` that is not a version
    /// under it is refused (exit code 2, saying why), and `from` is compared
    /// by `VersionScheme.equal` (a leading `v` counts: a target holding
    /// `v1.2.3` does not match `--from 1.2.3`, and the error says so).
    /// Without one, any text is taken and `from` is compared exactly.
    public func plan(
        set name: String, to value: String, from: String? = nil, allowEmpty: Bool = false, scheme: VersionScheme? = nil
    ) throws(PatchError) -> Plan {
        try Planner.refuseEmpty(value, allowed: allowEmpty)
        let spellings = NameSpellings(name)
        let config = try ProjectConfig.load(root: root, maxFileSize: maxFileSize)
        let scheme = scheme ?? config?.variable(name)?.scheme
        if let scheme {
            do throws(VersionError) {
                try scheme.validate(value)
            } catch {
                throw PatchError(
                    [Diagnostic(.error, "the new value is not a \(scheme.displayName) version: \(error); nothing was changed")], exitCode: 2)
            }
        }
        let (found, warnings, leftovers) = try discover(spellings, config: config)
        return try prove(found, to: value, from: from, scheme: scheme, warnings: warnings, leftovers: leftovers)
    }

    /// What `plan(bump:...)` works out: the plan (exactly `plan(set:...)`'s
    /// with the new value, and `from` the old one) and the values.
    public struct Bump: Sendable {
        public var plan: Plan
        /// The value every target holds now.
        public var old: String
        /// The value they get.
        public var new: String
        public var part: VersionPart
        /// The scheme used (the argument, else the config's, else SemVer).
        public var scheme: VersionScheme
    }

    /// The plan that moves `part` of the version every target of `name`
    /// holds (`tplpatch bump`). The targets are found as `locate` finds
    /// them and must all hold the same text, else the error's exit code is
    /// 3 and its `targets` lists them. The scheme is `scheme`, else the
    /// variable's `scheme:` in the project config, else SemVer. A current
    /// value that is not a version under the scheme, or a part that makes
    /// no sense for it (`release` of a final version), is an error with
    /// exit code 1, pointing at a target: the command line was right, the
    /// value in the files does not allow it. The plan is then what
    /// `plan(set: name, to: new, from: old, scheme:)` gives.
    public func plan(bump name: String, part: VersionPart, scheme: VersionScheme? = nil) throws(PatchError) -> Bump {
        let spellings = NameSpellings(name)
        let config = try ProjectConfig.load(root: root, maxFileSize: maxFileSize)
        let scheme = scheme ?? config?.variable(name)?.scheme ?? .semver
        let (found, warnings, leftovers) = try discover(spellings, config: config)
        let entries = found.flatMap(\.entries)
        var seen: Set<String> = []
        let values = entries.map(\.oldValue).filter { seen.insert($0).inserted }
        guard values.count == 1, let old = values.first, let first = entries.first else {
            // `get`'s own message; the targets go with it, for `get`'s list.
            throw PatchError(
                [Diagnostic(.error, "the targets of \(name) disagree: \(values.joined(separator: ", ")); bump needs one current value")],
                exitCode: 3, targets: entries)
        }
        let source = found.first { $0.path == first.path }?.original ?? SourceText("", path: first.path)
        let new: String
        do throws(VersionError) {
            new = try scheme.bump(old, part)
        } catch {
            throw PatchError([Diagnostic(
                .error, "cannot bump \(part.rawValue) of \(name) under \(scheme.displayName): \(error)",
                at: first.slot.range.lowerBound, in: source)])
        }
        let plan = try prove(found, to: new, from: old, scheme: scheme, warnings: warnings, leftovers: leftovers)
        return Bump(plan: plan, old: old, new: new, part: part, scheme: scheme)
    }

    /// Gives every found target `value` and proves each file's edit; with
    /// `from`, refuses (exit code 3) when a target holds neither `from` nor
    /// `value` (by the scheme's equality when there is one).
    private func prove(
        _ found: [FilePlan], to value: String, from: String?, scheme: VersionScheme?, warnings: [Diagnostic], leftovers: [String]
    ) throws(PatchError) -> Plan {
        if let from {
            let same: (String, String) -> Bool = { a, b in scheme?.equal(a, b) ?? (a == b) }
            let stray = found.flatMap(\.entries).filter { !same($0.oldValue, from) && !same($0.oldValue, value) }
            if !stray.isEmpty {
                let diagnostics = stray.map { entry in
                    let source = found.first { $0.path == entry.path }?.original ?? SourceText("", path: entry.path)
                    var message = "'\(entry.selector)' holds '\(entry.oldValue)', not '\(from)' as --from expects"
                    if let scheme, scheme.sameVersion(entry.oldValue, from) {
                        message += " (the same \(scheme.displayName) version written another way; a leading 'v' is part of the value, "
                            + "so --from must name it as the target writes it: --from \(entry.oldValue))"
                    }
                    return Diagnostic(.error, message, at: entry.slot.range.lowerBound, in: source)
                }
                throw PatchError(diagnostics, exitCode: 3)
            }
        }
        // Each file is edited and proven on its own, on every core; the
        // results (and errors) are taken in the files' order.
        let proven = ParallelMap.map(found.count) { index -> Result<FilePlan, PatchError> in
            var file = found[index]
            for entry in file.entries.indices { file.entries[entry].newValue = value }
            do throws(PatchError) {
                return .success(try Planner.prove(file))
            } catch {
                return .failure(error)
            }
        }
        var diagnostics: [Diagnostic] = []
        var files: [FilePlan] = []
        files.reserveCapacity(proven.count)
        for result in proven {
            switch result {
            case .success(let file): files.append(file)
            case .failure(let error): diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        guard diagnostics.isEmpty else { throw PatchError(diagnostics) }
        return Plan(files: files, warnings: warnings, root: root, leftovers: leftovers)
    }

    /// The plan that gives every scalar `selector` names in one file the
    /// value `value` (`tplpatch edit`). An empty or whitespace-only value is
    /// refused unless `allowEmpty`, as for `plan(set:)`.
    public static func plan(
        edit path: String, at selector: Selector, to value: String, format: Format? = nil, allowEmpty: Bool = false,
        maxFileSize: Int = FileSize.defaultLimit
    ) throws(PatchError) -> Plan {
        try refuseEmpty(value, allowed: allowEmpty)
        // The document select parsed goes on to the proof, which would
        // otherwise parse the file a second time before the re-parse.
        var file = try select(in: path, selector, format: format, maxFileSize: maxFileSize, keepingDocument: true)
        for index in file.entries.indices { file.entries[index].newValue = value }
        return Plan(files: [try prove(file)])
    }

    /// Why `value` is refused as a new value without `--allow-empty`, or nil:
    /// an empty or whitespace-only value, which is almost always an unset or
    /// mistyped shell variable rather than an intent to blank every target.
    public static func emptyValueProblem(_ value: String) -> String? {
        let blank = value.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        guard blank else { return nil }
        let what = value.isEmpty ? "is empty" : "is only whitespace"
        return "the new value \(what) (an unset shell variable?); it would blank every target, so nothing was changed. "
            + "Pass --allow-empty if an empty value is what you mean"
    }

    /// Throws `emptyValueProblem` as a usage error (exit code 2) unless allowed.
    static func refuseEmpty(_ value: String, allowed: Bool) throws(PatchError) {
        guard !allowed, let problem = emptyValueProblem(value) else { return }
        throw PatchError([Diagnostic(.error, problem)], exitCode: 2)
    }

    /// The targets `selector` names in one file, read only (`tplpatch query`).
    public static func select(
        in path: String, _ selector: Selector, format: Format? = nil, maxFileSize: Int = FileSize.defaultLimit
    ) throws(PatchError) -> FilePlan {
        try select(in: path, selector, format: format, maxFileSize: maxFileSize, keepingDocument: false)
    }

    static func select(
        in path: String, _ selector: Selector, format: Format?, maxFileSize: Int, keepingDocument: Bool
    ) throws(PatchError) -> FilePlan {
        let loaded = try load(path, format: format, maxFileSize: maxFileSize)
        let document = loaded.document
        let slots: [Slot]
        do {
            slots = try document.select(selector)
        } catch {
            throw PatchError([Diagnostic(error, in: document.source)])
        }
        guard !slots.isEmpty else {
            let why = document.explainMiss(selector)
                ?? TemplateError(.selection, "'\(selector)' matches nothing in this file")
            var diagnostic = Diagnostic(why, in: document.source)
            diagnostic.message = "selector '\(selector)' matches nothing: " + why.message
            throw PatchError([diagnostic])
        }
        let entries = slots.map { slot in
            PlanEntry(path: path, slot: slot, location: document.source.location(of: slot.range.lowerBound), origin: .command)
        }
        var diffPath = Substring(path)
        while diffPath.hasPrefix("./") { diffPath = diffPath.dropFirst(2) }
        while diffPath.hasPrefix("/") { diffPath = diffPath.dropFirst() }
        var file = FilePlan(
            path: path, diffPath: String(diffPath), format: loaded.format, original: document.source, updated: nil, edits: [],
            entries: entries)
        if keepingDocument { file.document = document }
        return file
    }

    /// Reads and parses one file; the format comes from `format` or the file
    /// name. Only a regular file of at most `maxFileSize` bytes is read.
    public static func load(
        _ path: String, format: Format? = nil, maxFileSize: Int = FileSize.defaultLimit
    ) throws(PatchError) -> (format: Format, document: any TemplateDocument) {
        guard let format = format ?? Format.detect(path: path) else {
            let known = Format.all.flatMap(\.suffixes).joined(separator: " ")
            throw PatchError([Diagnostic(.error, "cannot tell the file's format from its name (known: \(known)); name it with --format", file: path)])
        }
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path, limit: maxFileSize)
        } catch {
            throw PatchError([error.diagnostic])
        }
        let source = SourceText(bytes: bytes, path: path)
        do {
            return (format, try format.document(source))
        } catch {
            throw PatchError([Diagnostic(error, in: source)])
        }
    }

    /// Builds a file's edits, applies them to its text, and proves the result
    /// (see `TemplateDocument.applyingVerified`). The document discovery
    /// parsed is used, not parsed again, and is let go once proven.
    static func prove(_ file: FilePlan) throws(PatchError) -> FilePlan {
        var file = file
        let parsed = file.document
        file.document = nil
        let changes = file.entries.filter(\.changes).compactMap { entry in
            entry.newSlotValue.map { SlotChange(slot: entry.slot, value: $0) }
        }
        guard !changes.isEmpty else { return file }
        do {
            let document: any TemplateDocument
            if let parsed {
                document = parsed
            } else {
                document = try file.format.document(file.original)
            }
            let (updated, edits) = try document.applyingVerified(changes)
            file.updated = updated.source
            file.edits = edits
            return file
        } catch {
            throw PatchError([Diagnostic(error, in: file.original)])
        }
    }

    // MARK: Discovery

    func displayPath(_ relative: String) -> String {
        if root == "." || root.isEmpty { return relative }
        return root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// Walks the root and applies every rule, then adds the targets the
    /// project config names; returns the files that hold targets (entries
    /// without new values), the warnings, and the stale tplpatch temporary
    /// files the walk passed (shown paths).
    func discover(_ spellings: NameSpellings) throws(PatchError) -> ([FilePlan], [Diagnostic], [String]) {
        let (plans, warnings, leftovers, _) = try discoverWithListing(spellings)
        return (plans, warnings, leftovers)
    }

    /// The files a run looks at: the walk of the root, less what the
    /// exclusions name and what git ignores.
    struct Listing {
        var walk: DirectoryWalk.Listing
        var exclusions: Exclusions
        var warnings: [Diagnostic] = []
    }

    /// Walks the root once, with the planner's and the config's exclusions,
    /// and (unless `skipsGitIgnored` is off) drops what git ignores, asking
    /// git once.
    func listing(config: ProjectConfig?) throws(PatchError) -> Listing {
        let exclusions = exclusions.merged(with: config?.exclusions ?? Exclusions())
        var walk: DirectoryWalk.Listing
        do {
            // Folders above a child are already passed, so only the path itself is matched.
            walk = try DirectoryWalk.entries(under: root, excluded: { exclusions.pattern(matching: $0) != nil })
        } catch {
            throw PatchError([error.diagnostic])
        }
        var result = Listing(walk: walk, exclusions: exclusions)
        guard skipsGitIgnored else { return result }
        let git = GitVisibility.of(root: root)
        switch git {
        case .notARepository:
            break
        case .failed(let message):
            result.warnings.append(Diagnostic(
                .warning, "git could not list the files it ignores (\(message)); git-ignored files are not skipped", file: root))
        case .listed:
            var files: [String] = []
            var sizes: [Int] = []
            for (index, file) in walk.files.enumerated() where git.shows(file) {
                files.append(file)
                sizes.append(index < walk.sizes.count ? walk.sizes[index] : 0)
            }
            if files.isEmpty && !walk.files.isEmpty {
                result.warnings.append(Diagnostic(
                    .warning, "git ignores every file under the root (\(walk.files.count) file(s)), so all are skipped", file: root))
            }
            walk.files = files
            walk.sizes = sizes
            walk.special = walk.special.filter { git.shows($0.path) }
            result.walk = walk
        }
        return result
    }

    /// `discover`, with the listing it walked (for `check`).
    func discoverWithListing(_ spellings: NameSpellings) throws(PatchError) -> ([FilePlan], [Diagnostic], [String], Listing) {
        guard FileIO.isDirectory(root) else {
            throw PatchError([Diagnostic(.error, "--root must be a directory", file: root)])
        }
        return try discoverWithListing(spellings, config: try ProjectConfig.load(root: root, maxFileSize: maxFileSize))
    }

    /// `discover` with the project config already read (nil: there is none).
    func discover(_ spellings: NameSpellings, config: ProjectConfig?) throws(PatchError) -> ([FilePlan], [Diagnostic], [String]) {
        let (plans, warnings, leftovers, _) = try discoverWithListing(spellings, config: config)
        return (plans, warnings, leftovers)
    }

    /// `discover` with the project config already read, and the listing it walked.
    func discoverWithListing(
        _ spellings: NameSpellings, config: ProjectConfig?
    ) throws(PatchError) -> ([FilePlan], [Diagnostic], [String], Listing) {
        guard FileIO.isDirectory(root) else {
            throw PatchError([Diagnostic(.error, "--root must be a directory", file: root)])
        }
        let variable = config?.variable(spellings.name)
        let listing = try listing(config: config)
        let walk = listing.walk
        let relativePaths = walk.files
        var collector = TargetCollector(planner: self, spellings: spellings, walked: relativePaths)
        collector.exclusions = listing.exclusions
        collector.warnings += listing.warnings
        if let variable {
            // The files the config's targets will read keep their parsed
            // documents through the conventions pass, so each is read once.
            for target in variable.targets {
                guard case .inside(let named) = ProjectConfig.rootRelative(target.file) else { continue }
                if Glob.isPattern(named) {
                    for relative in relativePaths where Glob.matches(named, relative) { collector.retained.insert(relative) }
                } else {
                    collector.retained.insert(named)
                }
            }
        }
        if variable?.conventions ?? true {
            collector.applyConventions(toAll: relativePaths, sizes: walk.sizes)
            for (relative, kind) in walk.special {
                collector.passOver(relative, kind: kind)
            }
        }
        if let config, let variable {
            for target in variable.targets {
                collector.addConfigTarget(target, config: config, relativePaths: relativePaths, special: walk.special)
            }
        }
        collector.addLockfiles()
        guard collector.diagnostics.isEmpty else { throw PatchError(collector.diagnostics) }
        let plans = collector.plans()
        guard !plans.isEmpty else {
            let tried = rules.map { rule in "  \(rule.name) (\(rule.format.name)): \(rule.describe(spellings))" }
            var message = "no target for '\(spellings.name)' under \(root): looked in \(collector.looked) candidate file(s) and tried\n"
            message += tried.joined(separator: "\n")
            if config == nil {
                message += "\nname other targets in \(ProjectConfig.fileNames[0]) (see `tplpatch init`)"
            } else if variable == nil {
                message += "\nthe project config has no variable '\(spellings.name)'"
            }
            throw PatchError([Diagnostic(.error, message)] + collector.warnings)
        }
        let leftovers = relativePaths.filter { StaleTemps.isStale(displayPath($0)) }.map(displayPath)
        return (plans, collector.warnings, leftovers, listing)
    }
}

/// How far discovery's scan has got (see `Planner.progress`).
public struct ScanProgress: Sendable, Equatable {
    /// The walked files read so far (or passed over: too large, binary).
    public var scanned: Int
    /// The walked files the scan will read.
    public var total: Int
    /// The convention targets found so far.
    public var targets: Int
    /// `check`'s second pass (every text file read for the value and the
    /// name outside the targets): the uses found so far; nil while
    /// discovery runs. `scanned` and `total` then count that pass's files.
    public var otherUses: Int? = nil
}

/// Gathers the targets of one variable, file by file, reading and parsing
/// each file once whichever rules and config entries lead to it.
struct TargetCollector: Sendable {
    let planner: Planner
    let spellings: NameSpellings
    let needles: [[UInt8]]
    var diagnostics: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    var looked = 0
    /// What the run passes over (the planner's and the config's), so a
    /// config target named by plain path can be checked against it.
    var exclusions = Exclusions()
    /// Files (root-relative) whose documents the conventions pass keeps
    /// even when they hold no convention target: the config's targets
    /// will read them.
    var retained: Set<String> = []
    private var documents: [String: (format: Format, document: any TemplateDocument, stamp: FileIO.ReadStamp?)] = [:]
    private var files: [String: FilePlan] = [:]
    private var order: [String] = []
    private var seen: Set<String> = []
    /// Each relative path's real path (nil: it could not be resolved).
    private var canonical: [String: String?] = [:]
    /// The root's real path, resolved once, and the walk's files: the walk
    /// never follows a link, so a walked file's real path is the root's
    /// joined with its relative path (no `realpath` per file).
    private let realRoot: String?
    private let walked: Set<String>

    init(planner: Planner, spellings: NameSpellings, walked: [String] = []) {
        self.planner = planner
        self.spellings = spellings
        self.needles = spellings.all.map { Array($0.utf8) }
        self.walked = Set(walked)
        self.realRoot = walked.isEmpty ? nil : FileIO.realPath(planner.root)
    }

    /// What the convention rules find in one file, worked out from the
    /// planner's settings alone, so files can be read and parsed on every
    /// core; `merge` then adds it to the collector in the files' order.
    struct ConventionResult: Sendable {
        var format: Format
        var loaded: Loaded
        var found: [(located: Located, rule: String)] = []
        var warnings: [Diagnostic] = []
        var errors: [Diagnostic] = []
    }

    /// A file read and parsed, or why not (the diagnostics `load` reports).
    enum Loaded: Sendable {
        case document(any TemplateDocument, FileIO.ReadStamp?)
        case failed(errors: [Diagnostic], warnings: [Diagnostic])
    }

    /// Applies the convention rules to one file. `format` overrides the
    /// file name's; `strict` makes a parse failure an error even when the
    /// file does not mention the name (a file named on the command line).
    mutating func applyConventions(_ relative: String, format override: Format? = nil, strict: Bool = false) {
        guard let result = conventionResult(relative, format: override, strict: strict) else { return }
        merge(result, relative: relative, keepDocument: true)
    }

    /// Applies the convention rules to every file of a walk (`sizes` from
    /// the walk too): read and parsed in parallel, in batches of bounded
    /// bytes, and merged in order, so the result is a serial run's. A file
    /// with no target is let go after its batch (unless `retained`).
    mutating func applyConventions(toAll relativePaths: [String], sizes: [Int]) {
        let batchFiles = 512
        let batchBytes = 32 << 20
        var start = 0
        var targets = 0
        while start < relativePaths.count {
            var end = start
            var bytes = 0
            while end < relativePaths.count, end - start < batchFiles, end == start || bytes < batchBytes {
                bytes += end < sizes.count ? sizes[end] : 0
                end += 1
            }
            let batch = relativePaths[start..<end]
            let reader = self
            let results = ParallelMap.map(batch.count) { index in
                reader.conventionResult(batch[batch.startIndex + index], format: nil, strict: false)
            }
            for (offset, result) in results.enumerated() {
                guard let result else { continue }
                let relative = batch[batch.startIndex + offset]
                targets += result.found.count
                merge(result, relative: relative, keepDocument: retained.contains(relative))
            }
            start = end
            planner.progress?(ScanProgress(scanned: end, total: relativePaths.count, targets: targets))
        }
    }

    /// The convention rules' findings in one file, nil when no rule applies
    /// to it. Reads only the planner's settings: safe on any thread.
    func conventionResult(_ relative: String, format override: Format?, strict: Bool) -> ConventionResult? {
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        guard let format = override ?? Format.detect(path: name), override != nil || !DirectoryWalk.isCommentedJSON(name) else { return nil }
        let applicable = planner.rules.filter { $0.format == format && $0.appliesToPath(relative) }
        guard !applicable.isEmpty else { return nil }
        var result = ConventionResult(format: format, loaded: read(planner.displayPath(relative), format: format, strict: strict))
        guard case .document(let document, _) = result.loaded else { return result }
        for rule in applicable where rule.appliesToDocument(document) {
            do {
                for found in try rule.locate(document, spellings) {
                    let why = found.leftAlone
                        ?? (found.slot.kind == .expression && rule.skipsExpressions
                            ? "is an expression (\(found.slot.value)), not a version" : nil)
                    if let why {
                        result.warnings.append(Diagnostic(
                            .warning, "left alone: '\(found.slot.selectorText)' \(why)", at: found.slot.range.lowerBound,
                            in: document.source))
                        continue
                    }
                    result.found.append((found, rule.name))
                }
            } catch {
                result.errors.append(Diagnostic(error, in: document.source))
            }
        }
        return result
    }

    /// Adds one file's convention findings.
    private mutating func merge(_ result: ConventionResult, relative: String, keepDocument: Bool) {
        looked += 1
        switch result.loaded {
        case .failed(let errors, let warnings):
            diagnostics += errors
            self.warnings += warnings
        case .document(let document, let stamp):
            if keepDocument || !result.found.isEmpty { documents[key(relative)] = (result.format, document, stamp) }
            warnings += result.warnings
            diagnostics += result.errors
            for (found, rule) in result.found {
                add(found, relative: relative, format: result.format, document: document, origin: .convention(rule))
            }
        }
    }

    /// A FIFO, device or socket the walk found: discovery never opens it,
    /// and says so when a convention rule would have read a file of that name.
    mutating func passOver(_ relative: String, kind: FileKind) {
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        guard let format = Format.detect(path: name), !DirectoryWalk.isCommentedJSON(name),
            planner.rules.contains(where: { $0.format == format && $0.appliesToPath(relative) })
        else { return }
        warnings.append(Diagnostic(.warning, "skipped: \(kind.message)", file: planner.displayPath(relative)))
    }

    /// The real path of `path` when it lies outside the root (through a
    /// symbolic link), else nil.
    func escapesRoot(_ path: String) -> String? {
        guard let real = FileIO.realPath(path), let rootReal = FileIO.realPath(planner.root) else { return nil }
        let prefix = rootReal.hasSuffix("/") ? rootReal : rootReal + "/"
        return real.hasPrefix(prefix) ? nil : real
    }

    /// Adds the targets one config entry names. `confined` (the default)
    /// refuses a file outside the planner's root; `publish` passes false
    /// for the one file it checks, which it has already placed under the
    /// config's root by its real path.
    mutating func addConfigTarget(
        _ target: ProjectConfig.Target, config: ProjectConfig, relativePaths: [String], special: [(path: String, kind: FileKind)] = [],
        confined: Bool = true
    ) {
        let configLine = config.source.location(of: target.offset).line
        let origin = Origin.config(config.source.path ?? ProjectConfig.fileNames[0], configLine)
        func refuse(_ message: String) {
            diagnostics.append(Diagnostic(.error, message, at: target.offset, in: config.source))
        }
        // A target is a file under the root, however it is spelled: the
        // config may come from anyone who can open a pull request, and `set`
        // must not become a way to write elsewhere.
        var named = target.file
        switch confined ? ProjectConfig.rootRelative(target.file) : .inside(target.file) {
        case .absolute:
            return refuse("'\(target.file)' is an absolute path; a target's file is relative to the root (\(planner.root))")
        case .outside:
            return refuse("'\(target.file)' is outside the root (\(planner.root)); tplpatch reads and writes only files under the root")
        case .inside(let path):
            named = path
        }
        if !confined {
            while named.hasPrefix("./") { named.removeFirst(2) }
        }
        let literal = planner.displayPath(named)
        // A file whose name holds `*` or `?` is itself, not a pattern.
        let isGlob = Glob.isPattern(named) && !FileIO.exists(literal)
        let matches: [String]
        if isGlob {
            // The walk lists only regular files, never through a link, so
            // every match is under the root; a special file is passed over.
            matches = relativePaths.filter { Glob.matches(named, $0) }
            for (relative, kind) in special where Glob.matches(named, relative) {
                warnings.append(Diagnostic(
                    .warning, "'\(target.file)' matches \(planner.displayPath(relative)), which \(kind.message); skipped", at: target.offset,
                    in: config.source))
            }
        } else if FileIO.exists(literal) {
            if let pattern = exclusions.pattern(excluding: named) {
                warnings.append(Diagnostic(
                    .warning, "'\(target.file)' is excluded by '\(pattern)'; this target is skipped", at: target.offset, in: config.source))
                return
            }
            if confined, let real = escapesRoot(literal) {
                return refuse(
                    "'\(target.file)' leads to \(real) through a symbolic link, outside the root (\(planner.root)); tplpatch reads and writes only files under the root")
            }
            if let kind = FileIO.kind(of: literal)?.refusal {
                return refuse("'\(target.file)' \(kind.message)")
            }
            matches = [named]
        } else {
            matches = []
        }
        guard !matches.isEmpty else {
            diagnostics.append(Diagnostic(.error, "'\(target.file)' matches no file under \(planner.root)", at: target.offset, in: config.source))
            return
        }
        // A plain path must hold the target; a glob must hold it in at least
        // one of the files it matches (a glob picks candidates).
        var misses: [Diagnostic] = []
        var hits = 0
        for relative in matches {
            guard let format = target.format ?? Format.detect(path: relative) else {
                // A glob picks candidates: one it cannot read is passed over.
                if isGlob { continue }
                diagnostics.append(Diagnostic(
                    .error, "cannot tell the format of \(relative) from its name; add 'format:' to the target", at: target.offset,
                    in: config.source))
                continue
            }
            guard let document = load(relative, format: format, strict: !isGlob) else { continue }
            do {
                let slots = try document.select(target.selector)
                guard !slots.isEmpty else {
                    let why = document.explainMiss(target.selector).map { Diagnostic($0, in: document.source, severity: .note) }
                    misses.append(Diagnostic(
                        .error, "'\(target.selector)' matches nothing in \(planner.displayPath(relative))", at: target.offset,
                        in: config.source, notes: why.map { [$0] } ?? []))
                    continue
                }
                hits += 1
                for slot in slots {
                    add(Located(slot: slot), relative: relative, format: format, document: document, origin: origin)
                }
            } catch {
                diagnostics.append(Diagnostic(error, in: document.source))
            }
        }
        if hits == 0 {
            diagnostics += misses.isEmpty
                ? [Diagnostic(.error, "'\(target.file)' matches no file tplpatch can read as a target", at: target.offset, in: config.source)]
                : misses
        }
    }

    /// The rule's name for the targets `addLockfiles` adds.
    static let lockfileRule = "npm lockfile"

    /// npm's lockfile: for each `package.json` whose top-level `version` is
    /// a target (by config or convention), the `package-lock.json` beside
    /// it gets its top-level `version` and `packages[""].version` as
    /// targets too, as `npm version` changes them; each only where the
    /// lockfile has it (lockfileVersion 1 has no `packages`). A lockfile
    /// that does not parse is an error (it would keep the old version); one
    /// that is not a regular file under the root (a symbolic link, a FIFO)
    /// is passed over with a warning.
    mutating func addLockfiles() {
        let manifests = order.compactMap { files[$0] }.filter { file in
            file.format == .json && (file.diffPath == "package.json" || file.diffPath.hasSuffix("/package.json"))
                && file.entries.contains { $0.slot.path == [.key("version")] && $0.prefix.isEmpty }
        }
        for manifest in manifests {
            let relative = String(manifest.diffPath.dropLast("package.json".count)) + "package-lock.json"
            guard walked.contains(relative) else {
                if FileIO.exists(planner.displayPath(relative)) {
                    warnings.append(Diagnostic(
                        .warning, "skipped: not a regular file under the root, so its version was not changed with \(manifest.path)'s",
                        file: planner.displayPath(relative)))
                }
                continue
            }
            guard let document = load(relative, format: .json, strict: true) else { continue }
            let selectors = [Selector(components: [.key("version")]), Selector(components: [.key("packages"), .key(""), .key("version")])]
            for selector in selectors {
                do {
                    for slot in try document.select(selector) {
                        add(Located(slot: slot), relative: relative, format: .json, document: document, origin: .convention(Self.lockfileRule))
                    }
                } catch {
                    diagnostics.append(Diagnostic(error, in: document.source))
                }
            }
        }
    }

    /// The file's real path, so that one file reached by two spellings (a
    /// symbolic link, `a/./b`, `a//b`) is read, planned and written once:
    /// two plans for one file would each rename over it, and one edit would
    /// be lost. Nil when it cannot be resolved.
    private mutating func realPath(_ relative: String) -> String? {
        if let known = canonical[relative] { return known }
        let real: String?
        if let realRoot, walked.contains(relative) {
            real = realRoot.hasSuffix("/") ? realRoot + relative : realRoot + "/" + relative
        } else {
            real = FileIO.realPath(planner.displayPath(relative))
        }
        canonical[relative] = real
        return real
    }

    /// The key a file is known by: its real path, else its shown path.
    private mutating func key(_ relative: String) -> String {
        realPath(relative) ?? planner.displayPath(relative)
    }

    /// The file's parsed document, read once. A file that does not parse is
    /// an error when it must hold a target (`strict`) or mentions the name,
    /// else a warning.
    private mutating func load(_ relative: String, format: Format, strict: Bool) -> (any TemplateDocument)? {
        let fileKey = key(relative)
        if let cached = documents[fileKey], cached.format == format { return cached.document }
        switch read(planner.displayPath(relative), format: format, strict: strict) {
        case .document(let document, let stamp):
            documents[fileKey] = (format, document, stamp)
            return document
        case .failed(let errors, let warnings):
            diagnostics += errors
            self.warnings += warnings
            return nil
        }
    }

    /// Reads and parses the file at `path`, with what `load` reports when
    /// that fails. Reads only the planner's settings: safe on any thread.
    func read(_ path: String, format: Format, strict: Bool) -> Loaded {
        let loaded: (bytes: [UInt8], stamp: FileIO.ReadStamp?)
        do {
            loaded = try FileIO.readStamped(path, limit: planner.maxFileSize)
        } catch {
            return readFailed(error, strict: strict)
        }
        let (bytes, stamp) = loaded
        let source = SourceText(bytes: bytes, path: path)
        do {
            return .document(try format.document(source), stamp)
        } catch {
            if strict {
                return .failed(errors: [Diagnostic(error, in: source)], warnings: [])
            } else if needles.contains(where: { bytes.contains(subsequence: $0) }) {
                var diagnostic = Diagnostic(error, in: source)
                diagnostic.message += " (this file mentions \(spellings.name), so it may hold a target; fix it, or \(exclusionHint(for: path)))"
                return .failed(errors: [diagnostic], warnings: [])
            } else {
                var warning = Diagnostic(error, in: source, severity: .warning)
                warning.message = "skipped, not valid \(format.name.uppercased()): " + warning.message
                return .failed(errors: [], warnings: [warning])
            }
        }
    }

    /// How to exclude the file at the shown path `path`: its folder with
    /// `/**` (a Helm chart's `templates` folder, say), or the file itself
    /// when it lies at the root.
    func exclusionHint(for path: String) -> String {
        var relative = path
        let root = planner.root
        if root != "." && !root.isEmpty {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if relative.hasPrefix(prefix) { relative.removeFirst(prefix.count) }
        }
        let folder = relative.split(separator: "/").dropLast().joined(separator: "/")
        let glob = folder.isEmpty ? relative : folder + "/**"
        return "exclude it with --exclude '\(glob)' or `exclude: [\"\(glob)\"]` in \(ProjectConfig.fileNames[0])"
    }

    /// A file that could not be read. When it must hold a target
    /// (`strict`) that is an error. Otherwise a file over the size limit is
    /// weighed like one that does not parse: an error when its text
    /// mentions the name (it may hold a target; the text is searched in
    /// pieces, never held whole), else a warning. A file that stopped being
    /// a regular file since the walk is passed over with a warning.
    private func readFailed(_ error: FileIO.Failure, strict: Bool) -> Loaded {
        switch error.reason {
        case .tooLarge where !strict:
            if FileIO.mentions(error.path, anyOf: needles) {
                var diagnostic = error.diagnostic
                diagnostic.message += " (this file mentions \(spellings.name), so it may hold a target; \(exclusionHint(for: error.path)))"
                return .failed(errors: [diagnostic], warnings: [])
            } else {
                var warning = error.diagnostic
                warning.severity = .warning
                warning.message = "skipped: " + warning.message
                return .failed(errors: [], warnings: [warning])
            }
        case .notRegular where !strict:
            var warning = error.diagnostic
            warning.severity = .warning
            warning.message = "skipped: " + warning.message
            return .failed(errors: [], warnings: [warning])
        default:
            return .failed(errors: [error.diagnostic], warnings: [])
        }
    }

    private mutating func add(_ found: Located, relative: String, format: Format, document: any TemplateDocument, origin: Origin) {
        let real = realPath(relative)
        let fileKey = real ?? planner.displayPath(relative)
        guard seen.insert("\(fileKey)\u{0}\(found.slot.range.lowerBound)").inserted else { return }
        let path = planner.displayPath(relative)
        let entry = PlanEntry(
            path: path, slot: found.slot, location: document.source.location(of: found.slot.range.lowerBound), origin: origin,
            prefix: found.prefix)
        if files[fileKey] == nil {
            order.append(fileKey)
            // The document and its stamp go with the plan: the edit uses the
            // parse, and the write checks the stamp instead of reading again.
            let cached = documents[fileKey]
            files[fileKey] = FilePlan(
                path: path, diffPath: relative, format: format, original: document.source, updated: nil, edits: [], entries: [],
                realPath: real, stamp: cached?.format == format ? cached?.stamp : nil, document: document)
        }
        files[fileKey]?.entries.append(entry)
    }

    /// The files with targets, in walk order, each file's entries in document order.
    func plans() -> [FilePlan] {
        order.compactMap { files[$0] }.sorted { $0.diffPath < $1.diffPath }.map { file in
            var file = file
            file.entries.sort { $0.slot.range.lowerBound < $1.slot.range.lowerBound }
            return file
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array.
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return needle.isEmpty }
        return withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                let last = hay.count - n.count
                while i <= last {
                    if hay[i] == first {
                        var k = 1
                        while k < n.count && hay[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
