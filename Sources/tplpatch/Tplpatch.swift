import ArgumentParser
import TemplatePatch

#if canImport(Glibc)
    import Glibc
#endif

@main
struct Tplpatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tplpatch",
        abstract: "Change the version strings inside infrastructure and release files, and nothing else.",
        discussion: """
            Exit status: 0 done (or nothing to do); 1 bad input, a target not found, an I/O \
            failure; 2 usage; 3 values disagree (get, bump, check or tag with drift, set --from with a mismatch, \
            check with a likely missed target, publish --release-version with another version in the file).
            """,
        version: BuildVersion.description,
        subcommands: [
            SetCommand.self, BumpCommand.self, GetCommand.self, CheckCommand.self, ParseCommand.self, QueryCommand.self,
            EditCommand.self, InitCommand.self, PublishCommand.self, RecoverCommand.self, ApplyCommand.self, TagCommand.self,
        ]
    )

    /// Runs the command line, with usage errors mapped to exit status 2
    /// (ArgumentParser's own default is 64).
    static func main() async {
        if let problem = leadingDashProblem(Array(CommandLine.arguments.dropFirst())) {
            Output.error("Error: \(problem)")
            Output.error("See 'tplpatch --help' or 'tplpatch help <command>'.")
            terminate(2)
        }
        do {
            if let misuse = PublishCommand.versionOptionMisuse(in: CommandLine.arguments.dropFirst()) {
                Output.error("Error: \(misuse)\nUsage: \(usageString(for: PublishCommand.self))")
                Output.error("  See 'tplpatch publish --help' for more information.")
                terminate(2)
            }
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            terminate(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Output.error(fullMessage(for: error))
                Output.error("See 'tplpatch --help' or 'tplpatch help <command>'.")
                terminate(2)
            }
            self.exit(withError: error)
        }
    }
}

/// Output goes through FileHandle, which does not buffer, so there is nothing to flush.
func terminate(_ code: Int32) -> Never {
    Glibc.exit(code)
}
