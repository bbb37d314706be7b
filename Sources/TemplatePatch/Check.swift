import TemplateSyntax

/// What `tplpatch check` found: the targets of a variable, whether they
/// agree, and where else under the root the current value is written or
/// the name is used in its place.
public struct CheckReport: Sendable {
    /// How an occurrence outside the targets is read.
    public enum Kind: String, Sendable, CaseIterable {
        /// The name, qualified, as a reference to the variable
        /// (`var.chroma_version`, `${var.chroma_version}`, `.Values.chromaVersion`,
        /// `{"Ref": "ChromaVersion"}`): it follows the target by itself.
        case reference
        /// The name as a slot something fills in (`${CHROMA_VERSION}`,
        /// `$CHROMA_VERSION`, `{{ chroma_version }}`, `chroma:CHROMA_VERSION`).
        case placeholder
        /// The value in a version-like slot that is not a target
        /// (`version: 1.2.3`, `"chromaVersion": "1.2.3"`): `set` would miss it.
        case likelyMissedTarget = "likely-missed-target"
        /// The value anywhere else (prose, an image reference, a slot named
        /// for another version such as `MINIMUM_SERVER_VERSION`).
        case otherText = "other-text"

        /// The words printed for the kind.
        public var label: String {
            switch self {
            case .reference: "reference"
            case .placeholder: "placeholder"
            case .likelyMissedTarget: "likely missed target"
            case .otherText: "other text"
            }
        }
    }

    /// One occurrence, at a line and column (Unicode characters, from 1).
    public struct Occurrence: Sendable, Equatable {
        /// The file as shown (the root joined with `relativePath`).
        public var path: String
        public var relativePath: String
        public var line: Int
        public var column: Int
        public var kind: Kind
        /// The text found: the value, or the spelling of the name.
        public var text: String
        /// The key or variable the value is assigned to, when there is one.
        public var key: String?
        /// The line, trimmed and cut to at most 160 characters.
        public var excerpt: String
    }

    public var name: String
    /// The targets, as `get` finds them.
    public var plan: Plan
    /// The targets' distinct values (more than one is drift).
    public var values: [String] { plan.distinctOldValues }
    /// Whether every target holds one value.
    public var agree: Bool { values.count <= 1 }
    /// The value every target holds; nil on drift.
    public var value: String? { agree ? values.first : nil }
    /// The occurrences outside the targets, by file and then position. Empty
    /// on drift: there is no one current value to look for.
    public var occurrences: [Occurrence]
    /// Files the scan passed over for their size (shown paths).
    public var skippedLarge: [String]
    /// Discovery's warnings.
    public var warnings: [Diagnostic] { plan.warnings }

    /// 3 when the targets disagree or a likely missed target exists, else 0.
    public var exitCode: Int32 {
        !agree || occurrences.contains { $0.kind == .likelyMissedTarget } ? 3 : 0
    }
}

extension Planner {
    /// Checks `name` for CI (`tplpatch check`): finds its targets as
    /// `locate` does and, when they agree, scans every text file the run
    /// looks at (exclusions and git-ignored files left out; a file with a
    /// NUL byte is binary and skipped, and so is a file over the size
    /// limit) for the value outside the targets, and for the name used as
    /// a reference or placeholder. See `OccurrenceScan` for the rules.
    public func check(_ name: String) throws(PatchError) -> CheckReport {
        let spellings = NameSpellings(name)
        let (found, warnings, leftovers, listing) = try discoverWithListing(spellings)
        let plan = Plan(
            files: found.map { file in
                var file = file
                file.document = nil
                return file
            }, warnings: warnings, root: root, leftovers: leftovers)
        var report = CheckReport(name: name, plan: plan, occurrences: [], skippedLarge: [])
        guard let value = report.value, !value.isEmpty else { return report }
        var ranges: [String: [Range<Int>]] = [:]
        for file in plan.files {
            ranges[file.diffPath, default: []] += file.entries.map(\.slot.range)
        }
        let targetRanges = ranges
        let files = listing.walk.files
        let sizes = listing.walk.sizes
        let scan = OccurrenceScan(value: value, spellings: spellings)
        let limit = maxFileSize
        let planner = self
        // In batches, as discovery reads, so a progress line can follow the pass.
        let batchFiles = 512
        var start = 0
        while start < files.count {
            let end = min(files.count, start + batchFiles)
            let first = start
            let results = ParallelMap.map(end - start) { offset -> (occurrences: [CheckReport.Occurrence], large: Bool) in
                let index = first + offset
                return planner.occurrences(
                    in: files[index], size: index < sizes.count ? sizes[index] : nil, limit: limit, scan: scan, skipping: targetRanges)
            }
            for (offset, result) in results.enumerated() {
                report.occurrences += result.occurrences
                if result.large { report.skippedLarge.append(displayPath(files[start + offset])) }
            }
            start = end
            progress?(ScanProgress(scanned: end, total: files.count, targets: plan.entries.count, otherUses: report.occurrences.count))
        }
        return report
    }

    /// One file's uses of the value and the name outside the targets
    /// (`check`'s second pass); `large` when it is over the size limit.
    private func occurrences(
        in relative: String, size: Int?, limit: Int, scan: OccurrenceScan, skipping targetRanges: [String: [Range<Int>]]
    ) -> (occurrences: [CheckReport.Occurrence], large: Bool) {
        if let size, size > limit { return ([], true) }
        let path = displayPath(relative)
        guard let bytes = try? FileIO.read(path, limit: limit) else { return ([], false) }
        if bytes.contains(0) { return ([], false) }
        let source = SourceText(bytes: bytes, path: path)
        let found = scan.occurrences(in: bytes, skipping: targetRanges[relative] ?? [])
        return (
            found.map { hit in
                let location = source.location(of: hit.range.lowerBound)
                return CheckReport.Occurrence(
                    path: path, relativePath: relative, line: location.line, column: location.column, kind: hit.kind,
                    text: hit.text, key: hit.key, excerpt: OccurrenceScan.excerpt(of: bytes, around: hit.range.lowerBound))
            }, false
        )
    }
}

/// The rules `check` reads text by, on bytes (any encoding that keeps
/// ASCII as ASCII).
///
/// **The value** is found as a whole token: the byte before it is not a
/// letter, digit or `_`, nor a `.` after a letter or digit; the byte after
/// it is not a letter, digit or `_`, nor a `.`, `-` or `+` followed by a
/// letter or digit. So for `1.2.3`, `11.2.3`, `0.1.2.3`, `1.2.30`,
/// `1.2.3.4`, `1.2.3-rc.1`, `1.2.3.dev1` and `1.2.3+build` are other
/// strings (and so is `chroma-1.2.3.tar.gz`: the rule cannot tell a file
/// suffix from a version part), while `chroma:1.2.3`, `"1.2.3"`,
/// `chroma-1.2.3` and `1.2.3.` at the end of a sentence hold it. A single `v` before it (`v1.2.3`) is allowed when the value does not
/// start with one. A boundary is checked only on a side where the value
/// itself starts or ends with a letter or digit.
///
/// **A version-like slot** holds the value as the whole of a key's or
/// variable's value (optionally quoted): `KEY: V`, `KEY = V`, `KEY=V`,
/// `"KEY": "V"`, `KEY := V`. The key's words (split as `NameSpellings`
/// splits names) must include `version` or be the variable's own words,
/// and every other word must be one of the variable's words or `app`,
/// `image`, `release`, `current`, `package`, `project`, `default`, `latest`
/// or `stable`. So `version`, `__version__`, `appVersion`, `chromaVersion`
/// and `CHROMA_VERSION` are version-like slots for `chroma_version`, and
/// `MINIMUM_SERVER_VERSION` or `chroma_client_min_version` (another
/// version, with a qualifier the name lacks) are not: the value there is
/// other text.
///
/// **The name** (any of its spellings, as a whole identifier) is listed
/// when it is a reference (qualified: after `identifier.`, or after
/// `Ref` as in CloudFormation's `{"Ref": "ChromaVersion"}` and `!Ref`) or
/// a placeholder (after `$`, `${`, `$(`, `{{`, `%` or `@`, or the
/// upper-case spelling right after `:`, `/` or `-` inside a word, as in
/// `chroma:CHROMA_VERSION`). Any other mention (a declaration such as
/// `variable "chroma_version"`, a key, prose) is not listed.
public struct OccurrenceScan: Sendable {
    public let value: [UInt8]
    public let spellings: NameSpellings
    private let names: [(spelling: [UInt8], screaming: Bool)]

    /// What was found, at a byte range.
    public struct Hit: Sendable, Equatable {
        public var range: Range<Int>
        public var kind: CheckReport.Kind
        public var text: String
        public var key: String?
    }

    public init(value: String, spellings: NameSpellings) {
        self.value = Array(value.utf8)
        self.spellings = spellings
        let screaming = spellings.screamingSnake
        self.names = spellings.all.map { (Array($0.utf8), $0 == screaming && $0 != $0.lowercased()) }
    }

    /// Words a version-like key may hold besides `version` and the variable's own.
    public static let neutralWords: Set<String> = ["app", "image", "release", "current", "package", "project", "default", "latest", "stable"]

    /// The occurrences in `bytes`, in order, leaving out any that overlap
    /// one of `skipping` (the targets' byte ranges).
    public func occurrences(in bytes: [UInt8], skipping: [Range<Int>] = []) -> [Hit] {
        var hits: [Hit] = []
        for start in Self.positions(of: value, in: bytes) where valueBoundaries(bytes, start) {
            let range = start..<(start + value.count)
            if skipping.contains(where: { $0.overlaps(range) }) { continue }
            let key = Self.slotKey(bytes, before: start, after: range.upperBound)
            let kind: CheckReport.Kind = key.map(isVersionLike) ?? false ? .likelyMissedTarget : .otherText
            hits.append(Hit(range: range, kind: kind, text: String(decoding: value, as: UTF8.self), key: key))
        }
        var seen: Set<Int> = []
        for (spelling, screaming) in names {
            for start in Self.positions(of: spelling, in: bytes) where seen.insert(start).inserted {
                let end = start + spelling.count
                guard !Self.isIdentifier(byte(bytes, start - 1)), !Self.isIdentifier(byte(bytes, end)) else { continue }
                if skipping.contains(where: { $0.overlaps(start..<end) }) { continue }
                guard let kind = nameKind(bytes, start, screaming: screaming) else { continue }
                hits.append(Hit(range: start..<end, kind: kind, text: String(decoding: spelling, as: UTF8.self), key: nil))
            }
        }
        return hits.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Whether a key's name makes its value a version-like slot (see the type's comment).
    public func isVersionLike(_ key: String) -> Bool {
        let words = NameSpellings.words(of: key)
        guard !words.isEmpty else { return false }
        if words == spellings.words { return true }
        guard words.contains("version") else { return false }
        let own = Set(spellings.words)
        return words.allSatisfy { $0 == "version" || own.contains($0) || Self.neutralWords.contains($0) }
    }

    // MARK: Rules

    private func byte(_ bytes: [UInt8], _ index: Int) -> UInt8? {
        index >= 0 && index < bytes.count ? bytes[index] : nil
    }

    static func isAlphanumeric(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
    }

    static func isIdentifier(_ byte: UInt8?) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_")
    }

    private func valueBoundaries(_ bytes: [UInt8], _ start: Int) -> Bool {
        let end = start + value.count
        if Self.isAlphanumeric(value.first) {
            var before = start - 1
            // One `v` (or `V`) before the value: `v1.2.3`, a tag's spelling.
            if let b = byte(bytes, before), b == UInt8(ascii: "v") || b == UInt8(ascii: "V"), value.first != b,
                !Self.isIdentifier(byte(bytes, before - 1))
            {
                before -= 1
            }
            let b = byte(bytes, before)
            if Self.isIdentifier(b) { return false }
            if b == UInt8(ascii: "."), Self.isAlphanumeric(byte(bytes, before - 1)) { return false }
        }
        if Self.isAlphanumeric(value.last) {
            let a = byte(bytes, end)
            if Self.isIdentifier(a) { return false }
            if a == UInt8(ascii: ".") || a == UInt8(ascii: "-") || a == UInt8(ascii: "+"), Self.isAlphanumeric(byte(bytes, end + 1)) {
                return false
            }
        }
        return true
    }

    /// The key the value at `start..<end` is the whole value of, or nil.
    static func slotKey(_ bytes: [UInt8], before start: Int, after end: Int) -> String? {
        let quotes: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`")]
        let space: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t")]
        var i = start - 1
        var opening: UInt8? = nil
        if i >= 0, quotes.contains(bytes[i]) {
            opening = bytes[i]
            i -= 1
        }
        // The value must end there too: its closing quote, or the end of the
        // token (a space, a comma, a bracket, a comment, the line's end).
        if let opening {
            guard end < bytes.count, bytes[end] == opening else { return nil }
        } else if end < bytes.count {
            let after = bytes[end]
            let enders: Set<UInt8> = [0x0a, 0x0d, 0x20, 0x09, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"), UInt8(ascii: "#")]
            guard enders.contains(after) else { return nil }
        }
        while i >= 0, space.contains(bytes[i]) { i -= 1 }
        guard i >= 0 else { return nil }
        let separator = bytes[i]
        guard separator == UInt8(ascii: ":") || separator == UInt8(ascii: "=") else { return nil }
        i -= 1
        // `:=` is a separator; `==`, `!=`, `<=`, `>=` compare.
        if separator == UInt8(ascii: "="), i >= 0 {
            if bytes[i] == UInt8(ascii: ":") {
                i -= 1
            } else if [UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(bytes[i]) {
                return nil
            }
        }
        while i >= 0, space.contains(bytes[i]) { i -= 1 }
        if i >= 0, quotes.contains(bytes[i]) { i -= 1 }
        let keyEnd = i + 1
        while i >= 0, isIdentifier(bytes[i]) || bytes[i] == UInt8(ascii: "-") { i -= 1 }
        guard keyEnd > i + 1 else { return nil }
        // A key stands alone: after it nothing but the separator. Before
        // it, a `:` or `/` with no space means it is part of a longer word
        // (`chromadb/chroma:1.2.3` is an image, not a key `chroma`).
        if i >= 0, bytes[i] == UInt8(ascii: "/") || bytes[i] == UInt8(ascii: ":") || bytes[i] == UInt8(ascii: ".") && separator == UInt8(ascii: ":") {
            return nil
        }
        return String(decoding: bytes[(i + 1)..<keyEnd], as: UTF8.self)
    }

    /// How a mention of the name at `start` reads, or nil when it is not listed.
    private func nameKind(_ bytes: [UInt8], _ start: Int, screaming: Bool) -> CheckReport.Kind? {
        let before = byte(bytes, start - 1)
        // `a.NAME`: qualified, a reference.
        if before == UInt8(ascii: "."), Self.isIdentifier(byte(bytes, start - 2)) { return .reference }
        // `{"Ref": "NAME"}`, `!Ref NAME`.
        var i = start - 1
        let skip: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ":")]
        while i >= 0, skip.contains(bytes[i]) { i -= 1 }
        if i >= 2, bytes[(i - 2)...i].elementsEqual("Ref".utf8), !Self.isIdentifier(byte(bytes, i - 3)) { return .reference }
        // `$NAME`, `${NAME}`, `$(NAME)`, `{{ NAME }}`, `%NAME%`, `@NAME@`.
        var j = start - 1
        while j >= 0, bytes[j] == UInt8(ascii: " ") { j -= 1 }
        let opener = byte(bytes, j)
        if before == UInt8(ascii: "$") || before == UInt8(ascii: "%") || before == UInt8(ascii: "@") { return .placeholder }
        if opener == UInt8(ascii: "{") || opener == UInt8(ascii: "("), byte(bytes, j - 1) == UInt8(ascii: "$") { return .placeholder }
        if opener == UInt8(ascii: "{"), byte(bytes, j - 1) == UInt8(ascii: "{") { return .placeholder }
        // `chroma:CHROMA_VERSION`, `s/CHROMA_VERSION/`: inside a word.
        if screaming, let before, before == UInt8(ascii: ":") || before == UInt8(ascii: "/") || before == UInt8(ascii: "-"),
            Self.isIdentifier(byte(bytes, start - 2)) || byte(bytes, start - 2) == UInt8(ascii: "s")
        {
            return .placeholder
        }
        return nil
    }

    /// Every start of `needle` in `bytes`.
    static func positions(of needle: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard let first = needle.first, needle.count <= bytes.count else { return [] }
        var result: [Int] = []
        bytes.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                let last = hay.count - n.count
                while i <= last {
                    if hay[i] == first {
                        var k = 1
                        while k < n.count && hay[i + k] == n[k] { k += 1 }
                        if k == n.count { result.append(i) }
                    }
                    i += 1
                }
            }
        }
        return result
    }

    /// The line holding `offset`, trimmed, at most 160 characters.
    public static func excerpt(of bytes: [UInt8], around offset: Int) -> String {
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != 0x0a { start -= 1 }
        var end = min(offset, bytes.count)
        while end < bytes.count, bytes[end] != 0x0a { end += 1 }
        let line = String(decoding: bytes[start..<end], as: UTF8.self).trimmingWhitespace
        return line.count > 160 ? String(line.prefix(157)) + "..." : line
    }
}
