import Foundation
import TestSupport
import Testing

/// The built `tplpatch` on Python files.
@Suite struct PythonCLITests {
    @Test func queryAndEditTheChromadbFixture() throws {
        let scratch = try Scratch()
        let path = try scratch.copyFixture("python/chromadb/__init__.py")
        let query = try CLI.run(["query", path, "__version__"])
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout == "0.5.20\n")
        let before = try Corpora.bytes(URL(fileURLWithPath: path))
        let edit = try CLI.run(["edit", path, "__version__", "1.2.3"])
        #expect(edit.status == 0, "\(edit.stderr)")
        let after = try Corpora.bytes(URL(fileURLWithPath: path))
        let expected = String(decoding: before, as: UTF8.self).replacingOccurrences(
            of: "__version__ = \"0.5.20\"", with: "__version__ = \"1.2.3\"")
        #expect(String(decoding: after, as: UTF8.self) == expected)
        let print = try CLI.run(["parse", "--print", path])
        #expect(Array(print.stdout.utf8) == after)
    }

    @Test func errorsArePositioned() throws {
        let scratch = try Scratch()
        let twice = try scratch.write("twice.py", "__version__ = \"1\"\n__version__ = \"2\"\n")
        let duplicate = try CLI.run(["query", twice, "__version__"])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("twice.py:2:1: error: '__version__' is assigned 2 times at module level"), "\(duplicate.stderr)")
        #expect(duplicate.stderr.contains("twice.py:1:1: note: first assigned here"), "\(duplicate.stderr)")

        let call = try scratch.write("call.py", "__version__ = get_version()\n")
        let expression = try CLI.run(["edit", call, "__version__", "1.2.3"])
        #expect(expression.status == 1)
        #expect(expression.stderr.contains("is bound to an expression (get_version()), not a literal"), "\(expression.stderr)")
        #expect(try Corpora.text(URL(fileURLWithPath: call)) == "__version__ = get_version()\n")

        let broken = try scratch.write("broken.py", "x = 1\ny = '''never closed\n")
        let syntax = try CLI.run(["parse", broken])
        #expect(syntax.status == 1)
        #expect(syntax.stderr.contains("broken.py:2:5: error: unterminated triple-quoted string (opened here)"), "\(syntax.stderr)")

        let missing = try CLI.run(["query", twice, "VERSION"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("'VERSION' is not assigned at module level (names assigned there: __version__)"), "\(missing.stderr)")
    }

    /// `tplpatch query FILE __version__` over a sample of installed packages
    /// prints what Python's `ast` says.
    @Test(.timeLimit(.minutes(5))) func queryAgreesWithPythonOnInstalledPackages() throws {
        var files: [String] = []
        for folder in try Python3.sitePackages() { files += Python3.pythonFiles(under: folder) }
        let answers = try Python3.moduleVersions(of: files)
        let withStrings = answers.filter { $0.value.count == 1 && $0.value.value != nil }.keys.sorted()
        // Every third one keeps the run short while spanning the alphabet of packages.
        let sample = withStrings.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        var agree = 0
        var mismatches: [String] = []
        for path in sample {
            guard let expected = answers[path]?.value else { continue }
            let result = try CLI.run(["query", path, "__version__"])
            if result.status == 0 && result.stdout == expected + "\n" {
                agree += 1
            } else {
                mismatches.append("\(path): python says \(expected.debugDescription); tplpatch exited \(result.status): \(result.stdout)\(result.stderr)")
            }
        }
        print("python CLI query: \(sample.count) sampled packages, \(agree) agree with ast, \(mismatches.count) mismatches")
        #expect(sample.count >= 10)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20).joined(separator: "\n"))")
    }
}
