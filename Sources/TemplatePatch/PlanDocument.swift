#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import JSONSyntax
import TemplateSyntax

/// A plan written down (`tplpatch set --plan-out FILE`), to be reviewed and
/// applied later (`tplpatch apply FILE`), by tplpatch or another tool.
///
/// It names every file that changes (relative to the root), the SHA-256 of
/// the bytes the plan was made from, and every edit: byte range, line and
/// column, selector, the literal's old and new text, the target's old and
/// new value. The JSON shape is stable (README, "Plan files"): a new field
/// may appear under the same `schema`; a change that a reader of schema 1
/// would misread gets a new `schema` number, which this version refuses.
public struct PlanDocument: Codable, Sendable, Equatable {
    /// The schema this version writes and the newest it reads.
    public static let currentSchema = 1

    public var schema: Int
    /// The variable (`chroma_version`).
    public var name: String
    /// The value every target gets.
    public var value: String
    /// The files that change, in the plan's order; files whose targets
    /// already hold the value are not listed.
    public var files: [File]

    /// One file of the plan.
    public struct File: Codable, Sendable, Equatable {
        /// Relative to the root, `/`-separated, never `..` or absolute.
        public var path: String
        /// The format it is parsed as (`json`, `hcl`, `python`, `yaml`, `toml`).
        public var format: String
        /// The SHA-256 of the file's bytes when the plan was made, lowercase hex.
        public var sha256: String
        public var edits: [Edit]

        public init(path: String, format: String, sha256: String, edits: [Edit]) {
            self.path = path
            self.format = format
            self.sha256 = sha256
            self.edits = edits
        }
    }

    /// One edit: the bytes `start..<end` (UTF-8 offsets) held `oldText`
    /// and get `newText`, which makes the target at `selector` read
    /// `prefix + newValue` instead of `prefix + oldValue`.
    public struct Edit: Codable, Sendable, Equatable {
        public var selector: String
        /// Line and column (1-based, the column in Unicode characters, as in messages) of `start`.
        public var line: Int
        public var column: Int
        public var start: Int
        public var end: Int
        /// The literal as written, quotes included.
        public var oldText: String
        public var newText: String
        /// The target's version, without `prefix`.
        public var oldValue: String
        public var newValue: String
        /// The part of the slot's value before the version, kept
        /// (`CHROMA_VERSION=` in a `CHROMA_VERSION=1.2.3` list item); usually "".
        public var prefix: String
        public var origin: Origin

        public init(
            selector: String, line: Int, column: Int, start: Int, end: Int, oldText: String, newText: String, oldValue: String,
            newValue: String, prefix: String, origin: Origin
        ) {
            self.selector = selector
            self.line = line
            self.column = column
            self.start = start
            self.end = end
            self.oldText = oldText
            self.newText = newText
            self.oldValue = oldValue
            self.newValue = newValue
            self.prefix = prefix
            self.origin = origin
        }
    }

    /// Why the target is one: `{"kind": "convention", "rule": ...}`,
    /// `{"kind": "config", "file": ..., "line": ...}` or `{"kind": "command"}`.
    public struct Origin: Codable, Sendable, Equatable {
        public var kind: String
        public var rule: String?
        public var file: String?
        public var line: Int?

        public init(_ origin: TemplatePatch.Origin) {
            switch origin {
            case .convention(let rule): kind = "convention"; self.rule = rule
            case .config(let file, let line): kind = "config"; self.file = file; self.line = line
            case .command: kind = "command"
            }
        }

        /// The origin it records, or nil for a kind this version does not know.
        public var resolved: TemplatePatch.Origin? {
            switch kind {
            case "convention": return rule.map { .convention($0) }
            case "config": return file.map { .config($0, line ?? 0) }
            case "command": return .command
            default: return nil
            }
        }
    }

    public init(schema: Int = PlanDocument.currentSchema, name: String, value: String, files: [File]) {
        self.schema = schema
        self.name = name
        self.value = value
        self.files = files
    }

    // MARK: Plan -> document

    /// The document of `plan`, which gives the targets of `name` the value
    /// `value` (`Planner.plan(set:to:)`). Only the changed files are listed.
    /// Throws when an edit's text is not UTF-8 (JSON holds only text): such
    /// a plan cannot be written down, only applied at once.
    public init(_ plan: Plan, name: String, value: String) throws(PatchError) {
        var files: [File] = []
        var problems: [Diagnostic] = []
        for file in plan.changedFiles {
            var edits: [Edit] = []
            var used: Set<Int> = []
            for entry in file.entries where entry.changes {
                guard let newValue = entry.newValue,
                    let index = file.edits.firstIndex(where: { Self.covers($0.range, entry.slot.range) })
                else {
                    problems.append(Diagnostic(
                        .error, "no edit of the plan belongs to '\(entry.selector)', so the plan cannot be written down",
                        at: entry.slot.range.lowerBound, in: file.original))
                    continue
                }
                // One literal two targets share is one edit.
                guard used.insert(index).inserted else { continue }
                let edit = file.edits[index]
                let oldBytes = Array(file.original.bytes[edit.range])
                guard UTF8Validation.firstInvalid(oldBytes) == nil, UTF8Validation.firstInvalid(edit.replacement) == nil else {
                    problems.append(Diagnostic(
                        .error, "the literal of '\(entry.selector)' is not UTF-8 text, so the plan cannot be written as JSON; apply it with `set` instead",
                        at: edit.range.lowerBound, in: file.original))
                    continue
                }
                let location = file.original.location(of: edit.range.lowerBound)
                edits.append(Edit(
                    selector: entry.selector, line: location.line, column: location.column, start: edit.range.lowerBound,
                    end: edit.range.upperBound, oldText: String(decoding: oldBytes, as: UTF8.self),
                    newText: String(decoding: edit.replacement, as: UTF8.self), oldValue: entry.oldValue, newValue: newValue,
                    prefix: entry.prefix, origin: Origin(entry.origin)))
            }
            files.append(File(path: file.diffPath, format: file.format.name, sha256: Journal.hash(file.original.bytes), edits: edits))
        }
        guard problems.isEmpty else { throw PatchError(problems) }
        self.init(name: name, value: value, files: files)
    }

    /// Whether the edit `edit` is the one made for the slot at `slot`: it
    /// starts where the slot does or holds the slot's first byte.
    static func covers(_ edit: Range<Int>, _ slot: Range<Int>) -> Bool {
        edit.lowerBound == slot.lowerBound || edit.contains(slot.lowerBound)
    }

    // MARK: Encoding

    /// The document as pretty-printed JSON (keys sorted, one final newline).
    public func encoded() throws(PatchError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self)) + [0x0A]
        } catch {
            throw PatchError([Diagnostic(.error, "cannot encode the plan: \(error)")])
        }
    }

    /// Reads a plan file's bytes. Not JSON, not a plan, or a plan of a newer
    /// schema: an error at the place in the file (`path:line:col`), exit 1.
    public static func decode(_ bytes: [UInt8], path: String) throws(PatchError) -> PlanDocument {
        let source = SourceText(bytes: bytes, path: path)
        let json: JSONDocument
        do {
            json = try JSONDocument(parsing: source)
        } catch {
            var diagnostic = Diagnostic(error, in: source)
            diagnostic.message = "not a tplpatch plan (not JSON): " + diagnostic.message
            throw PatchError([diagnostic])
        }
        func fail(_ message: String, at path: [Selector.Component]) -> PatchError {
            PatchError([Diagnostic(.error, "not a tplpatch plan: " + message, at: offset(of: path, in: json), in: source)])
        }
        guard json.nodes.first?.kind == .object else { throw fail("the file is not a JSON object", at: []) }
        let schemaSlots = (try? json.select(Selector(components: [.key("schema")]))) ?? []
        guard let schemaSlot = schemaSlots.first else { throw fail("it has no \"schema\" field", at: []) }
        guard schemaSlot.kind == .number, let schema = Int(schemaSlot.value), schema >= 1 else {
            throw fail("\"schema\" is \(schemaSlot.value), not a schema number (1)", at: [.key("schema")])
        }
        guard schema <= currentSchema else {
            throw PatchError([Diagnostic(
                .error,
                "the plan is of schema \(schema), written by a newer tplpatch; this one reads schema \(currentSchema) and older. Make the plan again with this version, or apply it with the newer one",
                at: schemaSlot.range.lowerBound, in: source)])
        }
        let document: PlanDocument
        do {
            document = try JSONDecoder().decode(PlanDocument.self, from: Data(bytes))
        } catch let error as DecodingError {
            let (message, path) = describe(error)
            throw fail(message, at: path)
        } catch {
            throw fail("\(error)", at: [])
        }
        for (index, file) in document.files.enumerated() {
            let at: [Selector.Component] = [.key("files"), .index(index)]
            guard case .inside(let relative) = ProjectConfig.rootRelative(file.path), !relative.isEmpty else {
                throw fail("'\(file.path)' is not a path relative to the root", at: at + [.key("path")])
            }
            guard file.sha256.utf8.count == 64, file.sha256.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
                throw fail("\"sha256\" of '\(file.path)' is not a SHA-256 in lowercase hex", at: at + [.key("sha256")])
            }
            guard Format.named(file.format) != nil else {
                throw fail("'\(file.format)' is not a format (known: \(Format.all.map(\.name).joined(separator: ", ")))", at: at + [.key("format")])
            }
            for (number, edit) in file.edits.enumerated() {
                let here = at + [.key("edits"), .index(number)]
                guard edit.start >= 0, edit.start <= edit.end else {
                    throw fail("edit \(edit.start)..<\(edit.end) is not a byte range", at: here + [.key("start")])
                }
                guard edit.origin.resolved != nil else {
                    throw fail("origin kind '\(edit.origin.kind)' is not one of convention, config, command", at: here + [.key("origin")])
                }
                do {
                    _ = try Selector(parsing: edit.selector)
                } catch {
                    throw fail("\"selector\": \(error.description)", at: here + [.key("selector")])
                }
            }
        }
        let paths = document.files.map { file -> String in
            if case .inside(let relative) = ProjectConfig.rootRelative(file.path) { return relative }
            return file.path
        }
        for (index, path) in paths.enumerated() where paths[..<index].contains(path) {
            throw fail("'\(path)' is listed twice", at: [.key("files"), .index(index), .key("path")])
        }
        return document
    }

    /// What a decoding error says, and where in the document.
    private static func describe(_ error: DecodingError) -> (String, [Selector.Component]) {
        func components(_ path: [any CodingKey]) -> [Selector.Component] {
            path.map { key in key.intValue.map { .index($0) } ?? .key(key.stringValue) }
        }
        func render(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "the document" : "\"\(Selector.render(components(path)))\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ("\(render(context.codingPath)) has no \"\(key.stringValue)\" field", components(context.codingPath))
        case .typeMismatch(let type, let context):
            return ("\(render(context.codingPath)) is not \(describe(type))", components(context.codingPath))
        case .valueNotFound(let type, let context):
            return ("\(render(context.codingPath)) is null, not \(describe(type))", components(context.codingPath))
        case .dataCorrupted(let context):
            return ("\(render(context.codingPath)): \(context.debugDescription)", components(context.codingPath))
        @unknown default:
            return ("\(error)", [])
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is [File].Type, is [Edit].Type: return "an array"
        default: return "an object"
        }
    }

    /// The offset of the value at `path` in `json`, or of the deepest part
    /// of the path that is there.
    static func offset(of path: [Selector.Component], in json: JSONDocument) -> Int {
        guard !json.nodes.isEmpty else { return 0 }
        var node = 0
        for component in path {
            let children = json.children(ofNode: node)
            let next: Int?
            switch component {
            case .key(let name): next = children.first { json.key(ofNode: $0) == name }
            case .index(let index): next = json.nodes[node].kind == .array && index < children.count ? children[index] : nil
            default: next = nil
            }
            guard let next else { break }
            node = next
        }
        return json.range(ofNode: node).lowerBound
    }

    // MARK: Document -> verified plan

    /// The plan this document describes, verified against the files under
    /// `root`, for `Plan.apply()`:
    ///
    /// - every file must still have the SHA-256 the plan recorded; each one
    ///   that does not is named (all of them, not just the first);
    /// - each edit's bytes must still be its old text, and the selector
    ///   must name a target there holding the old value;
    /// - the file is parsed, the targets are given their new values, and
    ///   the result is proven as `set` proves it (`Planner.prove`): it must
    ///   parse again, read back the new values, change nothing else, and
    ///   the edits must be exactly the plan's.
    ///
    /// Nothing is written. `planPath` names the plan file in messages.
    public func verifiedPlan(root: String, planPath: String? = nil, maxFileSize: Int = FileSize.defaultLimit) throws(PatchError) -> Plan {
        guard FileIO.isDirectory(root) else {
            throw PatchError([Diagnostic(.error, "--root must be a directory", file: root)])
        }
        let planner = Planner(root: root, maxFileSize: maxFileSize)
        let realRoot = FileIO.realPath(root)
        var changed: [Diagnostic] = []
        var problems: [Diagnostic] = []
        var plans: [FilePlan] = []
        for file in files {
            guard case .inside(let relative) = ProjectConfig.rootRelative(file.path), let format = Format.named(file.format) else {
                problems.append(Diagnostic(.error, "'\(file.path)' is not a file under the root", file: planPath))
                continue
            }
            let shown = planner.displayPath(relative)
            guard FileIO.exists(shown) else {
                changed.append(Diagnostic(.error, "the file is gone since the plan was made", file: shown))
                continue
            }
            let real = FileIO.realPath(shown)
            if let real, let realRoot {
                let prefix = realRoot.hasSuffix("/") ? realRoot : realRoot + "/"
                guard real.hasPrefix(prefix) else {
                    problems.append(Diagnostic(
                        .error, "leads to \(real) through a symbolic link, outside the root (\(root)); tplpatch writes only files under the root",
                        file: shown))
                    continue
                }
            }
            let loaded: (bytes: [UInt8], stamp: FileIO.ReadStamp?)
            do {
                loaded = try FileIO.readStamped(shown, limit: maxFileSize)
            } catch {
                problems.append(error.diagnostic)
                continue
            }
            let hash = Journal.hash(loaded.bytes)
            guard hash == file.sha256 else {
                changed.append(Diagnostic(
                    .error, "changed since the plan was made (SHA-256 \(hash), the plan has \(file.sha256))", file: shown))
                continue
            }
            let source = SourceText(bytes: loaded.bytes, path: shown)
            let document: any TemplateDocument
            do {
                document = try format.document(source)
            } catch {
                problems.append(Diagnostic(error, in: source))
                continue
            }
            var entries: [PlanEntry] = []
            for edit in file.edits {
                guard let entry = Self.entry(for: edit, in: document, path: shown, problems: &problems) else { continue }
                entries.append(entry)
            }
            let plan = FilePlan(
                path: shown, diffPath: relative, format: format, original: source, updated: nil, edits: [], entries: entries,
                realPath: real, stamp: loaded.stamp, document: document)
            let proven: FilePlan
            do {
                proven = try Planner.prove(plan)
            } catch {
                problems += error.diagnostics
                continue
            }
            let wanted = file.edits.map { TextEdit(range: $0.start..<$0.end, replacement: Array($0.newText.utf8)) }
                .sorted { $0.range.lowerBound < $1.range.lowerBound }
            guard proven.edits == wanted else {
                let first = zip(proven.edits, wanted).first { $0 != $1 }?.0 ?? proven.edits.first ?? wanted.first
                problems.append(Diagnostic(
                    .error,
                    "the plan's edits are not the ones tplpatch makes for these values (it would write \(proven.edits.map { "'\(String(decoding: $0.replacement, as: UTF8.self))'" }.joined(separator: ", "))); the plan was changed by hand or by another tool",
                    at: first?.range.lowerBound ?? 0, in: source))
                continue
            }
            plans.append(proven)
        }
        if !changed.isEmpty {
            let note = Diagnostic(.note, "nothing was written; make the plan again (`tplpatch set \(name) \(value) --plan-out FILE`)")
            throw PatchError(changed + problems + [note])
        }
        guard problems.isEmpty else { throw PatchError(problems) }
        return Plan(files: plans, root: root)
    }

    /// The plan entry of one edit, checked against the parsed file: the
    /// bytes are the old text and the selector names a target there that
    /// holds the old value.
    private static func entry(for edit: Edit, in document: any TemplateDocument, path: String, problems: inout [Diagnostic]) -> PlanEntry? {
        let source = document.source
        let at = min(max(0, edit.start), source.count)
        guard edit.start >= 0, edit.start <= edit.end, edit.end <= source.count, Array(source.bytes[edit.start..<edit.end]) == Array(edit.oldText.utf8) else {
            problems.append(Diagnostic(.error, "the bytes \(edit.start)..<\(edit.end) are not the plan's old text '\(edit.oldText)'", at: at, in: source))
            return nil
        }
        let slots: [Slot]
        do {
            slots = try document.select(Selector(parsing: edit.selector))
        } catch let error as TemplateError {
            problems.append(Diagnostic(error, in: source))
            return nil
        } catch {
            problems.append(Diagnostic(.error, "'\(edit.selector)': \(error)", at: at, in: source))
            return nil
        }
        guard let slot = slots.first(where: { covers(edit.start..<edit.end, $0.range) }), slot.value == edit.prefix + edit.oldValue,
            let origin = edit.origin.resolved
        else {
            problems.append(Diagnostic(
                .error, "'\(edit.selector)' does not hold '\(edit.prefix + edit.oldValue)' at these bytes, as the plan says", at: at, in: source))
            return nil
        }
        return PlanEntry(
            path: path, slot: slot, location: source.location(of: slot.range.lowerBound), origin: origin, prefix: edit.prefix,
            newValue: edit.newValue)
    }
}
