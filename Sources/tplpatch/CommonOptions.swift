import ArgumentParser
import Foundation
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

/// `--max-file-size SIZE`, shared by every command that reads templates.
/// The option wins over `TPLPATCH_MAX_FILE_SIZE`, which wins over the
/// default (64 MiB). A malformed size, from either, is a usage error.
struct FileSizeOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The largest file to read: bytes, or a number with K, M, G or T (binary: 100M is 100 MiB). Default: \(FileSize.environmentVariable), else 64M.",
            valueName: "size"))
    var maxFileSize: String?

    func validate() throws {
        _ = try limit()
    }

    /// The limit in bytes.
    var bytes: Int { (try? limit()) ?? FileSize.defaultLimit }

    private func limit() throws -> Int {
        if let maxFileSize {
            guard let bytes = FileSize.parse(maxFileSize) else {
                throw ValidationError("--max-file-size '\(maxFileSize)' is not a size; write bytes (1048576) or a number with K, M, G or T (100M, 1G)")
            }
            return bytes
        }
        if let text = ProcessInfo.processInfo.environment[FileSize.environmentVariable] {
            guard let bytes = FileSize.parse(text) else {
                throw ValidationError("\(FileSize.environmentVariable)='\(text)' is not a size; write bytes (1048576) or a number with K, M, G or T (100M, 1G)")
            }
            return bytes
        }
        return FileSize.defaultLimit
    }
}
