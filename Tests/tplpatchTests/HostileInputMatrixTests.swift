import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The hostile-input matrix: every format, every command that reads a file,
/// against inputs a release engineer's CI will one day feed it. Each case
/// runs the built binary as a user would and must end by itself (the timeout
/// only stops a hang; no duration is asserted) with the documented exit
/// status, a diagnostic that fits on one screen and names the place, and
/// every file under the scratch folder exactly as it was.
@Suite struct HostileInputMatrixTests {
    struct FormatCase: Sendable, CustomStringConvertible {
        var name: String
        var ext: String
        var fixture: String
        var selector: String
        /// 100,000-deep nesting, one entry per kind of nesting the format has.
        var deep: [(String, [UInt8])]
        /// A single line over 1 MB that the format rejects, and where.
        var longLine: [UInt8]
        /// Whether `set`'s discovery reads files of this format (TOML is
        /// read only through `.tplpatch.yml` targets and `init`).
        var discovered = true
        var description: String { name }
    }

    static let depth = 100_000

    static func repeated(_ text: String, _ count: Int) -> [UInt8] {
        let unit = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(unit.count * count)
        for _ in 0..<count { out += unit }
        return out
    }

    static let longRun = [UInt8](repeating: UInt8(ascii: "x"), count: 1_100_000)

    static let formats: [FormatCase] = [
        FormatCase(
            name: "json", ext: "json", fixture: "chroma/deployments/aws/chroma.cf.json",
            selector: "Parameters.ChromaVersion.Default",
            deep: [("arrays", repeated("[", depth)), ("objects", repeated("{\"a\":", depth))],
            longLine: Array("{\"a\": [".utf8) + repeated("1,", 550_000) + Array("]]\n".utf8)),
        FormatCase(
            name: "hcl", ext: "tf", fixture: "chroma/deployments/gcp/main.tf", selector: "variable.chroma_version.default",
            deep: [
                ("tuples", Array("a = ".utf8) + repeated("[", depth)),
                ("objects", Array("a = ".utf8) + repeated("{b = ", depth)),
                ("blocks", repeated("b {\n", depth)),
                ("parentheses", Array("a = ".utf8) + repeated("(", depth)),
                ("templates", Array("a = \"".utf8) + repeated("${\"", depth)),
            ],
            longLine: Array("a = \"".utf8) + longRun + Array("\n".utf8)),
        FormatCase(
            name: "python", ext: "py", fixture: "chroma/chromadb/__init__.py", selector: "__version__",
            deep: [
                ("parentheses", Array("x = ".utf8) + repeated("(", depth)),
                ("lists", Array("x = ".utf8) + repeated("[", depth)),
                ("dicts", Array("x = ".utf8) + repeated("{", depth)),
            ],
            longLine: Array("x = \"".utf8) + longRun + Array("\n".utf8)),
        FormatCase(
            name: "yaml", ext: "yaml", fixture: "yaml/chroma.cf.before.yaml", selector: "Parameters.ChromaVersion.Default",
            deep: [
                ("flow sequences", Array("a: ".utf8) + repeated("[", depth)),
                ("flow mappings", repeated("{a: ", depth)),
                ("block sequences", repeated("- ", depth) + Array("x\n".utf8)),
            ],
            longLine: Array("a: \"".utf8) + longRun + Array("\n".utf8)),
        FormatCase(
            name: "toml", ext: "toml", fixture: "toml/pyproject.toml", selector: "project.version",
            deep: [
                ("arrays", Array("a = ".utf8) + repeated("[", depth)),
                ("inline tables", Array("a = ".utf8) + repeated("{b = ", depth)),
            ],
            longLine: Array("a = \"".utf8) + longRun + Array("\n".utf8), discovered: false),
    ]

    // MARK: Checks

    /// Runs one command and checks what every case must hold: it ended by
    /// itself with a status in `allowed`, wrote nothing (unless `writes`),
    /// and said why in at most a screenful.
    @discardableResult
    static func check(
        _ label: String, _ arguments: [String], in scratch: Scratch, allowed: Set<Int32>, environment: [String: String] = [:]
    ) throws -> CLI.Result {
        let before = try scratch.snapshot()
        let result = try CLI.run(arguments, in: scratch.path, environment: environment, timeout: 300)
        #expect(allowed.contains(result.status), "\(label): exit \(result.status) (expected \(allowed.sorted())): \(result.stderr.prefix(600))")
        if result.status != 0 {
            #expect(try scratch.snapshot() == before, "\(label): a failed command changed files")
            #expect(!result.stderr.isEmpty, "\(label): failed without a word")
        }
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= 40, "\(label): \(lines.count) lines of diagnostics")
        let longest = lines.map(\.count).max() ?? 0
        #expect(longest <= 400, "\(label): a diagnostic line of \(longest) characters")
        #expect(!result.stdout.contains("USAGE:") || result.status != 0, "\(label): printed help and exited 0")
        return result
    }

    /// The `file:line:col` of a positioned diagnostic for `file`.
    static func hasPosition(_ stderr: String, file: String) -> Bool {
        guard let range = stderr.range(of: file + ":") else { return false }
        let rest = stderr[range.upperBound...].prefix(24)
        return rest.range(of: #"^\d+:\d+"#, options: .regularExpression) != nil
    }

    /// Every command that reads one file, against content that is not a
    /// valid template holding the selector: `parse` either rejects it with a
    /// position or accepts it and prints it back; `query` and `edit` fail.
    static func checkContent(_ label: String, _ bytes: [UInt8], _ format: FormatCase, in scratch: Scratch) throws {
        let name = "input.\(format.ext)"
        try scratch.write(name, bytes: bytes)
        let parse = try check("\(label) parse", ["parse", name], in: scratch, allowed: [0, 1])
        if parse.status == 0 {
            let printed = try CLI.run(["parse", "--print", name], in: scratch.path)
            #expect(printed.status == 0 && Array(printed.stdout.utf8) == bytes, "\(label): accepted but not printed back")
        } else {
            #expect(hasPosition(parse.stderr, file: name), "\(label) parse: no \(name):line:col in: \(parse.stderr.prefix(400))")
        }
        try check("\(label) query", ["query", name, format.selector], in: scratch, allowed: [1])
        try check("\(label) edit", ["edit", name, format.selector, "9.9.9"], in: scratch, allowed: [1])
    }

    static func fixtureBytes(_ format: FormatCase) throws -> [UInt8] {
        try Corpora.bytes(Fixtures.root.appendingPathComponent(format.fixture))
    }

    static func replacingVersion(in bytes: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        let needle = Array("0.5.20".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if i + needle.count <= bytes.count && Array(bytes[i..<(i + needle.count)]) == needle {
                out += replacement
                i += needle.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    static func utf16(_ bytes: [UInt8], bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in String(decoding: bytes, as: UTF8.self).utf16 {
            let hi = UInt8(unit >> 8)
            let lo = UInt8(unit & 0xFF)
            out += bigEndian ? [hi, lo] : [lo, hi]
        }
        return out
    }

    // MARK: Content

    @Test(arguments: formats)
    func emptyOneByteAndTruncatedInputs(format: FormatCase) throws {
        let scratch = try Scratch()
        try Self.checkContent("empty", [], format, in: scratch)
        for byte: UInt8 in [0x7B, 0x22, 0x00, 0xFF, 0x0A, 0x5B, 0x23, 0x61] {
            try Self.checkContent("one byte 0x\(String(byte, radix: 16))", [byte], format, in: scratch)
        }
        // A sample of truncations through the binary; TruncationTests
        // covers every one of them in process.
        let bytes = try Self.fixtureBytes(format)
        let step = max(1, bytes.count / 12)
        for end in stride(from: step, to: bytes.count, by: step) {
            let prefix = Array(bytes[..<end])
            let name = "input.\(format.ext)"
            try scratch.write(name, bytes: prefix)
            let parse = try Self.check("truncated at \(end) parse", ["parse", name], in: scratch, allowed: [0, 1])
            if parse.status == 1 {
                #expect(Self.hasPosition(parse.stderr, file: name), "truncated at \(end): \(parse.stderr.prefix(300))")
            }
            try Self.check("truncated at \(end) edit", ["edit", name, format.selector, "9.9.9"], in: scratch, allowed: [0, 1])
        }
    }

    @Test(arguments: formats)
    func invalidUTF8NulAndUTF16(format: FormatCase) throws {
        let scratch = try Scratch()
        let bytes = try Self.fixtureBytes(format)
        let cases: [(String, [UInt8])] = [
            ("a lone 0xFF", Self.replacingVersion(in: bytes, with: [0x30, 0x2E, 0x35, 0x2E, 0xFF, 0x32, 0x30])),
            ("an overlong sequence", Self.replacingVersion(in: bytes, with: [0x30, 0x2E, 0xC0, 0xAF, 0x32, 0x30])),
            ("a UTF-16 surrogate in UTF-8", Self.replacingVersion(in: bytes, with: [0x30, 0xED, 0xA0, 0x80])),
            ("a NUL", Self.replacingVersion(in: bytes, with: [0x30, 0x2E, 0x00, 0x32, 0x30])),
        ]
        for (label, content) in cases {
            let name = "input.\(format.ext)"
            try scratch.write(name, bytes: content)
            let parse = try Self.check("\(label) parse", ["parse", name], in: scratch, allowed: [1])
            #expect(Self.hasPosition(parse.stderr, file: name), "\(label): \(parse.stderr.prefix(300))")
            try Self.check("\(label) query", ["query", name, format.selector], in: scratch, allowed: [1])
            try Self.check("\(label) edit", ["edit", name, format.selector, "9.9.9"], in: scratch, allowed: [1])
        }
        for bigEndian in [false, true] {
            let label = "UTF-16\(bigEndian ? "BE" : "LE") with a BOM"
            let name = "input.\(format.ext)"
            try scratch.write(name, bytes: Self.utf16(bytes, bigEndian: bigEndian))
            try Self.check("\(label) parse", ["parse", name], in: scratch, allowed: [1])
            try Self.check("\(label) edit", ["edit", name, format.selector, "9.9.9"], in: scratch, allowed: [1])
        }
    }

    @Test(arguments: formats)
    func deepNestingIsRefused(format: FormatCase) throws {
        let scratch = try Scratch()
        for (kind, bytes) in format.deep {
            let name = "input.\(format.ext)"
            try scratch.write(name, bytes: bytes)
            let parse = try Self.check("\(Self.depth)-deep \(kind) parse", ["parse", name], in: scratch, allowed: [1])
            #expect(Self.hasPosition(parse.stderr, file: name), "\(kind): \(parse.stderr.prefix(300))")
            try Self.check("\(Self.depth)-deep \(kind) edit", ["edit", name, format.selector, "9.9.9"], in: scratch, allowed: [1])
        }
        // In a tree, the same file must not stall or crash discovery.
        let root = try scratch.copyFixture("chroma")
        for (kind, bytes) in format.deep {
            try scratch.write("chroma/deployments/deep.\(format.ext)", bytes: bytes)
            try Self.check("\(kind) in a tree: get", ["get", "chroma_version", "--root", root], in: scratch, allowed: [0, 1])
            let set = try Self.check(
                "\(kind) in a tree: set", ["set", "chroma_version", "1.2.3", "--root", root, "--dry-run"], in: scratch, allowed: [0, 1])
            if set.status == 0 && format.discovered {
                #expect(set.stderr.contains("deep.\(format.ext)"), "\(kind): the skipped file is not named: \(set.stderr.prefix(300))")
            }
        }
    }

    @Test(arguments: formats)
    func aMegabyteOnOneLine(format: FormatCase) throws {
        let scratch = try Scratch()
        let name = "input.\(format.ext)"
        try scratch.write(name, bytes: format.longLine)
        let parse = try Self.check("1 MB line parse", ["parse", name], in: scratch, allowed: [0, 1])
        if parse.status == 1 {
            #expect(Self.hasPosition(parse.stderr, file: name), "\(parse.stderr.prefix(300))")
        }
        try Self.check("1 MB line edit", ["edit", name, format.selector, "9.9.9"], in: scratch, allowed: [1])
    }

    // MARK: Paths

    @Test(arguments: formats)
    func pathsThatAreNotRegularFiles(format: FormatCase) throws {
        let scratch = try Scratch()
        let ext = format.ext
        try FileManager.default.createDirectory(atPath: scratch.path + "/folder.\(ext)", withIntermediateDirectories: true)
        #expect(mkfifo(scratch.path + "/fifo.\(ext)", 0o644) == 0)
        let file = try scratch.write("file.\(ext)", bytes: try Self.fixtureBytes(format))
        _ = file
        let paths: [(String, String)] = [
            ("a directory", "folder.\(ext)"),
            ("a FIFO", "fifo.\(ext)"),
            ("a path through a file", "file.\(ext)/inner.\(ext)"),
            ("a missing path", "missing.\(ext)"),
        ]
        for (label, path) in paths {
            for arguments in [["parse", path], ["query", path, format.selector], ["edit", path, format.selector, "9.9.9"]] {
                let result = try Self.check("\(label) \(arguments[0])", arguments, in: scratch, allowed: [1])
                #expect(result.stderr.contains(path), "\(label): the path is not named: \(result.stderr.prefix(300))")
            }
        }
        for device in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            for arguments in [
                ["parse", "--format", format.name, device], ["edit", "--format", format.name, device, format.selector, "9.9.9"],
            ] {
                try Self.check("\(device) \(arguments[0])", arguments, in: scratch, allowed: [1])
            }
        }
    }

    @Test(arguments: formats)
    func aFileOverTheSizeLimit(format: FormatCase) throws {
        let scratch = try Scratch()
        let name = "input.\(format.ext)"
        try scratch.write(name, bytes: try Self.fixtureBytes(format))
        for arguments in [["parse", name], ["query", name, format.selector], ["edit", name, format.selector, "9.9.9"]] {
            let result = try Self.check(
                "over the limit \(arguments[0])", arguments + ["--max-file-size", "100"], in: scratch, allowed: [1])
            #expect(result.stderr.contains("100"), "the limit is not named: \(result.stderr.prefix(300))")
        }
        // The same file under the limit works.
        let ok = try Self.check("under the limit", ["query", name, format.selector, "--max-file-size", "1M"], in: scratch, allowed: [0])
        #expect(ok.stdout.contains("0.5.20"))
    }

    @Test(arguments: formats)
    func oddFileNames(format: FormatCase) throws {
        let bytes = try Self.fixtureBytes(format)
        for stem in ["with space", "new\nline", "ünïcødé ☃", "-dash", "--double", "-h"] {
            let scratch = try Scratch()
            let name = "\(stem).\(format.ext)"
            try scratch.write(name, bytes: bytes)
            // Spelled as a path, the file is edited like any other, and only
            // the value's bytes change.
            let spelled = "./" + name
            let edit = try Self.check("'\(stem)' edit", ["edit", spelled, format.selector, "9.9.9"], in: scratch, allowed: [0])
            #expect(edit.status == 0)
            let after = try Corpora.bytes(scratch.url.appendingPathComponent(name))
            #expect(after == Self.replacingFirstVersion(in: bytes, at: format), "'\(stem)': not only the value changed")
            // After `--`, a leading dash is a file name too.
            try scratch.write(name, bytes: bytes)
            let dashed = try Self.check("'\(stem)' after --", ["query", "--", name, format.selector], in: scratch, allowed: [0])
            #expect(dashed.stdout == "0.5.20\n", "'\(stem)': \(dashed.stderr.prefix(300))")
            // Bare, a leading dash is a usage error, never help with exit 0.
            if stem.hasPrefix("-") {
                try Self.check("'\(stem)' bare", ["edit", name, format.selector, "9.9.9"], in: scratch, allowed: [2])
                try Self.check("'\(stem)' bare parse", ["parse", name], in: scratch, allowed: [2])
            }
            // Broken content under the odd name: the diagnostic names it.
            try scratch.write(name, bytes: Array(bytes.prefix(bytes.count / 2)) + [0xFF])
            let broken = try Self.check("'\(stem)' broken", ["parse", spelled], in: scratch, allowed: [1])
            #expect(broken.stderr.contains(name), "'\(stem)': the file is not named: \(broken.stderr.prefix(300))")
        }
    }

    /// The fixture with its selector's value (the one `0.5.20` that the
    /// selector names) changed to `9.9.9`, by plain byte replacement.
    static func replacingFirstVersion(in bytes: [UInt8], at format: FormatCase) -> [UInt8] {
        // Python's fixture mentions 0.5.20 in its docstring first; the
        // assignment is the occurrence after `__version__ = "`.
        let anchor: [UInt8] = format.name == "python" ? Array("__version__ = \"".utf8) : []
        var start = 0
        if !anchor.isEmpty, let found = firstIndex(of: anchor, in: bytes, from: 0) { start = found + anchor.count }
        guard let at = firstIndex(of: Array("0.5.20".utf8), in: bytes, from: start) else { return bytes }
        return Array(bytes[..<at]) + Array("9.9.9".utf8) + Array(bytes[(at + 6)...])
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
