import TemplateSyntax

/// A file read and parsed for planning.
struct LoadedFile {
    var path: String
    var format: Format
    var document: any TemplateDocument
}

/// Finds the targets of a variable under a root directory and plans their
/// edits. Every decision of `set` and `get` is made here, so tools that
/// import TemplatePatch behave exactly like the command line.
public struct Planner: Sendable {
    public var root: String
    public var rules: [ConventionRule]

    public init(root: String = ".", rules: [ConventionRule] = ConventionRule.builtIn) {
        self.root = root
        self.rules = rules
    }

    /// Every target of `name` with its current value (`tplpatch get`).
    public func locate(_ name: String) throws(PatchError) -> Plan {
        let (files, warnings) = try discover(NameSpellings(name))
        return Plan(files: files, warnings: warnings)
    }

    /// The plan that gives every target of `name` the value `value`
    /// (`tplpatch set`). With `from`, every target must hold `from` (or
    /// already `value`), else the error's exit code is 3.
    public func plan(set name: String, to value: String, from: String? = nil) throws(PatchError) -> Plan {
        let (found, warnings) = try discover(NameSpellings(name))
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
        return Plan(files: files, warnings: warnings)
    }

    /// The plan that gives every scalar `selector` names in one file the
    /// value `value` (`tplpatch edit`).
    public static func plan(
        edit path: String, at selector: Selector, to value: String, format: Format? = nil
    ) throws(PatchError) -> Plan {
        var file = try select(in: path, selector, format: format)
        for index in file.entries.indices { file.entries[index].newValue = value }
        return Plan(files: [try prove(file)])
    }

    /// The targets `selector` names in one file, read only (`tplpatch query`).
    public static func select(in path: String, _ selector: Selector, format: Format? = nil) throws(PatchError) -> FilePlan {
        let loaded = try load(path, format: format)
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

    /// Reads and parses one file; the format comes from `format` or the file name.
    public static func load(_ path: String, format: Format? = nil) throws(PatchError) -> (format: Format, document: any TemplateDocument) {
        guard let format = format ?? Format.detect(path: path) else {
            let known = Format.all.flatMap(\.suffixes).joined(separator: " ")
            throw PatchError([Diagnostic(.error, "cannot tell the file's format from its name (known: \(known)); name it with --format", file: path)])
        }
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path)
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
            entry.newValue.map { SlotChange(slot: entry.slot, value: $0) }
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

    /// Walks the root and applies every rule; returns the files that hold
    /// targets (entries without new values) and the warnings.
    func discover(_ spellings: NameSpellings) throws(PatchError) -> ([FilePlan], [Diagnostic]) {
        guard FileIO.isDirectory(root) else {
            throw PatchError([Diagnostic(.error, "--root must be a directory", file: root)])
        }
        let relativePaths: [String]
        do {
            relativePaths = try DirectoryWalk.files(under: root)
        } catch {
            throw PatchError([error.diagnostic])
        }
        let needles = spellings.all.map { Array($0.utf8) }
        var diagnostics: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var plans: [FilePlan] = []
        var looked = 0
        for relative in relativePaths {
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            guard let format = Format.detect(path: name), !DirectoryWalk.isCommentedJSON(name) else { continue }
            let applicable = rules.filter { $0.format == format && $0.appliesToPath(relative) }
            guard !applicable.isEmpty else { continue }
            looked += 1
            let path = displayPath(relative)
            let bytes: [UInt8]
            do {
                bytes = try FileIO.read(path)
            } catch {
                diagnostics.append(error.diagnostic)
                continue
            }
            let source = SourceText(bytes: bytes, path: path)
            let document: any TemplateDocument
            do {
                document = try format.document(source)
            } catch {
                if needles.contains(where: { bytes.contains(subsequence: $0) }) {
                    var diagnostic = Diagnostic(error, in: source)
                    diagnostic.message += " (this file mentions \(spellings.name), so it may hold a target; fix it or move it away)"
                    diagnostics.append(diagnostic)
                } else {
                    var warning = Diagnostic(error, in: source, severity: .warning)
                    warning.message = "skipped, not valid \(format.name.uppercased()): " + warning.message
                    warnings.append(warning)
                }
                continue
            }
            let (entries, problems) = Planner.conventionTargets(in: document, path: path, rules: applicable, spellings)
            diagnostics.append(contentsOf: problems)
            if !entries.isEmpty {
                plans.append(FilePlan(path: path, diffPath: relative, format: format, original: source, updated: nil, edits: [], entries: entries))
            }
        }
        guard diagnostics.isEmpty else { throw PatchError(diagnostics) }
        guard !plans.isEmpty else {
            let tried = rules.map { rule in
                "  \(rule.name) (\(rule.format.name)): " + rule.selectors(spellings).map(\.text).joined(separator: ", ")
            }.joined(separator: "\n")
            let message = "no target for '\(spellings.name)' under \(root): looked in \(looked) candidate file(s) and tried\n\(tried)"
            throw PatchError([Diagnostic(.error, message)] + warnings)
        }
        return (plans, warnings)
    }
}

extension Planner {
    /// The targets `rules` find for `spellings` in one parsed document, each
    /// slot once, with the selection errors met on the way.
    static func conventionTargets(
        in document: any TemplateDocument, path: String, rules: [ConventionRule], _ spellings: NameSpellings
    ) -> ([PlanEntry], [Diagnostic]) {
        let source = document.source
        var entries: [PlanEntry] = []
        var diagnostics: [Diagnostic] = []
        var seen: Set<Range<Int>> = []
        for rule in rules where rule.appliesToDocument(document) {
            for selector in rule.selectors(spellings) {
                do {
                    for slot in try document.select(selector) where seen.insert(slot.range).inserted {
                        entries.append(PlanEntry(
                            path: path, slot: slot, location: source.location(of: slot.range.lowerBound),
                            origin: .convention(rule.name)))
                    }
                } catch {
                    diagnostics.append(Diagnostic(error, in: source))
                }
            }
        }
        return (entries, diagnostics)
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
