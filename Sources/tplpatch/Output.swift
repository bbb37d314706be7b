import ArgumentParser
import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import TemplatePatch
import TemplateSyntax

/// Printing: results to standard output, diagnostics to standard error.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func bytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write(UnsafeRawBufferPointer($0), to: STDOUT_FILENO) }
    }

    /// The runs of `bytes` (see `PrintsSourceRuns`), each written straight
    /// from the buffer: no copy of a large file is built to print it.
    static func bytes(_ bytes: [UInt8], runs: [Range<Int>]) {
        bytes.withUnsafeBufferPointer { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            for run in runs { write(UnsafeRawBufferPointer(rebasing: raw[run]), to: STDOUT_FILENO) }
        }
    }

    /// Writes all of `buffer` with `write(2)`, again after a short write or
    /// an interruption. A closed pipe (`tplpatch parse --print f | head`)
    /// ends the process quietly with status 141, as SIGPIPE would end any
    /// other filter; another error is reported once and exits with status 1.
    static func write(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard var next = buffer.baseAddress else { return }
        var left = buffer.count
        while left > 0 {
            let n = Glibc.write(descriptor, next, min(left, 1 << 30))
            if n < 0 {
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                if code == EPIPE { exit(141) }
                if descriptor != STDERR_FILENO { error("tplpatch: error: cannot write the output: \(String(cString: strerror(code)))") }
                exit(1)
            }
            next += n
            left -= n
        }
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// `text` to standard error as it is, with no newline (the progress line).
    static func errorRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func diagnostics(_ list: [Diagnostic]) {
        for diagnostic in list { error(diagnostic.description) }
    }

    /// `path:line:col  selector  old -> new`
    static func describe(_ entry: PlanEntry) -> String {
        let place = "\(entry.path):\(entry.location.line):\(entry.location.column)"
        guard let new = entry.newValue else { return "\(place)  \(entry.selector)  \(entry.oldValue)" }
        if new == entry.oldValue { return "\(place)  \(entry.selector)  \(new) (unchanged)" }
        return "\(place)  \(entry.selector)  \(entry.oldValue) -> \(new)"
    }

    /// Prints `report` as one JSON document.
    static func json<T: Encodable>(_ report: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(report) {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }

    /// Reports a failure (as text, or as JSON with `--json`) and exits with its status.
    static func fail(_ failure: PatchError, json: Bool) -> ExitCode {
        if json {
            self.json(ErrorReport(errors: failure.diagnostics.map(DiagnosticReport.init)))
        }
        diagnostics(failure.diagnostics)
        return ExitCode(failure.exitCode)
    }
}

struct TargetReport: Encodable {
    var file: String
    var line: Int
    var column: Int
    var selector: String
    var kind: String
    var origin: String
    var old: String
    var new: String?
    var changed: Bool

    init(_ entry: PlanEntry) {
        file = entry.path
        line = entry.location.line
        column = entry.location.column
        selector = entry.selector
        kind = entry.slot.kind.rawValue
        origin = entry.origin.description
        old = entry.oldValue
        new = entry.newValue
        changed = entry.changes
    }
}

struct DiagnosticReport: Encodable {
    var severity: String
    var file: String?
    var line: Int?
    var column: Int?
    var message: String
    var rendered: String

    init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        file = diagnostic.file
        line = diagnostic.line
        column = diagnostic.column
        message = diagnostic.message
        rendered = diagnostic.description
    }

    private enum CodingKeys: String, CodingKey { case severity, file, line, column, message, rendered }

    /// Every key is always present (`null` when a diagnostic has no
    /// position), so readers can index them without checking.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(message, forKey: .message)
        try container.encode(rendered, forKey: .rendered)
    }
}

struct ErrorReport: Encodable {
    var schema = 1
    var ok = false
    var errors: [DiagnosticReport]
}
