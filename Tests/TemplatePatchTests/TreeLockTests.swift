import Foundation
import TemplatePatch
import TemplateSyntax
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs git in `directory`, failing the test when it fails.
func git(_ arguments: [String], in directory: String) throws {
    let result = try Subprocess.run(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "init.defaultBranch=main"] + arguments,
        in: directory)
    guard result.status == 0 else {
        throw GitFailure(description: "git \(arguments) failed (\(result.status)): \(result.stderrText)")
    }
}

struct GitFailure: Error, CustomStringConvertible {
    var description: String
}

@Suite struct TreeLockTests {
    @Test func aPlainDirectoryLocksItselfAndLeavesNothing() throws {
        let scratch = try Scratch()
        try scratch.write("a/x.tfvars", "chroma_version = \"1.0.0\"\n")
        let location = try TreeLock.location(for: scratch.path + "/a")
        #expect(location.isLockFile == false)
        #expect(location.path == FileIO.realPath(scratch.path + "/a"))
        let before = try scratch.snapshot()
        let lock = try TreeLock.acquire(for: scratch.path + "/a")
        #expect(lock.isHeld)
        #expect(try scratch.snapshot() == before)
        lock.release()
        #expect(!lock.isHeld)
        #expect(try scratch.snapshot() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/a") == ["x.tfvars"])
    }

    @Test func aSecondAcquireFailsNamingTheHolderUntilReleased() throws {
        let scratch = try Scratch()
        let first = try TreeLock.acquire(for: scratch.path)
        do {
            _ = try TreeLock.acquire(for: scratch.path)
            Issue.record("a second lock on the same tree was granted")
        } catch {
            #expect(error.exitCode == 1)
            #expect(error.description.contains("the lock is held by pid \(getpid())"), "\(error.description)")
            #expect(error.description.contains("--wait"))
        }
        do {
            _ = try TreeLock.acquire(for: scratch.path, wait: true, timeout: 0.05)
            Issue.record("a waiting lock was granted while the first is held")
        } catch {
            #expect(error.description.contains("gave up waiting"), "\(error.description)")
        }
        first.release()
        let second = try TreeLock.acquire(for: scratch.path)
        second.release()
    }

    @Test func releasingOnDeinit() throws {
        let scratch = try Scratch()
        func hold() throws {
            let lock = try TreeLock.acquire(for: scratch.path)
            #expect(lock.isHeld)
        }
        try hold()
        let again = try TreeLock.acquire(for: scratch.path)
        again.release()
    }

    @Test func aGitWorkTreeLocksAFileInItsGitDirectoryWithARecord() throws {
        let scratch = try Scratch()
        try git(["init", "-q", "repo"], in: scratch.path)
        try scratch.write("repo/deploy/x.tfvars", "chroma_version = \"1.0.0\"\n")
        let top = FileIO.realPath(scratch.path + "/repo") ?? ""
        let fromSubfolder = try TreeLock.location(for: scratch.path + "/repo/deploy")
        #expect(fromSubfolder == TreeLock.Location(path: top + "/.git/tplpatch.lock", tree: top, isLockFile: true))
        let lock = try TreeLock.acquire(for: scratch.path + "/repo/deploy")
        let record = String(decoding: try Corpora.bytes(URL(fileURLWithPath: top + "/.git/tplpatch.lock")), as: UTF8.self)
        #expect(record.hasPrefix("pid \(getpid())\nhost "), "\(record)")
        #expect(record.contains("\ncommand "))
        // The root of the work tree and a folder in it are one tree.
        #expect(throws: PatchError.self) { _ = try TreeLock.acquire(for: top) }
        lock.release()
        // The file stays (removing it would race), empty.
        #expect(try Corpora.bytes(URL(fileURLWithPath: top + "/.git/tplpatch.lock")) == [])
    }

    @Test func aLinkedWorktreeLocksInItsOwnGitDirectory() throws {
        let scratch = try Scratch()
        try git(["init", "-q", "main"], in: scratch.path)
        try scratch.write("main/x.tfvars", "chroma_version = \"1.0.0\"\n")
        try git(["add", "-A"], in: scratch.path + "/main")
        try git(["commit", "-q", "-m", "one"], in: scratch.path + "/main")
        try git(["worktree", "add", "-q", "../linked"], in: scratch.path + "/main")
        let main = FileIO.realPath(scratch.path + "/main") ?? ""
        let linked = FileIO.realPath(scratch.path + "/linked") ?? ""
        let location = try TreeLock.location(for: linked)
        #expect(location == TreeLock.Location(path: main + "/.git/worktrees/linked/tplpatch.lock", tree: linked, isLockFile: true))
        // Each work tree has its own lock.
        let one = try TreeLock.acquire(for: main)
        let two = try TreeLock.acquire(for: linked)
        one.release()
        two.release()
    }

    @Test func aGitFileWithARelativePathAndABrokenOne() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/store/modules/sub", withIntermediateDirectories: true)
        try scratch.write("sub/.git", "gitdir: ../store/modules/sub\n")
        let real = FileIO.realPath(scratch.path) ?? ""
        let location = try TreeLock.location(for: scratch.path + "/sub")
        #expect(location.path == real + "/store/modules/sub/tplpatch.lock")
        try scratch.write("broken/.git", "not a gitdir line\n")
        #expect { _ = try TreeLock.location(for: scratch.path + "/broken") } throws: { error in
            (error as? PatchError)?.description.contains("gitdir: PATH") == true
        }
        try scratch.write("dangling/.git", "gitdir: /nonexistent/x\n")
        #expect(throws: PatchError.self) { _ = try TreeLock.location(for: scratch.path + "/dangling") }
    }

    @Test func aFileLocksTheTreeItLiesIn() throws {
        let scratch = try Scratch()
        let file = try scratch.write("d/t.json", "{}")
        let real = FileIO.realPath(scratch.path + "/d") ?? ""
        #expect(try TreeLock.location(forFile: file).path == real)
        #expect { _ = try TreeLock.location(forFile: scratch.path + "/d/missing.json") } throws: { error in
            (error as? PatchError)?.description.contains("No such file or directory") == true
        }
        #expect(throws: PatchError.self) { _ = try TreeLock.location(for: scratch.path + "/nope") }
    }
}

@Suite struct EmptyValueTests {
    @Test(arguments: ["", " ", "\t\n", "\u{00A0}"])
    func theLibraryRefusesABlankValueUnlessAllowed(_ value: String) throws {
        let scratch = try Scratch()
        let file = try scratch.write("x.tfvars", "chroma_version = \"1.0.0\"\n")
        #expect { _ = try Planner(root: scratch.path).plan(set: "chroma_version", to: value) } throws: { error in
            guard let error = error as? PatchError else { return false }
            return error.exitCode == 2 && error.description.contains("--allow-empty")
        }
        #expect { _ = try Planner.plan(edit: file, at: Selector(parsing: "chroma_version"), to: value) } throws: { error in
            (error as? PatchError)?.exitCode == 2
        }
        let allowed = try Planner(root: scratch.path).plan(set: "chroma_version", to: value, allowEmpty: true)
        #expect(allowed.entries.map(\.newValue) == [value])
        #expect(Planner.emptyValueProblem("1.2.3") == nil)
        #expect(Planner.emptyValueProblem(" 1.2.3") == nil)
    }
}
