import ArgumentParser
import TemplatePatch
import TemplateSyntax

/// `--format F`, shared by the commands that take files.
struct FormatOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The file format, when the file name does not tell it.", valueName: "json"))
    var format: String?

    func validate() throws {
        if let format, Format.named(format) == nil {
            throw ValidationError("unknown format '\(format)'; known: \(Format.all.map(\.name).joined(separator: ", "))")
        }
    }

    var resolved: Format? { format.flatMap(Format.named) }
}

/// Parses a selector argument, turning a bad one into a usage error.
func parseSelector(_ text: String) throws -> Selector {
    do {
        return try Selector(parsing: text)
    } catch {
        throw ValidationError(error.description)
    }
}
