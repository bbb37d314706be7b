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

    public init(root: String = ".", rules: [ConventionRule] = ConventionRule.builtIn, maxFileSize: Int = FileSize.defaultLimit) {
        self.root = root
        self.rules = rules
        self.maxFileSize = maxFileSize
    }

    /// Every target of `name` with its current value (`tplpatch get`).
    public func locate(_ name: String) throws(PatchError) -> Plan {
        let (files, warnings, leftovers) = try discover(NameSpellings(name))
        return Plan(files: files, warnings: warnings, root: root, leftovers: leftovers)
    }

    /// The plan that gives every target of `name` the value `value`
    /// (`tplpatch set`). With `from`, every target must hold `from` (or
    /// already `value`), else the error's exit code is 3.
    /// An empty or whitespace-only `value` is refused (exit code 2) unless
    /// `allowEmpty`: it is almost always an unset shell variable
    /// (`set chroma_version "$VERSION"`), and would blank every target.
    public func plan(set name: String, to value: String, from: String? = nil, allowEmpty: Bool = false) throws(PatchError) -> Plan {
        try Planner.refuseEmpty(value, allowed: allowEmpty)
        let (found, warnings, leftovers) = try discover(NameSpellings(name))
        if let from {
            let stray = found.flatMap(\.entries).filter { $0.oldValue != from && $0.oldValue != value }
            if !stray.isEmpty {
                let diagnostics = stray.map { entry in
                    let source = found.first { $0.path == entry.path }?.original ?? SourceText("", path: entry.path)
                    return Diagnostic(
                        .error, "'\(entry.selector)' holds '\(entry.oldValue)', not '\(from)' as --from expects",
                        at: entry.slot.range.lowerBound, in: source)
                }
                throw PatchError(diagnostics, exitCode: 3)
            }
        }
        var diagnostics: [Diagnostic] = []
        var files: [FilePlan] = []
        for var file in found {
            for index in file.entries.indices { file.entries[index].newValue = value }
            do {
                files.append(try Planner.prove(file))
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
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
        var file = try select(in: path, selector, format: format, maxFileSize: maxFileSize)
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
        return FilePlan(
            path: path, diffPath: String(diffPath), format: loaded.format, original: document.source, updated: nil, edits: [],
            entries: entries)
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
    /// (see `TemplateDocument.applyingVerified`).
    static func prove(_ file: FilePlan) throws(PatchError) -> FilePlan {
        var file = file
        let changes = file.entries.filter(\.changes).compactMap { entry in
            entry.newSlotValue.map { SlotChange(slot: entry.slot, value: $0) }
        }
        guard !changes.isEmpty else { return file }
        do {
            let document = try file.format.document(file.original)
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
        guard FileIO.isDirectory(root) else {
            throw PatchError([Diagnostic(.error, "--root must be a directory", file: root)])
        }
        let config = try ProjectConfig.load(root: root, maxFileSize: maxFileSize)
        let variable = config?.variable(spellings.name)
        let walk: DirectoryWalk.Listing
        do {
            walk = try DirectoryWalk.entries(under: root)
        } catch {
            throw PatchError([error.diagnostic])
        }
        let relativePaths = walk.files
        var collector = TargetCollector(planner: self, spellings: spellings)
        if variable?.conventions ?? true {
            for relative in relativePaths {
                collector.applyConventions(relative)
            }
            for (relative, kind) in walk.special {
                collector.passOver(relative, kind: kind)
            }
        }
        if let config, let variable {
            for target in variable.targets {
                collector.addConfigTarget(target, config: config, relativePaths: relativePaths, special: walk.special)
            }
        }
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
        return (plans, collector.warnings, leftovers)
    }
}

/// Gathers the targets of one variable, file by file, reading and parsing
/// each file once whichever rules and config entries lead to it.
struct TargetCollector {
    let planner: Planner
    let spellings: NameSpellings
    let needles: [[UInt8]]
    var diagnostics: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    var looked = 0
    private var documents: [String: (format: Format, document: any TemplateDocument)] = [:]
    private var files: [String: FilePlan] = [:]
    private var order: [String] = []
    private var seen: Set<String> = []
    private var canonical: [String: String] = [:]

    init(planner: Planner, spellings: NameSpellings) {
        self.planner = planner
        self.spellings = spellings
        self.needles = spellings.all.map { Array($0.utf8) }
    }

    /// Applies the convention rules to one file. `format` overrides the
    /// file name's; `strict` makes a parse failure an error even when the
    /// file does not mention the name (a file named on the command line).
    mutating func applyConventions(_ relative: String, format override: Format? = nil, strict: Bool = false) {
        let name = relative.split(separator: "/").last.map(String.init) ?? relative
        guard let format = override ?? Format.detect(path: name), override != nil || !DirectoryWalk.isCommentedJSON(name) else { return }
        let applicable = planner.rules.filter { $0.format == format && $0.appliesToPath(relative) }
        guard !applicable.isEmpty else { return }
        looked += 1
        guard let document = load(relative, format: format, strict: strict) else { return }
        for rule in applicable where rule.appliesToDocument(document) {
            do {
                for found in try rule.locate(document, spellings) {
                    let why = found.leftAlone
                        ?? (found.slot.kind == .expression && rule.skipsExpressions
                            ? "is an expression (\(found.slot.value)), not a version" : nil)
                    if let why {
                        warnings.append(Diagnostic(
                            .warning, "left alone: '\(found.slot.selectorText)' \(why)", at: found.slot.range.lowerBound,
                            in: document.source))
                        continue
                    }
                    add(found, relative: relative, format: format, document: document, origin: .convention(rule.name))
                }
            } catch {
                diagnostics.append(Diagnostic(error, in: document.source))
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

    /// The file's parsed document, read once. A file that does not parse is
    /// an error when it must hold a target (`strict`) or mentions the name,
    /// else a warning.
    /// The file's real path, so that one file reached by two spellings (a
    /// symbolic link, `a/./b`, `a//b`) is read, planned and written once:
    /// two plans for one file would each rename over it, and one edit would
    /// be lost.
    private mutating func key(_ relative: String) -> String {
        if let known = canonical[relative] { return known }
        let path = planner.displayPath(relative)
        let real = FileIO.realPath(path) ?? path
        canonical[relative] = real
        return real
    }

    private mutating func load(_ relative: String, format: Format, strict: Bool) -> (any TemplateDocument)? {
        let fileKey = key(relative)
        if let cached = documents[fileKey], cached.format == format { return cached.document }
        let path = planner.displayPath(relative)
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path, limit: planner.maxFileSize)
        } catch {
            readFailed(error, strict: strict)
            return nil
        }
        let source = SourceText(bytes: bytes, path: path)
        do {
            let document = try format.document(source)
            documents[fileKey] = (format, document)
            return document
        } catch {
            if strict {
                diagnostics.append(Diagnostic(error, in: source))
            } else if needles.contains(where: { bytes.contains(subsequence: $0) }) {
                var diagnostic = Diagnostic(error, in: source)
                diagnostic.message += " (this file mentions \(spellings.name), so it may hold a target; fix it or move it away)"
                diagnostics.append(diagnostic)
            } else {
                var warning = Diagnostic(error, in: source, severity: .warning)
                warning.message = "skipped, not valid \(format.name.uppercased()): " + warning.message
                warnings.append(warning)
            }
            return nil
        }
    }

    /// A file that could not be read. When it must hold a target
    /// (`strict`) that is an error. Otherwise a file over the size limit is
    /// weighed like one that does not parse: an error when its text
    /// mentions the name (it may hold a target; the text is searched in
    /// pieces, never held whole), else a warning. A file that stopped being
    /// a regular file since the walk is passed over with a warning.
    private mutating func readFailed(_ error: FileIO.Failure, strict: Bool) {
        switch error.reason {
        case .tooLarge where !strict:
            if FileIO.mentions(error.path, anyOf: needles) {
                var diagnostic = error.diagnostic
                diagnostic.message += " (this file mentions \(spellings.name), so it may hold a target)"
                diagnostics.append(diagnostic)
            } else {
                var warning = error.diagnostic
                warning.severity = .warning
                warning.message = "skipped: " + warning.message
                warnings.append(warning)
            }
        case .notRegular where !strict:
            var warning = error.diagnostic
            warning.severity = .warning
            warning.message = "skipped: " + warning.message
            warnings.append(warning)
        default:
            diagnostics.append(error.diagnostic)
        }
    }

    private mutating func add(_ found: Located, relative: String, format: Format, document: any TemplateDocument, origin: Origin) {
        let fileKey = key(relative)
        guard seen.insert("\(fileKey)\u{0}\(found.slot.range.lowerBound)").inserted else { return }
        let path = planner.displayPath(relative)
        let entry = PlanEntry(
            path: path, slot: found.slot, location: document.source.location(of: found.slot.range.lowerBound), origin: origin,
            prefix: found.prefix)
        if files[fileKey] == nil {
            order.append(fileKey)
            files[fileKey] = FilePlan(
                path: path, diffPath: relative, format: format, original: document.source, updated: nil, edits: [], entries: [])
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
