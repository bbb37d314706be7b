import TemplateSyntax

/// `.tplpatch.yml` at the root: targets that naming convention cannot find.
///
/// ```yaml
/// variables:
///   chroma_version:
///     targets:
///       - file: chromadb/__init__.py
///         at: __version__
///       - file: deployments/aws/*.cf.json      # globs: * ? and **
///         at: Parameters.ChromaVersion.Default
///         format: json                          # optional
///     conventions: true                         # optional; false turns discovery off for this variable
///     scheme: semver                            # optional; semver or pep440 (see `VersionScheme`)
/// exclude:                                      # optional; globs discovery, config globs and check pass over
///   - "charts/**"
/// ```
///
/// The file is read through the same format-neutral tree as every template
/// (every scalar with its path), so unknown keys are caught wherever they are.
public struct ProjectConfig: Sendable {
    /// The names tried at the root, in order.
    public static let fileNames = [".tplpatch.yml", ".tplpatch.yaml"]

    public struct Target: Sendable {
        /// A root-relative path or glob.
        public var file: String
        public var selector: Selector
        public var format: Format?
        /// Where the target is written in the config (for diagnostics).
        public var offset: Int
    }

    public struct Variable: Sendable {
        public var name: String
        public var targets: [Target]
        /// Whether naming-convention discovery also runs for this variable.
        public var conventions: Bool
        /// The version scheme its values follow (`scheme:`), nil when the
        /// config names none: `set` then takes any text, `bump` SemVer.
        public var scheme: VersionScheme? = nil
    }

    /// One `exclude:` entry: a glob (see `Exclusions`) and where it is written.
    public struct Exclude: Sendable {
        public var pattern: String
        public var offset: Int
    }

    public var source: SourceText
    public var variables: [String: Variable]
    /// The top-level `exclude:` list, in order.
    public var exclude: [Exclude] = []

    /// The `exclude:` globs as exclusions.
    public var exclusions: Exclusions { Exclusions(exclude.map(\.pattern)) }

    /// The config under `root`, nil when there is none. Like any file it
    /// must be a regular file of at most `maxFileSize` bytes (a FIFO named
    /// `.tplpatch.yml` is an error, never a hang).
    public static func load(root: String, maxFileSize: Int = FileSize.defaultLimit) throws(PatchError) -> ProjectConfig? {
        for name in fileNames {
            let path = root == "." ? name : (root.hasSuffix("/") ? root + name : root + "/" + name)
            guard FileIO.exists(path) else { continue }
            guard let format = Format.named("yaml") else {
                throw PatchError([Diagnostic(.error, "this build of tplpatch cannot read YAML", file: path)])
            }
            let (_, document) = try Planner.load(path, format: format, maxFileSize: maxFileSize)
            return try ProjectConfig(document)
        }
        return nil
    }

    /// Where a target's `file` leads, read lexically: `.` and empty
    /// segments are dropped and `..` takes back the segment before it.
    public enum RootRelative: Equatable, Sendable {
        /// The normalised root-relative path (empty: the root itself).
        case inside(String)
        /// `..` climbs above the root (`../x`, `a/../../x`).
        case outside
        /// Starts with `/`.
        case absolute
    }

    /// Reads a target's `file` as a path under the root. The result may
    /// still lead out through a symbolic link; the planner checks that on
    /// the real path.
    public static func rootRelative(_ file: String) -> RootRelative {
        if file.hasPrefix("/") { return .absolute }
        var segments: [Substring] = []
        for segment in file.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                guard !segments.isEmpty else { return .outside }
                segments.removeLast()
            default: segments.append(segment)
            }
        }
        return .inside(segments.joined(separator: "/"))
    }

    /// The nearest folder at or above the folder of `file` that holds a
    /// project config, if any.
    public static func nearestRoot(above file: String) -> String? {
        var directory = FileIO.parentDirectory(file)
        while true {
            if fileNames.contains(where: { FileIO.exists(directory + "/" + $0) }) { return directory }
            guard directory != "/" && directory != "." && !directory.isEmpty else { return nil }
            directory = FileIO.parentDirectory(directory)
        }
    }

    /// Reads a parsed config document.
    public init(_ document: any TemplateDocument) throws(PatchError) {
        source = document.source
        var diagnostics: [Diagnostic] = []
        func problem(_ message: String, _ offset: Int) {
            diagnostics.append(Diagnostic(.error, message, at: offset, in: document.source))
        }
        // The tree gives each value's place, not its key's; a key is written
        // before its value, so its last occurrence before the value is it.
        let bytes = document.source.bytes
        func keyOffset(_ key: String, before offset: Int) -> Int {
            let needle = Array(key.utf8)
            guard !needle.isEmpty else { return offset }
            var i = min(offset, bytes.count) - needle.count
            while i >= 0 {
                if bytes[i] == needle[0] && Array(bytes[i..<i + needle.count]) == needle { return i }
                i -= 1
            }
            return offset
        }
        // Targets as they are read: variable -> index -> (key -> slot).
        var fields: [String: [Int: [String: Slot]]] = [:]
        var conventions: [String: Bool] = [:]
        var schemes: [String: VersionScheme] = [:]
        var order: [String] = []
        var excludes: [Exclude] = []
        for slot in document.scalars() {
            let path = slot.path
            let at = slot.range.lowerBound
            if case .key("exclude")? = path.first {
                guard path.count == 2, case .index = path[1] else {
                    problem("'exclude' is a list of globs (exclude: [\"charts/**\"])", at)
                    continue
                }
                guard slot.kind != .null else {
                    problem("an 'exclude' entry is a glob, not null", at)
                    continue
                }
                if let why = Exclusions.problem(with: slot.value) {
                    problem("exclusion '\(slot.value)' \(why)", at)
                    continue
                }
                excludes.append(Exclude(pattern: slot.value, offset: at))
                continue
            }
            guard case .key("variables")? = path.first else {
                let key = Selector.render(Array(path.prefix(1)))
                problem("unknown key '\(key)' in the config (allowed: variables, exclude)", keyOffset(key, before: at))
                continue
            }
            guard path.count >= 3, case .key(let variable) = path[1], case .key(let field) = path[2] else {
                problem("'variables' maps each variable name to its settings (targets, conventions, scheme)", at)
                continue
            }
            if !order.contains(variable) { order.append(variable) }
            switch field {
            case "conventions" where path.count == 3:
                guard slot.kind == .bool else {
                    problem("'conventions' is true or false", at)
                    continue
                }
                conventions[variable] = slot.value == "true"
            case "scheme" where path.count == 3:
                guard let scheme = VersionScheme.named(slot.value) else {
                    let known = VersionScheme.allCases.map(\.rawValue).joined(separator: ", ")
                    problem("unknown scheme '\(slot.value)' (known: \(known))", at)
                    continue
                }
                schemes[variable] = scheme
            case "targets":
                guard path.count == 5, case .index(let index) = path[3], case .key(let key) = path[4] else {
                    problem("'targets' is a list of entries with 'file' and 'at'", at)
                    continue
                }
                guard ["file", "at", "format"].contains(key) else {
                    problem("unknown key '\(key)' in a target (allowed: file, at, format)", keyOffset(key, before: at))
                    continue
                }
                fields[variable, default: [:]][index, default: [:]][key] = slot
            default:
                problem("unknown key '\(field)' under variable '\(variable)' (allowed: targets, conventions, scheme)", keyOffset(field, before: at))
            }
        }
        var variables: [String: Variable] = [:]
        for name in order {
            var targets: [Target] = []
            for (_, entry) in (fields[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let anchor = entry.values.map(\.range.lowerBound).min() ?? 0
                guard let file = entry["file"], let at = entry["at"] else {
                    problem("a target needs both 'file' and 'at'", anchor)
                    continue
                }
                let selector: Selector
                do {
                    selector = try Selector(parsing: at.value)
                } catch {
                    problem("invalid selector '\(at.value)': \(error.message) at column \(error.column)", at.range.lowerBound)
                    continue
                }
                var format: Format? = nil
                if let named = entry["format"] {
                    format = Format.named(named.value)
                    if format == nil {
                        problem("unknown format '\(named.value)' (known: \(Format.all.map(\.name).joined(separator: ", ")))", named.range.lowerBound)
                        continue
                    }
                }
                targets.append(Target(file: file.value, selector: selector, format: format, offset: file.range.lowerBound))
            }
            variables[name] = Variable(name: name, targets: targets, conventions: conventions[name] ?? true, scheme: schemes[name])
        }
        guard diagnostics.isEmpty else { throw PatchError(diagnostics) }
        self.variables = variables
        self.exclude = excludes
    }

    /// The settings of `name`, matched by any of its spellings.
    public func variable(_ name: String) -> Variable? {
        if let exact = variables[name] { return exact }
        let wanted = NameSpellings(name).snake
        return variables.values.first { NameSpellings($0.name).snake == wanted }
    }
}

extension Planner {
    /// Whether a config glob matches a root-relative path (`*` and `?` within
    /// a segment, `**` across segments).
    public static func globMatches(_ pattern: String, _ path: String) -> Bool {
        Glob.matches(pattern, path)
    }
}

/// Shell-style globs over root-relative paths: `*` and `?` within one path
/// segment, `**` across segments, everything else literal.
enum Glob {
    static func isPattern(_ text: String) -> Bool {
        text.contains("*") || text.contains("?")
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern.utf8)[...], Array(path.utf8)[...])
    }

    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        let star = UInt8(ascii: "*"), slash = UInt8(ascii: "/")
        if first == star {
            let doubled = p.dropFirst().first == star
            if doubled {
                // `**/` matches zero or more whole segments; a bare `**` anything.
                var rest = p.dropFirst(2)
                if rest.first == slash { rest = rest.dropFirst() }
                var i = s.startIndex
                while true {
                    if match(rest, s[i...]) { return true }
                    guard let next = s[i...].firstIndex(of: slash) else { break }
                    i = next + 1
                }
                return p.dropFirst(2).isEmpty
            }
            var i = s.startIndex
            while true {
                if match(p.dropFirst(), s[i...]) { return true }
                guard i < s.endIndex, s[i] != slash else { return false }
                i += 1
            }
        }
        guard let c = s.first else { return false }
        if first == UInt8(ascii: "?") { return c != slash && match(p.dropFirst(), s.dropFirst()) }
        return first == c && match(p.dropFirst(), s.dropFirst())
    }
}
