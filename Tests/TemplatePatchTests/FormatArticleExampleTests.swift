import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

/// Each format module's DocC landing page (Sources/<Module>/<Module>.docc/<Module>.md)
/// has an "Example" section: a file in a fenced block tagged with its format,
/// and a table of selectors and the values they name. The module's parser
/// reads the file and every selector must name exactly those values.
@Suite struct FormatArticleExampleTests {
    struct Example {
        var format: String
        var file: String
        var rows: [(selector: String, values: [String])]
    }

    struct ExampleError: Error, CustomStringConvertible {
        var description: String
    }

    @Test(arguments: ["JSONSyntax", "HCLSyntax", "YAMLSyntax", "PythonSyntax", "TOMLSyntax"])
    func exampleSelectsWhatTheTableSays(module: String) throws {
        let path = "Sources/\(module)/\(module).docc/\(module).md"
        let text = try #require(
            String(validating: try Corpora.bytes(Corpora.packageRoot.appendingPathComponent(path)), as: UTF8.self))
        let example = try Self.example(in: text)
        #expect(example.rows.count >= 4, "\(path): the example's table has \(example.rows.count) rows")
        let format = try #require(Format.named(example.format), "\(path): '\(example.format)' is not a format name")
        let document = try format.document(SourceText(example.file, path: path))
        #expect(document.printed() == Array(example.file.utf8))
        for row in example.rows {
            let values = try document.select(Selector(parsing: row.selector)).map(\.value)
            #expect(values == row.values, "\(path): '\(row.selector)'")
        }
    }

    @Test func theExampleParserReadsFileAndTable() throws {
        let text = """
            ## Overview

            | selector | names |
            |---|---|
            | `a` | not the example |

            ### Example

            ```json
            {"a": [1, 2]}
            ```

            | selector | value |
            |---|---|
            | `a[0]` | `1` |
            | `a[*]` | `1`, `2` |

            ### Writing values

            | `b` | `after the section` |

            """
        let example = try Self.example(in: text)
        #expect(example.format == "json")
        #expect(example.file == "{\"a\": [1, 2]}\n")
        #expect(example.rows.map(\.selector) == ["a[0]", "a[*]"])
        #expect(example.rows.map(\.values) == [["1"], ["1", "2"]])
        #expect(throws: ExampleError.self) { try Self.example(in: "# No example\n") }
    }

    /// The first fenced block of the "### Example" section and the table rows after it.
    static func example(in text: String) throws(ExampleError) -> Example {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let start = lines.firstIndex(of: "### Example") else { throw ExampleError(description: "no '### Example' section") }
        lines = lines[(start + 1)...]
        if let next = lines.firstIndex(where: { $0.hasPrefix("#") }) { lines = lines[..<next] }
        guard let open = lines.firstIndex(where: { $0.hasPrefix("```") }),
            let close = lines[(open + 1)...].firstIndex(of: "```")
        else { throw ExampleError(description: "the example has no fenced block") }
        let format = String(lines[open].dropFirst(3))
        let file = lines[(open + 1)..<close].map { $0 + "\n" }.joined()
        var rows: [(selector: String, values: [String])] = []
        for line in lines[(close + 1)...] where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, let selector = backticked(cells[0]).first else {
                throw ExampleError(description: "a table row is not '| `selector` | `value`, ... |': \(line)")
            }
            rows.append((selector, backticked(cells[1])))
        }
        return Example(format: format, file: file, rows: rows)
    }

    /// The texts between pairs of backticks.
    static func backticked(_ cell: String) -> [String] {
        let parts = cell.split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count - 1, by: 2).map { String(parts[$0]) }
    }
}
