import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A tree of many files with one target each, the shape a kill part way
/// through `set` can leave half written.
struct ManyFileTree {
    static let oldText = "chroma_version = \"1.0.0\"\n"
    static let newText = "chroma_version = \"2.0.0\"\n"

    let scratch: Scratch
    let count: Int
    var root: String { scratch.path + "/tree" }
    var journal: String { root + "/.tplpatch-journal" }

    init(files count: Int = 300) throws {
        scratch = try Scratch()
        self.count = count
        for index in 0..<count {
            try scratch.write(String(format: "tree/env%02d/stack%03d.tfvars", index % 10, index), Self.oldText)
        }
    }

    /// What the tree holds: how many files are old, new or other, and the
    /// tplpatch temporary files and journal found anywhere in it.
    struct State: CustomStringConvertible {
        var old = 0
        var new = 0
        var other: [String] = []
        var temps: [String] = []
        var journal = false

        var allOld: Bool { new == 0 && other.isEmpty }
        var allNew: Bool { old == 0 && other.isEmpty }
        var description: String { "old \(old), new \(new), other \(other), temps \(temps.count) \(temps.prefix(3)), journal \(journal)" }
    }

    func state() throws -> State {
        var state = State()
        let base = URL(fileURLWithPath: root)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return state }
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name == ".tplpatch-journal" {
                state.journal = true
            } else if name.contains(".tplpatch-") {
                state.temps.append(url.path)
            } else if name.hasSuffix(".tfvars") {
                switch String(decoding: try Data(contentsOf: url), as: UTF8.self) {
                case Self.oldText: state.old += 1
                case Self.newText: state.new += 1
                default: state.other.append(url.path)
                }
            }
        }
        if state.old + state.new + state.other.count != count { state.other.append("(\(count) files expected)") }
        return state
    }
}

/// A `tplpatch` child that a test can signal while it runs.
final class RunningCLI {
    let process: SpawnedChild
    let stderrPath: String

    init(_ arguments: [String], environment: [String: String] = [:], stderrIn folder: String) throws {
        stderrPath = folder + "/stderr-\(UUID().uuidString).txt"
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let stderrFD = try SpawnedChild.appending(to: stderrPath)
        defer { close(stderrFD) }
        process = try SpawnedChild(CLI.executable.path, arguments, environment: merged, stderr: .descriptor(stderrFD))
    }

    var pid: Int32 { process.processIdentifier }

    func send(_ signal: Int32) { process.send(signal) }

    /// Waits for the child to end (bounded, so a hang fails the test
    /// instead of stalling it); nil when it had to be killed.
    func wait(bound: TimeInterval = 120) -> (status: Int32, bySignal: Bool)? {
        if !process.wait(seconds: bound) {
            process.send(SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return (process.terminationStatus, process.endedBySignal)
    }

    /// Waits until the child has stopped itself (the test hook's SIGSTOP).
    func waitUntilStopped(bound: TimeInterval = 120) -> Bool {
        let deadline = Date().addingTimeInterval(bound)
        while Date() < deadline {
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"),
                stat[stat.index(close, offsetBy: 2)] == "T"
            {
                return true
            }
            if !process.isRunning { return false }
            usleep(2000)
        }
        return false
    }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}

@Suite(.serialized) struct InterruptionTests {
    static func setArguments(_ root: String) -> [String] { ["set", "chroma_version", "2.0.0", "--root", root] }

    /// How long an uninterrupted `set` over the tree takes here, so the
    /// random delays spread over the whole run (planning, staging, renames).
    static func typicalRun() throws -> TimeInterval {
        let tree = try ManyFileTree()
        let start = Date()
        let child = try RunningCLI(setArguments(tree.root), stderrIn: tree.scratch.path)
        let result = child.wait()
        let elapsed = Date().timeIntervalSince(start)
        #expect(result?.status == 0, "\(child.stderr)")
        #expect(try tree.state().allNew)
        return elapsed
    }

    /// SIGTERM, SIGINT or SIGHUP at a random moment: the run either did not
    /// start writing, removed its temporary files, or finished; never a mixed
    /// tree, never a temporary file or journal left.
    func signalAtRandom(_ signal: Int32, trials: Int) throws {
        let span = try Self.typicalRun() * 1.2
        var caught = 0
        var outcomes: [String: Int] = [:]
        for trial in 0..<trials {
            let tree = try ManyFileTree()
            let child = try RunningCLI(Self.setArguments(tree.root), stderrIn: tree.scratch.path)
            usleep(useconds_t(Double.random(in: 0...span) * 1_000_000))
            child.send(signal)
            guard let result = child.wait() else {
                Issue.record("trial \(trial): tplpatch did not end after \(signal)")
                continue
            }
            let state = try tree.state()
            let outcome = result.bySignal ? "killed before arming" : "exit \(result.status)"
            outcomes[outcome, default: 0] += 1
            if !result.bySignal && result.status == 128 + signal { caught += 1 }
            #expect(
                result.bySignal ? result.status == signal : [0, 128 + signal].contains(result.status),
                "trial \(trial): \(outcome): \(child.stderr)")
            #expect(state.allOld || state.allNew, "trial \(trial): \(state)")
            #expect(state.temps.isEmpty && !state.journal, "trial \(trial): \(state)")
        }
        print("signal \(signal): \(trials) trials over \(String(format: "%.3f", span)) s: \(outcomes.sorted { $0.key < $1.key }), caught \(caught)")
    }

    @Test func sigtermAtRandomMomentsLeavesAllOldOrAllNewAndNoTemporaryFile() throws {
        try signalAtRandom(SIGTERM, trials: 20)
    }

    @Test func sigintAtRandomMomentsLeavesAllOldOrAllNewAndNoTemporaryFile() throws {
        try signalAtRandom(SIGINT, trials: 20)
    }

    @Test func sighupAtRandomMomentsLeavesAllOldOrAllNewAndNoTemporaryFile() throws {
        try signalAtRandom(SIGHUP, trials: 8)
    }

    /// SIGKILL cannot be caught: whatever it leaves, the next run (recover,
    /// or set itself) makes the tree all-old or all-new with nothing left.
    @Test func sigkillAtRandomMomentsIsRepairedByTheNextRun() throws {
        let span = try Self.typicalRun() * 1.2
        var journals = 0
        var temps = 0
        for trial in 0..<24 {
            let tree = try ManyFileTree()
            let child = try RunningCLI(Self.setArguments(tree.root), stderrIn: tree.scratch.path)
            usleep(useconds_t(Double.random(in: 0...span) * 1_000_000))
            child.send(SIGKILL)
            guard child.wait() != nil else {
                Issue.record("trial \(trial): tplpatch did not end after SIGKILL")
                continue
            }
            let left = try tree.state()
            if left.journal { journals += 1 }
            if !left.temps.isEmpty { temps += 1 }
            let repair =
                trial.isMultiple(of: 2)
                ? try CLI.run(["recover", "--root", tree.root]) : try CLI.run(Self.setArguments(tree.root))
            #expect(repair.status == 0, "trial \(trial): \(left): \(repair.stderr)")
            let state = try tree.state()
            #expect(state.allOld || state.allNew, "trial \(trial): after \(left): \(state)")
            if !trial.isMultiple(of: 2) { #expect(state.allNew, "trial \(trial): \(state)") }
            #expect(state.temps.isEmpty && !state.journal, "trial \(trial): after \(left): \(state)")
        }
        print("SIGKILL: 24 trials over \(String(format: "%.3f", span)) s: \(journals) left a journal, \(temps) left temporary files")
    }

    // MARK: Deterministic crash points (the test hook stops the run there)

    /// Stops `set` after `renames` renames (the hook's SIGSTOP), then SIGKILLs it.
    func killAfter(renames: Int, _ tree: ManyFileTree, journal: String? = nil) throws {
        let child = try RunningCLI(
            Self.setArguments(tree.root), environment: ["TPLPATCH_TEST_STOP_AT": "renamed:\(renames)"], stderrIn: tree.scratch.path)
        #expect(child.waitUntilStopped(), "\(child.stderr)")
        child.send(SIGKILL)
        #expect(child.wait()?.bySignal == true)
        let state = try tree.state()
        #expect(state.new == renames && state.old == tree.count - renames, "\(state)")
        #expect(FileManager.default.fileExists(atPath: journal ?? tree.journal), "no journal at \(journal ?? tree.journal)")
    }

    @Test func inAGitWorkTreeTheJournalIsInTheGitFolderAndEditFinishesIt() throws {
        let tree = try ManyFileTree(files: 20)
        try FileManager.default.createDirectory(atPath: tree.root + "/.git", withIntermediateDirectories: true)
        let journal = tree.root + "/.git/tplpatch-journal"
        try killAfter(renames: 5, tree, journal: journal)
        #expect(try !tree.state().journal, "no journal at the root of a git work tree")
        let edit = try CLI.run(["edit", tree.root + "/env03/stack003.tfvars", "chroma_version", "2.0.0"])
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(edit.stderr.contains("finished an interrupted write first: 15 of 20"), "\(edit.stderr)")
        let state = try tree.state()
        #expect(state.allNew && state.temps.isEmpty, "\(state)")
        #expect(!FileManager.default.fileExists(atPath: journal))
    }

    @Test func recoverFinishesAWriteKilledInTheRenameLoop() throws {
        let tree = try ManyFileTree()
        try killAfter(renames: 150, tree)
        // get says where each file stands and what to run.
        let get = try CLI.run(["get", "chroma_version", "--root", tree.root])
        #expect(get.status == 3)
        #expect(get.stderr.contains("an interrupted tplpatch run"), "\(get.stderr)")
        #expect(get.stderr.contains("old (its new text is staged)") && get.stderr.contains("new (written before the run stopped)"))
        #expect(get.stderr.contains("tplpatch recover"))
        #expect(!get.stderr.contains("a temporary file left"), "the journal's files are not leftovers")
        let dry = try CLI.run(["set", "chroma_version", "2.0.0", "--root", tree.root, "--dry-run"])
        #expect(dry.stderr.contains("150 of 300 file(s) written"), "\(dry.stderr)")
        #expect(try tree.state().journal)
        let recover = try CLI.run(["recover", "--root", tree.root])
        #expect(recover.status == 0, "\(recover.stderr)")
        #expect(recover.stderr.contains("150 of 300 file(s) written now"), "\(recover.stderr)")
        let state = try tree.state()
        #expect(state.allNew && state.temps.isEmpty && !state.journal, "\(state)")
        let again = try CLI.run(["recover", "--root", tree.root])
        #expect(again.status == 0 && again.stderr.contains("nothing to recover"))
    }

    @Test func recoverJSONSaysWhereEachFileOfTheJournalStood() throws {
        let tree = try ManyFileTree(files: 12)
        try killAfter(renames: 5, tree)
        let recover = try CLI.run(["recover", "--root", tree.root, "--json"])
        #expect(recover.status == 0, "\(recover.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(recover.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? Int == 1 && document["command"] as? String == "recover")
        #expect(document["action"] as? String == "finish")
        let journals = try #require(document["journals"] as? [[String: Any]])
        #expect(journals.count == 1)
        let files = try #require(journals.first?["files"] as? [[String: String]])
        #expect(files.count == 12)
        #expect(files.filter { $0["was"] == "new" }.count == 5 && files.filter { $0["was"] == "old" }.count == 7, "\(files)")
        #expect(files.allSatisfy { $0["file"]?.hasSuffix(".tfvars") == true })
        #expect((journals.first?["journal"] as? String)?.hasSuffix("/tree/.tplpatch-journal") == true, "\(journals)")
        #expect(try tree.state().allNew)
    }

    @Test func theNextSetFinishesAWriteKilledInTheRenameLoop() throws {
        let tree = try ManyFileTree()
        try killAfter(renames: 1, tree)
        let set = try CLI.run(Self.setArguments(tree.root))
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stderr.contains("finished an interrupted write first: 299 of 300"), "\(set.stderr)")
        let state = try tree.state()
        #expect(state.allNew && state.temps.isEmpty && !state.journal, "\(state)")
    }

    @Test func rollbackPutsTheOldFilesBack() throws {
        let tree = try ManyFileTree()
        try killAfter(renames: 299, tree)
        let recover = try CLI.run(["recover", "--root", tree.root, "--rollback"])
        #expect(recover.status == 0, "\(recover.stderr)")
        let state = try tree.state()
        #expect(state.allOld && state.temps.isEmpty && !state.journal, "\(state)")
    }

    @Test func aFileChangedSinceTheCrashIsReportedAndNothingIsGuessed() throws {
        let tree = try ManyFileTree()
        try killAfter(renames: 100, tree)
        // Someone edits one written file and one not yet written.
        let written = tree.root + "/env00/stack000.tfvars"
        let pending = tree.root + "/env09/stack299.tfvars"
        try Data("chroma_version = \"9.9.9\"\n".utf8).write(to: URL(fileURLWithPath: written))
        try Data("chroma_version = \"8.8.8\"\n".utf8).write(to: URL(fileURLWithPath: pending))
        let before = try tree.scratch.snapshot()
        for arguments in [["recover", "--root", tree.root], Self.setArguments(tree.root), ["recover", "--root", tree.root, "--rollback"]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("stack000.tfvars: error: changed by someone else"), "\(result.stderr)")
            #expect(result.stderr.contains("stack299.tfvars: error: changed by someone else"), "\(result.stderr)")
            #expect(result.stderr.contains("new (written before the run stopped)"))
            #expect(try tree.scratch.snapshot() == before, "\(arguments) changed a file")
        }
        let forget = try CLI.run(["recover", "--root", tree.root, "--forget"])
        #expect(forget.status == 0, "\(forget.stderr)")
        let state = try tree.state()
        #expect(state.temps.isEmpty && !state.journal && state.other.count == 2, "\(state)")
    }

    /// A signal while the run is stopped in staging or in the rename loop:
    /// the hook's SIGSTOP holds the run at a known point, SIGTERM is sent,
    /// SIGCONT lets it see the signal there.
    @Test func sigtermAtKnownPointsCleansUpOrFinishes() throws {
        for (point, finishes) in [("staging:5", false), ("staged", true), ("renamed:10", true)] {
            let tree = try ManyFileTree()
            let child = try RunningCLI(
                Self.setArguments(tree.root), environment: ["TPLPATCH_TEST_STOP_AT": point], stderrIn: tree.scratch.path)
            #expect(child.waitUntilStopped(), "\(point): \(child.stderr)")
            child.send(SIGTERM)
            child.send(SIGCONT)
            let result = child.wait()
            #expect(result?.status == 143 && result?.bySignal == false, "\(point): \(child.stderr)")
            #expect(child.stderr.contains("interrupted by SIGTERM"), "\(child.stderr)")
            let state = try tree.state()
            #expect(finishes ? state.allNew : state.allOld, "\(point): \(state)")
            #expect(state.temps.isEmpty && !state.journal, "\(point): \(state)")
        }
    }

    /// A file replaced by another program (a new inode, the same bytes)
    /// between staging and the renames is caught by the identity check.
    @Test func aFileReplacedBeforeTheRenamesStopsEveryWrite() throws {
        let tree = try ManyFileTree(files: 20)
        let child = try RunningCLI(
            Self.setArguments(tree.root), environment: ["TPLPATCH_TEST_STOP_AT": "staged"], stderrIn: tree.scratch.path)
        #expect(child.waitUntilStopped(), "\(child.stderr)")
        let victim = tree.root + "/env05/stack005.tfvars"
        try Data(ManyFileTree.oldText.utf8).write(to: URL(fileURLWithPath: victim + ".other"))
        rename(victim + ".other", victim)
        child.send(SIGCONT)
        let result = child.wait()
        #expect(result?.status == 1, "\(child.stderr)")
        #expect(child.stderr.contains("stack005.tfvars: error: the file changed on disk"), "\(child.stderr)")
        let state = try tree.state()
        #expect(state.allOld && state.temps.isEmpty && !state.journal, "\(state)")
    }

    /// `ulimit -f`: the write fails with EFBIG instead of SIGXFSZ killing
    /// the run; the error names the file and nothing is left.
    @Test func aFileSizeLimitIsAClearErrorAndLeavesNothing() throws {
        let tree = try ManyFileTree(files: 5)
        let big = tree.root + "/big.tfvars"
        let padding = String(repeating: "# padding line for a file larger than the limit\n", count: 400)
        try Data((padding + ManyFileTree.oldText).utf8).write(to: URL(fileURLWithPath: big))
        let before = try tree.scratch.snapshot()
        let command = "ulimit -f 8; exec '\(CLI.executable.path)' set chroma_version 2.0.0 --root '\(tree.root)'"
        let result = try Subprocess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], timeout: 120)
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(result.stderrText.contains("big.tfvars: error: cannot write the new text: File too large"), "\(result.stderrText)")
        #expect(try tree.scratch.snapshot() == before)
        #expect(try tree.state().temps.isEmpty)
    }

    /// Leftovers of a dead run (a SIGKILL before the journal) are reported by
    /// get and removed by the next set.
    @Test func staleTemporaryFilesAreReportedThenRemoved() throws {
        let tree = try ManyFileTree(files: 10)
        // A process id that is surely dead: a child that has been waited for.
        let gone = try SpawnedChild("/bin/true", [])
        gone.waitUntilExit()
        let pid = gone.processIdentifier
        let stale = tree.root + "/env03/.stack003.tfvars.tplpatch-\(pid)-0.tmp"
        let elsewhere = tree.root + "/notes/.README.md.tplpatch-\(pid)-1.tmp"
        try tree.scratch.write("tree/env03/.stack003.tfvars.tplpatch-\(pid)-0.tmp", "chroma_version = \"2.0")
        try tree.scratch.write("tree/notes/.README.md.tplpatch-\(pid)-1.tmp", "half")
        try tree.scratch.write("tree/notes/README.md", "notes")
        let get = try CLI.run(["get", "chroma_version", "--root", tree.root])
        #expect(get.status == 0)
        #expect(get.stderr.contains("\(stale): warning: a temporary file left by an interrupted tplpatch run"), "\(get.stderr)")
        #expect(get.stderr.contains(elsewhere))
        let set = try CLI.run(Self.setArguments(tree.root))
        #expect(set.status == 0, "\(set.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale) && !FileManager.default.fileExists(atPath: elsewhere))
        #expect(try tree.state().allNew)
    }
}
