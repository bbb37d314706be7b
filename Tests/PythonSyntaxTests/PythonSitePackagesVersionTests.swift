import Foundation
import PythonSyntax
import TemplateSyntax
import TestSupport
import Testing

/// `__version__` agreement with Python's own `ast` over every installed
/// package: where Python sees one module-level `__version__` bound to a
/// `str` constant, `select` reports the same string.
@Suite struct PythonSitePackagesVersionTests {
    @Test(.timeLimit(.minutes(10))) func selectAgreesWithPythonAST() throws {
        var files: [String] = []
        for folder in try Python3.sitePackages() { files += Python3.pythonFiles(under: folder) }
        let answers = try Python3.moduleVersions(of: files)
        var agree = 0
        var concatenations = 0
        var duplicates = 0
        var notString = 0
        var mismatches: [String] = []
        for path in answers.keys.sorted() {
            guard let answer = answers[path] else { continue }
            let source = SourceText(bytes: try Corpora.bytes(URL(fileURLWithPath: path)), path: path)
            let document: PythonDocument
            do {
                document = try PythonDocument(parsing: source)
            } catch {
                mismatches.append("\(Diagnostic(error, in: source)) (python parses it)")
                continue
            }
            let selector = Selector(components: [.key("__version__")])
            let result = Result { () throws(TemplateError) in try document.select(selector) }
            switch (answer.count, answer.value, result) {
            case (1, .some(let expected), .success(let slots)) where slots.count == 1:
                let slot = slots[0]
                if slot.kind == .string && slot.value == expected {
                    agree += 1
                } else if slot.kind == .expression && Self.isImplicitConcatenation(document, slot) {
                    concatenations += 1  // "a" "b": one str constant to Python, an expression to tplpatch
                } else {
                    mismatches.append("\(path): python says \(expected.debugDescription), tplpatch says \(slot.kind) \(slot.value.debugDescription)")
                }
            case (1, nil, .success(let slots)) where slots.count == 1:
                if slots[0].kind == .string {
                    mismatches.append("\(path): python says not a str constant, tplpatch reads the string \(slots[0].value.debugDescription)")
                } else {
                    notString += 1
                }
            case (let count, _, .failure(let error)) where count > 1 && error.kind == .selection && error.notes.count == 1:
                duplicates += 1
            default:
                mismatches.append("\(path): python counts \(answer.count) assignment(s) of \(answer.value.debugDescription); tplpatch: \(result)")
            }
        }
        print(
            "python __version__: \(files.count) site-packages files, \(answers.count) assign __version__ at module level, \(agree) agree with ast, \(concatenations) implicit concatenations, \(notString) not str literals, \(duplicates) assigned twice, \(mismatches.count) mismatches"
        )
        #expect(agree > 20, "too few packages with a __version__ string to prove anything: \(agree)")
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20).joined(separator: "\n"))")
    }

    /// Whether the expression slot is only string literals side by side.
    static func isImplicitConcatenation(_ document: PythonDocument, _ slot: Slot) -> Bool {
        let inside = document.tokens.filter { slot.range.contains($0.range.lowerBound) && $0.isSignificant }
        return inside.count > 1 && inside.allSatisfy { $0.kind == .string }
    }
}
