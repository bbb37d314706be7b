import Foundation

// The command line of tplpatch-bench. Sizes default to the (a 58 MB
// CloudFormation JSON, a 6 MB base per format at 1x, 4x and 16x, a tree of
// 10,000 modules, best of 3 runs); --smoke makes them tiny, one run each,
// for CI, where only failures count and never a speed figure.
struct BenchOptions {
    var tplpatch = "tplpatch"
    var scratch = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/tplpatch-bench"
    var sources = BenchOptions.defaultSources
    var runs = 3
    var smoke = false
    var cloudFormationBytes = 58_000_000
    var baseBytes = 6_000_000
    var scales = [1, 4, 16]
    var treeFiles = 10_000
    var markdown: String?
    var revision: String?

    static let usage = """
        usage: tplpatch-bench [--tplpatch PATH] [--scratch DIR] [--runs N] [--smoke]
                              [--cf-kb KB] [--base-kb KB] [--tree-files N]
                              [--sources DIR] [--markdown FILE] [--revision TEXT]
          --tplpatch PATH   the tplpatch binary to measure (default: tplpatch on PATH)
          --scratch DIR     where inputs and peers are generated (default: $TMPDIR/tplpatch-bench)
          --runs N          best of N runs per measurement (default 3; 1 with --smoke)
          --smoke           tiny sizes, one run: CI's check that nothing fails
          --cf-kb KB        size of the CloudFormation JSON (default 58000)
          --base-kb KB      the 1x size of each format (default 6000; 4x and 16x follow)
          --tree-files N    modules in the tree for `set` (default 10000)
          --sources DIR     the Benchmarks folder with hclpeer/ and yamlpeer/ (default: beside this source)
          --markdown FILE   also write the results as Markdown to FILE
          --revision TEXT   what was measured (e.g. a git revision), for the table
        Exits 1 when tplpatch fails on an input or a generated input is invalid;
        never on a speed figure or a missing peer.
        """

    /// Benchmarks/, from this file's path at build time.
    static var defaultSources: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path
    }

    static func parse(_ arguments: [String]) -> BenchOptions {
        var options = BenchOptions()
        var runsGiven = false, cfGiven = false, baseGiven = false, treeGiven = false
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let next = rest.popFirst() else { fail("\(flag) needs a value") }
            return next
        }
        func number(_ flag: String) -> Int {
            let text = value(flag)
            guard let n = Int(text), n > 0 else { fail("\(flag): not a positive number: \(text)") }
            return n
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--tplpatch": options.tplpatch = value(argument)
            case "--scratch": options.scratch = value(argument)
            case "--sources": options.sources = value(argument)
            case "--runs": options.runs = number(argument); runsGiven = true
            case "--smoke": options.smoke = true
            case "--cf-kb": options.cloudFormationBytes = number(argument) * 1_000; cfGiven = true
            case "--base-kb": options.baseBytes = number(argument) * 1_000; baseGiven = true
            case "--tree-files": options.treeFiles = number(argument); treeGiven = true
            case "--markdown": options.markdown = value(argument)
            case "--revision": options.revision = value(argument)
            case "-h", "--help": print(usage); exit(0)
            default: fail("unknown argument \(argument)")
            }
        }
        if options.smoke {
            if !runsGiven { options.runs = 1 }
            if !cfGiven { options.cloudFormationBytes = 500_000 }
            if !baseGiven { options.baseBytes = 200_000 }
            if !treeGiven { options.treeFiles = 200 }
        }
        return options
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("tplpatch-bench: \(message)\n\(usage)\n".utf8))
        exit(2)
    }
}
