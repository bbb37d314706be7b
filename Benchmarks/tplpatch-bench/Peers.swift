import Foundation

// The programs tplpatch is compared with, found (or built from Benchmarks/)
// before any timing. A missing peer is reported with how to install it and
// never fails the bench.
struct Peer: Sendable {
    /// The command's first words (the input file follows); nil when missing.
    var command: [String]?
    /// Why it is missing, and how to install it.
    var missing: String

    static func found(_ command: [String]) -> Peer { Peer(command: command, missing: "") }
    static func absent(_ why: String) -> Peer { Peer(command: nil, missing: why) }
}

struct Peers: Sendable {
    static let installHint = "or run scripts/install-bench-deps.sh"

    var python3: Peer
    var jq: Peer
    var hclpeer: Peer
    var yamlpeer: Peer
    var bumpMyVersion: Peer
    var sedTools: Peer

    static func discover(sources: String, scratch: String, logs: String) -> Peers {
        func tool(_ name: String, _ install: String) -> Peer {
            ChildProcess.find(name).map { .found([$0]) } ?? .absent("missing (\(install), \(installHint))")
        }
        let shellTools = ["sh", "find", "xargs", "sed", "cp"].allSatisfy { ChildProcess.find($0) != nil }
        return Peers(
            python3: tool("python3", "apt-get install python3"),
            jq: tool("jq", "apt-get install jq"),
            hclpeer: buildHCLPeer(sources: sources, scratch: scratch, logs: logs),
            yamlpeer: buildYAMLPeer(sources: sources, scratch: scratch, logs: logs),
            bumpMyVersion: tool("bump-my-version", "pip install bump-my-version"),
            sedTools: shellTools ? .found(["sh"]) : .absent("missing (sh, find, xargs, sed: apt-get install findutils sed)"))
    }

    /// hclpeer: Benchmarks/hclpeer/main.go built in GOPATH mode against
    /// Debian's hashicorp/hcl sources (no module download).
    static func buildHCLPeer(sources: String, scratch: String, logs: String) -> Peer {
        let install = "missing (apt-get install golang-go golang-github-hashicorp-hcl-v2-dev, \(installHint))"
        guard let go = ChildProcess.find("go") else { return .absent(install) }
        let debianGoPath = "/usr/share/gocode"
        guard FileManager.default.fileExists(atPath: "\(debianGoPath)/src/github.com/hashicorp/hcl/v2/hclwrite") else {
            return .absent(install)
        }
        let binary = "\(scratch)/hclpeer"
        let environment = [
            "GOPATH": "\(debianGoPath):\(scratch)/gopath", "GO111MODULE": "off",
            "GOCACHE": "\(scratch)/gocache", "GOFLAGS": "", "CGO_ENABLED": "0",
        ]
        let built = try? ChildProcess.run(
            [go, "build", "-o", binary, "\(sources)/hclpeer/main.go"],
            stderrPath: "\(logs)/hclpeer-build.log", environment: environment)
        guard let built, built.succeeded else {
            return .absent("not built (go build failed, see \(logs)/hclpeer-build.log: \(built?.failureSummary ?? "go did not start"))")
        }
        return .found([binary])
    }

    /// A C compiler: the system's, else the one beside the Swift toolchain.
    static var cCompiler: String? { ["cc", "gcc", "clang"].lazy.compactMap(ChildProcess.find).first }

    /// yamlpeer: Benchmarks/yamlpeer/events.c against the system libyaml.
    static func buildYAMLPeer(sources: String, scratch: String, logs: String) -> Peer {
        let install = "missing (apt-get install gcc libyaml-dev pkg-config, \(installHint))"
        guard let compiler = cCompiler, ChildProcess.find("pkg-config") != nil else { return .absent(install) }
        let binary = "\(scratch)/yamlpeer"
        let script = "\"$3\" -O2 -o \"$1\" \"$2\" $(pkg-config --cflags --libs yaml-0.1)"
        let built = try? ChildProcess.run(
            ["sh", "-c", script, "sh", binary, "\(sources)/yamlpeer/events.c", compiler], stderrPath: "\(logs)/yamlpeer-build.log")
        guard let built, built.succeeded else {
            return .absent("not built (cc failed, see \(logs)/yamlpeer-build.log; \(install))")
        }
        return .found([binary])
    }

    /// Benchmarks/measure, the stopwatch that forks each measured process
    /// (see measure.c for why); nil when no C compiler could build it.
    static func buildStopwatch(sources: String, scratch: String, logs: String) -> String? {
        guard let compiler = cCompiler else { return nil }
        let binary = "\(scratch)/measure"
        let built = try? ChildProcess.run(
            [compiler, "-O2", "-o", binary, "\(sources)/measure/measure.c"], stderrPath: "\(logs)/measure-build.log")
        return built?.succeeded == true ? binary : nil
    }
}
