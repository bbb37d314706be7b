import Foundation
import TestSupport
import Testing

/// The README's release examples (each ```console block after a
/// `<!-- tested: NAME -->` line), run as written in a scratch folder with
/// the built `tplpatch` first on PATH and the real `git`; every command's
/// output (standard output and error together) must be what the README
/// shows, `<commit>` standing for a 12-digit commit id.
@Suite struct ReleaseReadmeTests {
    struct Step {
        var command: String
        var expected: [String]
    }

    static func examples() throws -> [String: [Step]] {
        let readme = try String(contentsOf: Corpora.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var result: [String: [Step]] = [:]
        var lines = readme.components(separatedBy: "\n")[...]
        while let line = lines.popFirst() {
            guard line.hasPrefix("<!-- tested: "), line.hasSuffix(" -->") else { continue }
            let name = String(line.dropFirst("<!-- tested: ".count).dropLast(" -->".count))
            guard lines.popFirst() == "```console" else { continue }
            var steps: [Step] = []
            while let next = lines.popFirst(), next != "```" {
                if next.hasPrefix("$ ") {
                    steps.append(Step(command: String(next.dropFirst(2)), expected: []))
                } else if !steps.isEmpty {
                    steps[steps.count - 1].expected.append(next)
                }
            }
            result[name] = steps
        }
        return result
    }

    /// Runs `steps` in order in one shell; each command's output lines.
    static func run(_ steps: [Step]) throws -> [[String]] {
        let scratch = try Scratch()
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/fixtures", withDestinationPath: Fixtures.root.path)
        let home = scratch.path + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let bin = CLI.executable.deletingLastPathComponent().path
        var script = "exec 2>&1\nexport PATH='\(bin)':\"$PATH\"\n"
        for (index, step) in steps.enumerated() {
            script += "echo '@@@ \(index)'\n\(step.command)\n"
        }
        script += "echo '@@@ end'\n"
        let environment = [
            "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Release Tester", "GIT_AUTHOR_EMAIL": "release@example.com",
            "GIT_COMMITTER_NAME": "Release Tester", "GIT_COMMITTER_EMAIL": "release@example.com",
        ]
        let result = try Subprocess.run(URL(fileURLWithPath: "/bin/bash"), ["-c", script], in: scratch.path, environment: environment)
        var outputs: [[String]] = []
        for line in result.stdoutText.components(separatedBy: "\n") {
            if line.hasPrefix("@@@ ") {
                outputs.append([])
            } else if !outputs.isEmpty {
                outputs[outputs.count - 1].append(line)
            }
        }
        return outputs.map { lines in
            var lines = lines
            while lines.last == "" { lines.removeLast() }
            return lines
        }
    }

    static func matches(_ expected: String, _ actual: String) -> Bool {
        let pattern = NSRegularExpression.escapedPattern(for: expected).replacingOccurrences(of: "<commit>", with: "[0-9a-f]{12}")
        return actual.range(of: "^" + pattern + "$", options: .regularExpression) != nil
    }

    static func check(_ name: String) throws {
        let steps = try #require(try examples()[name], "no README example '\(name)'")
        #expect(!steps.isEmpty)
        let outputs = try run(steps)
        #expect(outputs.count == steps.count + 1, "\(outputs)")
        for (step, actual) in zip(steps, outputs) {
            let same = step.expected.count == actual.count && zip(step.expected, actual).allSatisfy { matches($0, $1) }
            #expect(same, "README example '\(name)', `\(step.command)`:\nexpected:\n\(step.expected.joined(separator: "\n"))\nactual:\n\(actual.joined(separator: "\n"))")
        }
    }

    @Test func planAndApply() throws { try Self.check("plan-and-apply") }

    @Test func releaseWithGit() throws { try Self.check("release-with-git") }
}
