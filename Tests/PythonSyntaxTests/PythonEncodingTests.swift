import Foundation
import PythonSyntax
import TemplateSyntax
import TestSupport
import Testing

/// Bytes that are not Python source text (invalid UTF-8, NUL, bytes the
/// coding declaration does not allow) against CPython's own verdict.
///
/// CPython is asked by running each file (`python3 -I -S -B FILE`): that
/// reads it as a module file, decoding every line. Python 3.11's
/// `compile()` of bytes skips invalid UTF-8 inside comments (CPython issue
/// 64141; later versions reject it), so `ast.parse` would be the wrong judge
/// for the comment cases. The files only assign constants.
@Suite(.serialized) struct PythonEncodingTests {
    /// One file and what tplpatch must say about it: nil to accept it, or
    /// the line, column and a phrase of the error.
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var rejection: (line: Int, column: Int, phrase: String)?
        /// When accepted: the value of `v`, as Python reads it.
        var value: String? = nil
        var description: String { name }
    }

    static func bytes(_ parts: [UInt8]...) -> [UInt8] { parts.flatMap { $0 } }
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    static let agreeing: [Case] = [
        Case(name: "lone 0xFF", bytes: bytes(ascii("v = \"0.5."), [0xFF], ascii("20\"\n")), rejection: (1, 10, "invalid UTF-8 (byte 0xFF)")),
        Case(name: "overlong 0xC0 0xAF", bytes: bytes(ascii("v = \""), [0xC0, 0xAF], ascii("\"\n")), rejection: (1, 6, "invalid UTF-8 (byte 0xC0)")),
        Case(name: "surrogate 0xED 0xA0 0x80", bytes: bytes(ascii("v = \""), [0xED, 0xA0, 0x80], ascii("\"\n")), rejection: (1, 6, "invalid UTF-8 (byte 0xED)")),
        Case(name: "past U+10FFFF", bytes: bytes(ascii("v = \""), [0xF4, 0x90, 0x80, 0x80], ascii("\"\n")), rejection: (1, 6, "invalid UTF-8 (byte 0xF4)")),
        Case(name: "U+10FFFF itself", bytes: bytes(ascii("v = \""), [0xF4, 0x8F, 0xBF, 0xBF], ascii("\"\n")), rejection: nil, value: "\u{10FFFF}"),
        Case(name: "stray continuation byte after é", bytes: bytes(ascii("v = \"é"), [0x80], ascii("\"\n")), rejection: (1, 7, "invalid UTF-8 (byte 0x80)")),
        Case(name: "truncated sequence at the end, in a comment", bytes: bytes(ascii("v = \"1\"\n# "), [0xE2, 0x82]), rejection: (2, 3, "invalid UTF-8 (byte 0xE2)")),
        Case(name: "truncated sequence at the end, in code", bytes: bytes(ascii("v = \"1\"\n"), [0xE2, 0x82]), rejection: (2, 1, "invalid UTF-8 (byte 0xE2)")),
        Case(name: "0xFF in a comment", bytes: bytes(ascii("v = \"1\"  # "), [0xFF], ascii("\n")), rejection: (1, 12, "invalid UTF-8")),
        Case(name: "NUL in code", bytes: bytes(ascii("v = 1"), [0], ascii("\n")), rejection: (1, 6, "null bytes")),
        Case(name: "NUL in a string", bytes: bytes(ascii("v = \"a"), [0], ascii("b\"\n")), rejection: (1, 7, "null bytes")),
        Case(name: "NUL in a comment", bytes: bytes(ascii("v = 1  # a"), [0], ascii("b\n")), rejection: (1, 11, "null bytes")),
        Case(name: "NUL on line 3 after é", bytes: bytes(ascii("v = 1\n\n\"é\""), [0], ascii("\n")), rejection: (3, 4, "null bytes")),
        Case(
            name: "latin-1 cookie and 0xE9", bytes: bytes(ascii("# -*- coding: latin-1 -*-\nv = \"caf"), [0xE9], ascii("\"\n")),
            rejection: nil, value: "café"),
        Case(
            name: "iso-8859-1 cookie, Emacs suffix", bytes: bytes(ascii("# -*- coding: iso-8859-1-unix -*-\nv = \"caf"), [0xE9], ascii("\"\n")),
            rejection: nil, value: "café"),
        Case(
            name: "vim cookie on line 2", bytes: bytes(ascii("#!/usr/bin/env python\n# vim: set fileencoding=latin1 :\nv = \"\\"), [0xE9], ascii("\"\n")),
            rejection: nil, value: "\\é"),
        Case(
            name: "latin-1 identifier", bytes: bytes(ascii("# coding=l1\nv"), [0xE9], ascii(" = 1\nv = \"x\"\n")),
            rejection: nil, value: "x"),
        Case(
            name: "a cookie on line 2 after code does not count", bytes: bytes(ascii("x = 1\n# coding: latin-1\nv = \"caf"), [0xE9], ascii("\"\n")),
            rejection: (3, 9, "invalid UTF-8 (byte 0xE9)")),
        Case(
            name: "the first cookie wins", bytes: bytes(ascii("# coding: latin-1\n# coding: utf-8\nv = \""), [0xE9], ascii("\"\n")),
            rejection: nil, value: "é"),
        Case(
            name: "BOM and a latin-1 cookie", bytes: bytes(bom, ascii("# -*- coding: latin-1 -*-\nv = \"1\"\n")),
            rejection: (1, 15, "byte order mark but declares 'latin-1'")),
        Case(
            name: "BOM and utf8 (CPython wants utf-8 exactly)", bytes: bytes(bom, ascii("# coding: utf8\nv = \"1\"\n")),
            rejection: (1, 11, "declares 'utf8'")),
        Case(name: "BOM and a utf-8 cookie", bytes: bytes(bom, ascii("# coding: utf-8\nv = \"é\"\n")), rejection: nil, value: "é"),
        Case(
            name: "utf_8 cookie and 0xFF", bytes: bytes(ascii("# coding: utf_8\nv = \""), [0xFF], ascii("\"\n")),
            rejection: (2, 6, "invalid UTF-8 (byte 0xFF)")),
        Case(
            name: "ascii cookie and 0xE9", bytes: bytes(ascii("# coding: ascii\nv = \"caf"), [0xE9], ascii("\"\n")),
            rejection: (2, 9, "not ASCII")),
        Case(name: "US-ASCII cookie, ASCII file", bytes: ascii("# coding: US-ASCII\nv = \"1\"\n"), rejection: nil, value: "1"),
        Case(name: "cp1252 cookie, ASCII file", bytes: ascii("# -*- coding: cp1252 -*-\nv = \"1.0\"\n"), rejection: nil, value: "1.0"),
        Case(name: "unknown encoding", bytes: ascii("# coding: bogus\nv = \"1\"\n"), rejection: (1, 11, "'bogus'")),
        Case(name: "no-break space after a name", bytes: ascii("v\u{A0}= 1\n"), rejection: (1, 2, "invalid non-printable character U+00A0")),
        Case(name: "zero-width space inside a name", bytes: ascii("x\u{200B}y = 1\n"), rejection: (1, 2, "U+200B")),
        Case(name: "latin-1 × in a name", bytes: bytes(ascii("# coding: latin-1\nv"), [0xD7], ascii(" = 1\n")), rejection: (2, 2, "invalid character '×' (U+00D7)")),
        Case(name: "€ as a name", bytes: ascii("€ = 1\n"), rejection: (1, 1, "invalid character '€' (U+20AC)")),
        Case(name: "non-ASCII identifiers", bytes: ascii("café = 1\nπ_2 = 2\nv = \"ok\"\n"), rejection: nil, value: "ok"),
    ]

    /// CPython's verdict: nil when it runs the file, else its error output.
    static func cpython(_ path: String) throws -> String? {
        let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-I", "-S", "-B", path], timeout: 120)
        return result.status == 0 ? nil : result.stderrText
    }

    /// The value of `v` after CPython runs the file, through `ascii()` so
    /// that the pipe carries only ASCII.
    static func cpythonValue(_ path: String) throws -> String {
        let printed = try Python3.run("import runpy, sys; print(ascii(runpy.run_path(sys.argv[1])['v']))", [path])
        return printed.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func asciiRepr(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x5C: out += "\\\\"
            case 0x27: out += "\\'"
            case 0x20..<0x7F: out.unicodeScalars.append(scalar)
            case 0..<0x100: out += "\\x" + String(format: "%02x", scalar.value)
            case 0..<0x10000: out += "\\u" + String(format: "%04x", scalar.value)
            default: out += "\\U" + String(format: "%08x", scalar.value)
            }
        }
        return out + "'"
    }

    @Test(arguments: agreeing) func agreesWithCPython(_ test: Case) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("case.py", bytes: test.bytes)
        let python = try Self.cpython(path)
        let source = SourceText(bytes: test.bytes, path: "case.py")
        let result = Result { () throws(TemplateError) in try PythonDocument(parsing: source) }
        switch (result, test.rejection) {
        case (.success(let document), nil):
            #expect(python == nil, "CPython rejects it: \(python ?? "")")
            #expect(document.printed() == test.bytes)
            let slots = try document.select(Selector(parsing: "v"))
            #expect(slots.map(\.value) == [test.value ?? ""])
            if python == nil, let value = test.value {
                #expect(try Self.cpythonValue(path) == Self.asciiRepr(value))
            }
        case (.failure(let error), let expected?):
            #expect(python != nil, "CPython accepts what tplpatch rejects: \(error)")
            let diagnostic = Diagnostic(error, in: source)
            #expect(diagnostic.line == expected.line && diagnostic.column == expected.column, "\(diagnostic)")
            #expect(error.message.contains(expected.phrase), "\(diagnostic)")
            #expect(error.kind == .syntax)
            // Where CPython names a line, it is ours too.
            if let python, let line = Self.lineNamed(in: python) {
                #expect(line == expected.line, "CPython says line \(line): \(python)")
            }
        case (.success, let expected?):
            Issue.record("parsed, but should fail at \(expected.line):\(expected.column) (CPython: \(python ?? "accepts"))")
        case (.failure(let error), nil):
            Issue.record("\(Diagnostic(error, in: source)) (CPython: \(python ?? "accepts"))")
        }
    }

    /// The line CPython's traceback or message names ("line 3").
    static func lineNamed(in stderr: String) -> Int? {
        guard let range = stderr.range(of: #"line (\d+)"#, options: .regularExpression) else { return nil }
        return Int(stderr[range].dropFirst(5))
    }

    /// The one place tplpatch is stricter than CPython: a declared encoding
    /// it does not decode (here cp1252) with a non-ASCII byte. CPython reads
    /// `é`; tplpatch refuses at the byte rather than guess.
    @Test func undecodedEncodingWithNonASCIIIsRefusedAtTheByte() throws {
        let bytes = Self.bytes(Self.ascii("# -*- coding: cp1252 -*-\nv = \"caf"), [0xE9], Self.ascii("\"\n"))
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("cp1252.py", bytes: bytes)
        #expect(try Self.cpython(path) == nil)
        let source = SourceText(bytes: bytes, path: "cp1252.py")
        #expect {
            try PythonDocument(parsing: source)
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            let diagnostic = Diagnostic(error, in: source)
            return diagnostic.line == 2 && diagnostic.column == 9 && error.message.contains("'cp1252'")
        }
    }

    /// In a Latin-1 file a new value is written in ASCII (escapes), so the
    /// file stays Latin-1 and Python reads back exactly the value written.
    @Test func editsInALatin1FileStayLatin1() throws {
        let bytes = Self.bytes(Self.ascii("# coding: latin-1\n# caf"), [0xE9], Self.ascii("\nv = \"1\"\n"))
        let document = try PythonDocument(parsing: SourceText(bytes: bytes))
        #expect(document.encoding == .latin1)
        let slot = try #require(try document.select(Selector(parsing: "v")).first)
        let edit = try document.replacement(for: slot, with: "2.0-é€")
        var edited = bytes
        edited.replaceSubrange(edit.range, with: edit.replacement)
        #expect(!edit.replacement.contains { $0 >= 0x80 })
        let reread = try PythonDocument(parsing: SourceText(bytes: edited))
        #expect(try reread.select(Selector(parsing: "v")).map(\.value) == ["2.0-é€"])
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("edited.py", bytes: edited)
        #expect(try Self.cpythonValue(path) == Self.asciiRepr("2.0-é€"))
    }
}
