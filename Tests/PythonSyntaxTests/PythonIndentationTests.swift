import Foundation
import PythonSyntax
import TemplateSyntax
import TestSupport
import Testing

/// The two block rules of CPython's parser that tplpatch checks ("unexpected
/// indent", "expected an indented block"), against CPython's `compile()`.
@Suite(.serialized) struct PythonIndentationTests {
    struct Case: CustomStringConvertible, Sendable {
        var text: String
        /// Nil to accept, else where the error is and a phrase of it.
        var rejection: (line: Int, column: Int, phrase: String)?
        var description: String { text.debugDescription }
    }

    static let cases: [Case] = [
        Case(text: "  x = 1\n", rejection: (1, 3, "unexpected indent")),
        Case(text: "x = 1\n    y = 2\n", rejection: (2, 5, "unexpected indent")),
        Case(text: "x = 1  # c\n\n    y = 2\n", rejection: (3, 5, "unexpected indent")),
        Case(text: "if x:\n", rejection: (1, 5, "expected an indented block")),
        Case(text: "if x:  # c\n\n# d\n", rejection: (1, 5, "expected an indented block")),
        Case(text: "if x:\ny = 1\n", rejection: (1, 5, "expected an indented block")),
        Case(text: "def f():\n    if y:\n    z = 1\n", rejection: (2, 9, "expected an indented block")),
        Case(text: "class A: pass\nif x:  # c\n    # d\n    pass\n", rejection: nil),
        Case(text: "def f():\n    return 1\n\n\nv = 2\n", rejection: nil),
        Case(text: "x = {\n  1:\n  2}\n", rejection: nil),
        Case(text: "if x:\\\n    pass\n", rejection: nil),
        Case(text: "x = 1\n\n  # comment\ny = 2\n", rejection: nil),
        Case(text: "match x:\n    case 1:\n        pass\n", rejection: nil),
        Case(text: "f = lambda: 0\nd = {'a': 1}\ns = x[1:]\n", rejection: nil),
    ]

    /// Nil when CPython compiles the text (nothing runs), else its error.
    static func cpythonCompiles(_ text: String) throws -> String? {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("case.py", text)
        let script = """
            import sys
            try:
                compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')
                print('ok')
            except SyntaxError as e:
                print('%s (line %s)' % (e.msg, e.lineno))
            """
        let verdict = try Python3.run(script, [path]).trimmingCharacters(in: .whitespacesAndNewlines)
        return verdict == "ok" ? nil : verdict
    }

    @Test(arguments: cases) func agreesWithCPython(_ test: Case) throws {
        let python = try Self.cpythonCompiles(test.text)
        let source = SourceText(test.text)
        let result = Result { () throws(TemplateError) in try PythonDocument(parsing: source) }
        switch (result, test.rejection) {
        case (.success(let document), nil):
            #expect(python == nil, "CPython rejects it: \(python ?? "")")
            #expect(document.printed() == source.bytes)
        case (.failure(let error), let expected?):
            #expect(python != nil, "CPython accepts what tplpatch rejects: \(error)")
            let diagnostic = Diagnostic(error, in: source)
            #expect(diagnostic.line == expected.line && diagnostic.column == expected.column, "\(diagnostic)")
            #expect(error.message.contains(expected.phrase), "\(diagnostic)")
        case (.success, let expected?):
            Issue.record("parsed, but should fail at \(expected.line):\(expected.column) (CPython: \(python ?? "accepts"))")
        case (.failure(let error), nil):
            Issue.record("\(Diagnostic(error, in: source)) (CPython: \(python ?? "accepts"))")
        }
    }
}
