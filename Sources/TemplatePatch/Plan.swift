import TemplateSyntax

/// Where a target came from.
public enum Origin: Sendable, Hashable, CustomStringConvertible {
    /// Found by a naming-convention rule (its name).
    case convention(String)
    /// Named in the project config (its path, line).
    case config(String, Int)
    /// Named on the command line (`edit`, `query`).
    case command

    public var description: String {
        switch self {
        case .convention(let rule): return "convention: \(rule)"
        case .config(let path, let line): return "config: \(path):\(line)"
        case .command: return "command line"
        }
    }
}

/// One located target and what happens to it.
public struct PlanEntry: Sendable {
    public var path: String
    public var slot: Slot
    public var location: SourceLocation
    public var origin: Origin
    /// The part of the slot's value before the version, kept on a change
    /// (`CHROMA_VERSION=` in a `CHROMA_VERSION=1.2.3` list item); usually "".
    public var prefix: String = ""
    /// The value it will get; nil when only reading (`get`).
    public var newValue: String?

    public var selector: String { slot.selectorText }
    /// The version the target holds now (the slot's value without the prefix).
    public var oldValue: String { String(slot.value.dropFirst(prefix.count)) }
    public var changes: Bool { newValue.map { $0 != oldValue } ?? false }
    /// The whole value the slot gets.
    var newSlotValue: String? { newValue.map { prefix + $0 } }
}

/// What happens to one file.
public struct FilePlan: Sendable {
    /// The path as shown to the user (the root joined with the relative path).
    public var path: String
    /// The path used in diff labels: relative to the root, as `git diff` shows it.
    public var diffPath: String
    public var format: Format
    public var original: SourceText
    /// The new text, proven by parsing it again; nil when nothing changes.
    public var updated: SourceText?
    public var edits: [TextEdit]
    public var entries: [PlanEntry]
    /// The file's real path, when discovery resolved it (the write then
    /// need not resolve it again).
    var realPath: String? = nil
    /// What the file was when `original` was read (see `FileIO.ReadStamp`):
    /// the write checks it instead of reading the file again.
    var stamp: FileIO.ReadStamp? = nil
    /// The parse of `original` discovery made, until the edit is proven.
    var document: (any TemplateDocument)? = nil

    /// The unified diff of this file's edits ("" when nothing changes).
    public func diff() -> String { String(decoding: diffBytes(), as: UTF8.self) }

    /// The same diff with every line's bytes exact, as a patch tool needs.
    public func diffBytes() -> [UInt8] {
        (try? UnifiedDiff.renderBytes(old: original, edits: edits, oldLabel: "a/\(diffPath)", newLabel: "b/\(diffPath)")) ?? []
    }
}

/// Every file's edits for one command, applied all together or not at all.
public struct Plan: Sendable {
    public var files: [FilePlan]
    public var warnings: [Diagnostic]
    /// The root the plan was made under (`set`, `get`); nil for one file
    /// (`edit`). It decides where the journal goes (see `Journal`).
    public var root: String?
    /// tplpatch temporary files of dead runs that discovery came across
    /// (shown paths); `apply` removes them, `get` reports them.
    public var leftovers: [String] = []

    public init(files: [FilePlan], warnings: [Diagnostic] = [], root: String? = nil, leftovers: [String] = []) {
        self.files = files
        self.warnings = warnings
        self.root = root
        self.leftovers = leftovers
    }

    /// The journal file this plan writes through when it changes several files.
    public var journalPath: String? {
        if let root { return Journal.path(forRoot: root) }
        return files.first.map { Journal.path(forFile: $0.path) }
    }

    /// Every target, file by file, in document order.
    public var entries: [PlanEntry] { files.flatMap(\.entries) }
    /// The files whose text changes.
    public var changedFiles: [FilePlan] { files.filter { $0.updated != nil } }
    /// The distinct current values of the targets, in first-seen order.
    public var distinctOldValues: [String] {
        var seen: Set<String> = []
        return entries.map(\.oldValue).filter { seen.insert($0).inserted }
    }

    /// The diff of every changed file.
    public func diff() -> String { changedFiles.map { $0.diff() }.joined() }

    /// The diff of every changed file, bytes exact.
    public func diffBytes() -> [UInt8] { changedFiles.flatMap { $0.diffBytes() } }

    /// What a write would refuse for hard links (see `FileIO.replaceAll`):
    /// one warning per changed file that has other hard links, for a dry
    /// run to show. The write itself checks again.
    public func hardLinkWarnings() -> [Diagnostic] {
        changedFiles.compactMap { file in
            FileIO.hardLinkProblem(at: file.realPath ?? file.path).map {
                Diagnostic(.warning, $0 + " (a real run refuses it)", file: file.path)
            }
        }
    }

    /// Writes every changed file, or none, through the journal (see
    /// `FileIO.replaceAll`), and removes the stale temporary files it knows
    /// of. A signal that stopped the write gives the exit status 128 + its
    /// number, as a shell reports a program a signal ended. A file with
    /// other hard links is refused unless `breakingHardLinks` (see
    /// `FileIO.replaceAll`).
    public func apply(breakingHardLinks: Bool = false) throws(PatchError) {
        let replacements = changedFiles.compactMap { file in
            file.updated.map {
                FileIO.Replacement(
                    path: file.path, expected: file.original.bytes, bytes: $0.bytes, target: file.realPath, stamp: file.stamp)
            }
        }
        do {
            try FileIO.replaceAll(replacements, journal: journalPath, leftovers: leftovers, breakingHardLinks: breakingHardLinks)
        } catch {
            throw PatchError([error.diagnostic], exitCode: error.signal.map { 128 + $0 } ?? 1)
        }
    }
}

/// Why a command cannot go on: every problem found, each a diagnostic, and
/// the exit status the command line uses (1 bad input, 3 values disagree).
public struct PatchError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var exitCode: Int32
    /// Every target with its current value, when the error is that they
    /// disagree (`Planner.plan(bump:...)`, exit code 3), so a caller can
    /// list them as `tplpatch get` does; else empty.
    public var targets: [PlanEntry] = []

    public init(_ diagnostics: [Diagnostic], exitCode: Int32 = 1, targets: [PlanEntry] = []) {
        self.diagnostics = diagnostics
        self.exitCode = exitCode
        self.targets = targets
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
