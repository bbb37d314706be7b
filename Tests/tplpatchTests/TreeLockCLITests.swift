import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs git in `directory`; its standard output, or a thrown failure.
@discardableResult
func runGit(_ arguments: [String], in directory: String) throws -> String {
    let result = try Subprocess.run(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "init.defaultBranch=main"] + arguments,
        in: directory)
    guard result.status == 0 else { throw LockTestFailure("git \(arguments) failed (\(result.status)): \(result.stderrText)") }
    return result.stdoutText
}

struct LockTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A tree of `count` folders, each with a tfvars file holding `chroma_version`.
struct VersionTree {
    static let fileCount = 300
    let root: String

    init(in scratch: Scratch, named name: String = "tree", value: String = "1.0.0") throws {
        root = scratch.path + "/" + name
        for index in 0..<Self.fileCount {
            try scratch.write("\(name)/r\(index)/chroma.tfvars", Self.text(value))
        }
    }

    static func text(_ value: String) -> String { "chroma_version = \"\(value)\"\n" }

    /// The distinct values the files hold (a file that is not exactly one
    /// assignment shows as its whole text).
    func values() throws -> Set<String> {
        var values: Set<String> = []
        for index in 0..<Self.fileCount {
            let text = try String(contentsOfFile: "\(root)/r\(index)/chroma.tfvars", encoding: .utf8)
            let value = text.dropFirst("chroma_version = \"".count).dropLast(2)
            values.insert(text == Self.text(String(value)) ? String(value) : text)
        }
        return values
    }

    /// Every path under the root (folders and files), relative.
    func entries() -> Set<String> {
        Set((FileManager.default.subpaths(atPath: root) ?? []).filter { !$0.hasPrefix(".git/") && $0 != ".git" })
    }

    var expectedEntries: Set<String> {
        Set((0..<Self.fileCount).flatMap { ["r\($0)", "r\($0)/chroma.tfvars"] })
    }
}

/// `tplpatch set` processes started together. Their standard outputs share
/// one log opened with O_APPEND: a run prints its report while it holds the
/// lock, so the log holds the reports in the order the runs held it.
struct SetRace {
    struct Run {
        var value: String
        var status: Int32
        var stderr: String
    }

    var runs: [Run]
    var log: [String]

    init(values: [String], root: String, options: [String], scratch: Scratch, trial: Int) throws {
        let tag = URL(fileURLWithPath: root).lastPathComponent + "-\(trial)"
        let logPath = scratch.path + "/log-\(tag)"
        let logFD = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard logFD >= 0 else { throw LockTestFailure("cannot open the log") }
        defer { close(logFD) }
        var processes: [SpawnedChild] = []
        var errorPaths: [String] = []
        for (index, value) in values.enumerated() {
            let errorPath = scratch.path + "/stderr-\(tag)-\(index)"
            let errorFD = try SpawnedChild.appending(to: errorPath)
            defer { close(errorFD) }
            processes.append(try SpawnedChild(
                CLI.executable.path, ["set", "chroma_version", value, "--root", root] + options,
                stdout: .descriptor(logFD), stderr: .descriptor(errorFD)))
            errorPaths.append(errorPath)
        }
        let started = processes
        // Only a guard against a hang (a run takes well under a second).
        let killer = DispatchWorkItem { for process in started where process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: killer)
        for process in processes { process.waitUntilExit() }
        killer.cancel()
        runs = try zip(values, zip(processes, errorPaths)).map { value, pair in
            Run(value: value, status: pair.0.terminationStatus, stderr: try String(contentsOfFile: pair.1, encoding: .utf8))
        }
        log = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The reports in lock order: (old values, new value, lines) per run that wrote.
    func reports() throws -> [(old: Set<String>, new: String, lines: Int)] {
        var reports: [(old: Set<String>, new: String, lines: Int)] = []
        for line in log {
            // `path:line:col  chroma_version  OLD -> NEW`
            let fields = line.components(separatedBy: "  ")
            let change = fields.last?.components(separatedBy: " -> ") ?? []
            guard fields.count == 3, fields[1] == "chroma_version", change.count == 2 else {
                throw LockTestFailure("unexpected report line: \(line)")
            }
            if reports.last?.new == change[1] {
                reports[reports.count - 1].old.insert(change[0])
                reports[reports.count - 1].lines += 1
            } else {
                reports.append(([change[0]], change[1], 1))
            }
        }
        return reports
    }

    /// Checks the trial and returns the tree's value at its end. `before`
    /// is the value every file held when it began.
    func check(tree: VersionTree, before: String, waited: Bool) throws -> String {
        let reports = try reports()
        let succeeded = runs.filter { $0.status == 0 }
        // Each run that exited 0 printed one whole report, in one piece
        // (runs never interleave), and no other run printed one.
        #expect(reports.map(\.new).sorted() == succeeded.map(\.value).sorted(), "\(log)")
        #expect(reports.allSatisfy { $0.lines == VersionTree.fileCount }, "\(reports.map(\.lines))")
        // Every run read what the one before it wrote: no run reported
        // `1.0.0 -> X` over a value another run had already written.
        var expectedOld = before
        for report in reports {
            #expect(report.old == [expectedOld], "a run read stale values: \(report.old) -> \(report.new), expected \(expectedOld)")
            expectedOld = report.new
        }
        for run in runs where run.status != 0 {
            #expect(!waited, "with --wait every run succeeds: \(run.stderr)")
            #expect(run.status == 1, "\(run.stderr)")
            #expect(run.stderr.contains("another run is writing this tree: the lock is held by pid "), "\(run.stderr)")
            #expect(run.stderr.contains("set chroma_version "), "the holder's command line: \(run.stderr)")
            #expect(!run.stderr.contains(" -> "))
        }
        // The tree holds one value: the last writer's, a run that exited 0.
        let final = reports.last?.new ?? before
        #expect(try tree.values() == [final])
        #expect(!succeeded.isEmpty)
        // Nothing left behind: no temporary file, no lock file.
        #expect(tree.entries() == tree.expectedEntries)
        return final
    }
}

@Suite(.serialized) struct TreeLockCLITests {
    /// Runs `trials` races of `counts[trial % counts.count]` runs; returns
    /// how many runs failed at once on a held lock.
    func race(_ tree: VersionTree, scratch: Scratch, trials: Int, counts: [Int], options: [String] = [], git: Bool = false)
        throws -> Int
    {
        var value = "1.0.0"
        var refused = 0
        for trial in 0..<trials {
            let count = counts[trial % counts.count]
            let values = (0..<count).map { "\(trial + 2).\($0).0" }
            let race = try SetRace(values: values, root: tree.root, options: options, scratch: scratch, trial: trial)
            value = try race.check(tree: tree, before: value, waited: options.contains("--wait"))
            refused += race.runs.filter { $0.status != 0 }.count
            if git {
                let status = try runGit(["status", "--porcelain", "--untracked-files=all", "--ignored"], in: tree.root)
                let lines = status.split(separator: "\n")
                #expect(lines.allSatisfy { $0.hasPrefix(" M ") }, "\(status)")
                try runGit(["commit", "-q", "-a", "-m", "trial \(trial)"], in: tree.root)
                #expect(try runGit(["status", "--porcelain", "--untracked-files=all", "--ignored"], in: tree.root) == "")
                // The lock file in .git stays, empty: no run is holding it.
                #expect(try Corpora.bytes(URL(fileURLWithPath: tree.root + "/.git/tplpatch.lock")) == [])
            }
        }
        return refused
    }

    @Test func concurrentSetsInAPlainTreeNeverLoseAnUpdate() throws {
        let scratch = try Scratch()
        let tree = try VersionTree(in: scratch)
        let refused = try race(tree, scratch: scratch, trials: 20, counts: [2, 4])
        // The runs overlapped: some were refused (else the race tested nothing).
        #expect(refused > 0)
    }

    @Test func concurrentSetsInAGitTreeNeverLoseAnUpdateAndLeaveNothing() throws {
        let scratch = try Scratch()
        let tree = try VersionTree(in: scratch)
        try runGit(["init", "-q"], in: tree.root)
        try runGit(["add", "-A"], in: tree.root)
        try runGit(["commit", "-q", "-m", "start"], in: tree.root)
        let refused = try race(tree, scratch: scratch, trials: 10, counts: [4], git: true)
        #expect(refused > 0)
    }

    @Test func withWaitEveryRunSucceedsInTurn() throws {
        let scratch = try Scratch()
        let plain = try VersionTree(in: scratch, named: "plain")
        #expect(try race(plain, scratch: scratch, trials: 5, counts: [4], options: ["--wait"]) == 0)
        let tracked = try VersionTree(in: scratch, named: "tracked")
        try runGit(["init", "-q"], in: tracked.root)
        try runGit(["add", "-A"], in: tracked.root)
        try runGit(["commit", "-q", "-m", "start"], in: tracked.root)
        #expect(try race(tracked, scratch: scratch, trials: 3, counts: [3], options: ["--wait-timeout", "300"], git: true) == 0)
    }
}

/// A lock this test process holds itself, through flock on the same path
/// tplpatch locks: deterministic contention without timing.
final class HeldLock {
    let fd: Int32

    init(directory: String) throws {
        fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw LockTestFailure("cannot lock \(directory)") }
    }

    init(file: String) throws {
        fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw LockTestFailure("cannot lock \(file)") }
    }

    func release() {
        flock(fd, LOCK_UN)
    }

    deinit { close(fd) }
}

@Suite struct HeldLockCLITests {
    func chromaTree(_ scratch: Scratch) throws -> String {
        try scratch.write("repo/deploy/gcp/chroma.tfvars", VersionTree.text("1.0.0"))
        try scratch.write("repo/deploy/azure/chroma.tfvars", VersionTree.text("1.0.0"))
        return scratch.path + "/repo"
    }

    @Test func aHeldLockFailsAtOnceNamingTheHolderAndChangesNothing() throws {
        let scratch = try Scratch()
        let root = try chromaTree(scratch)
        let before = try scratch.snapshot()
        let held = try HeldLock(directory: root)
        let result = try CLI.run(["set", "chroma_version", "2.0.0", "--root", root])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("the lock is held by pid \(getpid()) ("), "\(result.stderr)")
        // The holder's command line, from /proc/PID/cmdline.
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).lastPathComponent
        #expect(result.stderr.contains(me), "\(result.stderr)")
        let timedOut = try CLI.run(["set", "chroma_version", "2.0.0", "--root", root, "--wait-timeout", "0.2"])
        #expect(timedOut.status == 1)
        #expect(timedOut.stderr.contains("gave up waiting for the tree's lock after 0.2 s"), "\(timedOut.stderr)")
        #expect(timedOut.stdout == "")
        // Reading does not lock: get and a dry run go on.
        #expect(try CLI.run(["get", "chroma_version", "--root", root]).status == 0)
        #expect(try CLI.run(["set", "chroma_version", "2.0.0", "--root", root, "--dry-run"]).status == 0)
        #expect(try scratch.snapshot() == before)
        held.release()
        let free = try CLI.run(["set", "chroma_version", "2.0.0", "--root", root])
        #expect(free.status == 0, "\(free.stderr)")
    }

    @Test func waitWaitsForTheHolderThenWrites() throws {
        let scratch = try Scratch()
        let root = try chromaTree(scratch)
        let held = try HeldLock(directory: root)
        let outPipe = try SpawnedChild.pipe()
        let errPipe = try SpawnedChild.pipe()
        let process = try SpawnedChild(
            CLI.executable.path, ["set", "chroma_version", "2.0.0", "--root", root, "--wait"],
            stdout: .descriptor(outPipe.write), stderr: .descriptor(errPipe.write))
        close(outPipe.write)
        close(errPipe.write)
        let out = FileHandle(fileDescriptor: outPipe.read, closeOnDealloc: true)
        let err = FileHandle(fileDescriptor: errPipe.read, closeOnDealloc: true)
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 300, execute: killer)
        // Read standard error until it says it waits; only then let go.
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("\n") {
            let chunk = err.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        let waiting = String(decoding: said, as: UTF8.self)
        #expect(waiting.contains("waiting for the tree's lock, held by pid \(getpid())"), "\(waiting)")
        #expect(try VersionTree(root: root).values(under: ["deploy/gcp", "deploy/azure"]) == ["1.0.0"])
        held.release()
        let stdout = out.readDataToEndOfFile()
        _ = err.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: stdout, as: UTF8.self).components(separatedBy: "1.0.0 -> 2.0.0").count == 3)
        #expect(try VersionTree(root: root).values(under: ["deploy/gcp", "deploy/azure"]) == ["2.0.0"])
    }

    @Test func aFolderOfAGitWorkTreeSharesTheWorkTreesLock() throws {
        let scratch = try Scratch()
        let root = try chromaTree(scratch)
        try runGit(["init", "-q"], in: root)
        try runGit(["add", "-A"], in: root)
        try runGit(["commit", "-q", "-m", "start"], in: root)
        let held = try HeldLock(file: root + "/.git/tplpatch.lock")
        for arguments in [
            ["set", "chroma_version", "2.0.0", "--root", root + "/deploy/gcp"],
            ["edit", root + "/deploy/azure/chroma.tfvars", "chroma_version", "2.0.0"],
            ["init", "chroma_version", "--root", root],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("the lock is held by pid \(getpid())"), "\(arguments): \(result.stderr)")
            #expect(result.stdout == "")
        }
        #expect(try runGit(["status", "--porcelain", "--untracked-files=all", "--ignored"], in: root) == "")
        held.release()
        let edit = try CLI.run(["edit", root + "/deploy/azure/chroma.tfvars", "chroma_version", "2.0.0"])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(try runGit(["status", "--porcelain", "--untracked-files=all", "--ignored"], in: root) == " M deploy/azure/chroma.tfvars\n")
    }

    @Test func aLinkedWorktreeLocksInItsGitDirectory() throws {
        let scratch = try Scratch()
        let root = try chromaTree(scratch)
        try runGit(["init", "-q"], in: root)
        try runGit(["add", "-A"], in: root)
        try runGit(["commit", "-q", "-m", "start"], in: root)
        try runGit(["worktree", "add", "-q", "../linked"], in: root)
        let linked = scratch.path + "/linked"
        let held = try HeldLock(file: root + "/.git/worktrees/linked/tplpatch.lock")
        let refused = try CLI.run(["set", "chroma_version", "2.0.0", "--root", linked])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("held by pid \(getpid())"), "\(refused.stderr)")
        // The main work tree is another tree, with its own lock.
        let other = try CLI.run(["set", "chroma_version", "3.0.0", "--root", root])
        #expect(other.status == 0, "\(other.stderr)")
        held.release()
        let done = try CLI.run(["set", "chroma_version", "2.0.0", "--root", linked])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try runGit(["status", "--porcelain", "--untracked-files=all", "--ignored"], in: linked).split(separator: "\n").allSatisfy {
            $0.hasPrefix(" M ")
        })
    }

    @Test func aRunThatFailsAfterPlanningPrintsNoSuccessLine() throws {
        let scratch = try Scratch()
        let root = try chromaTree(scratch)
        // A file larger than the file-size limit the run gets: it plans (reading
        // is not limited), then cannot write the new text (EFBIG).
        let padding = String(repeating: "# padding\n", count: 800)
        try scratch.write("repo/deploy/big/chroma.tfvars", padding + VersionTree.text("1.0.0"))
        let before = try scratch.snapshot()
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\"", CLI.executable.path, "set", "chroma_version", "2.0.0", "--root", root])
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(result.stdoutText == "")
        #expect(!result.stderrText.contains(" -> "))
        #expect(!result.stderrText.contains("changed in"))
        #expect(try scratch.snapshot() == before)
        let json = try Subprocess.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\"", CLI.executable.path, "set", "chroma_version", "2.0.0", "--root", root,
             "--json"])
        #expect(json.status == 1)
        #expect(json.stdoutText.contains("\"ok\" : false"), "\(json.stdoutText)")
        #expect(!json.stdoutText.contains("\"written\""))
        #expect(try scratch.snapshot() == before)
    }
}

extension VersionTree {
    init(root: String) { self.root = root }

    /// The distinct values of the tfvars files in these folders.
    func values(under folders: [String]) throws -> Set<String> {
        Set(try folders.map { folder in
            let text = try String(contentsOfFile: "\(root)/\(folder)/chroma.tfvars", encoding: .utf8)
            return String(text.dropFirst("chroma_version = \"".count).dropLast(2))
        })
    }
}
