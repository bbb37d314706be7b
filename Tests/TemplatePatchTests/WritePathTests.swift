import Foundation
import TemplatePatch
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

// <sys/xattr.h> is not in Swift's Glibc module: the two calls the test
// needs, looked up in the C library with their C signatures.
private typealias SetCall = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeRawPointer?, Int, Int32) -> Int32
private typealias GetCall = @convention(c) (UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, Int) -> Int

func setxattr(_ path: String, _ name: String, _ value: UnsafeRawPointer?, _ size: Int, _ flags: Int32) -> Int32 {
    let call = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setxattr"), to: SetCall.self)
    return call(path, name, value, size, flags)
}

func getxattr(_ path: String, _ name: String, _ buffer: UnsafeMutableRawPointer?, _ size: Int) -> Int {
    let call = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "getxattr"), to: GetCall.self)
    return call(path, name, buffer, size)
}

/// A scratch folder on a file system that keeps user extended attributes:
/// the temporary folder when it does, else one under the package's build
/// folder. Neither keeping them is a failure, not a skip.
func scratchWithUserXattrs() throws -> (folder: String, cleanup: () -> Void) {
    let candidates = [
        FileManager.default.temporaryDirectory.path,
        Corpora.packageRoot.appendingPathComponent(".build").path,
    ]
    for base in candidates {
        let folder = base + "/tplpatch-xattr-\(UUID().uuidString)"
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { continue }
        let probe = folder + "/probe"
        FileManager.default.createFile(atPath: probe, contents: Data())
        if setxattr(probe, "user.tplpatch.probe", Array("1".utf8), 1, 0) == 0 {
            unlink(probe)
            return (folder, { try? FileManager.default.removeItem(atPath: folder) })
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
    throw NoXattrFolder(tried: candidates)
}

struct NoXattrFolder: Error, CustomStringConvertible {
    var tried: [String]
    var description: String { "no folder here keeps user extended attributes: tried \(tried)" }
}

func xattr(_ name: String, of path: String) -> [UInt8]? {
    let size = getxattr(path, name, nil, 0)
    guard size >= 0 else { return nil }
    var buffer = [UInt8](repeating: 0, count: size)
    let read = buffer.withUnsafeMutableBytes { getxattr(path, name, $0.baseAddress, $0.count) }
    return read == size ? buffer : nil
}

/// A POSIX access ACL in the kernel's xattr form (version 2, then tag,
/// permissions, id for each entry): owner rw, user 1234 r, group r, mask r,
/// others nothing.
let sampleACL: [UInt8] = {
    func entry(_ tag: UInt16, _ perm: UInt16, _ id: UInt32) -> [UInt8] {
        withUnsafeBytes(of: tag.littleEndian, Array.init) + withUnsafeBytes(of: perm.littleEndian, Array.init)
            + withUnsafeBytes(of: id.littleEndian, Array.init)
    }
    let undefined = UInt32.max
    return withUnsafeBytes(of: UInt32(2).littleEndian, Array.init)
        + entry(0x01, 6, undefined) + entry(0x02, 4, 1234) + entry(0x04, 4, undefined) + entry(0x10, 4, undefined)
        + entry(0x20, 0, undefined)
}()

@Suite struct WritePathTests {
    @Test func extendedAttributesAndTheACLSurviveTheRename() throws {
        let (folder, cleanup) = try scratchWithUserXattrs()
        defer { cleanup() }
        let a = folder + "/a.tfvars"
        let b = folder + "/b.tfvars"
        for path in [a, b] {
            FileManager.default.createFile(atPath: path, contents: Data("v = \"1\"\n".utf8))
            chmod(path, 0o640)
        }
        let value = Array("release-team".utf8)
        #expect(setxattr(a, "user.tplpatch.owner", value, value.count, 0) == 0)
        let acl = sampleACL.withUnsafeBytes { setxattr(a, "system.posix_acl_access", $0.baseAddress, $0.count, 0) }
        #expect(acl == 0, "setting an ACL failed: \(String(cString: strerror(errno)))")
        var before = stat()
        stat(a, &before)
        try FileIO.replaceAll([
            FileIO.Replacement(path: a, expected: Array("v = \"1\"\n".utf8), bytes: Array("v = \"2\"\n".utf8)),
            FileIO.Replacement(path: b, expected: Array("v = \"1\"\n".utf8), bytes: Array("v = \"2\"\n".utf8)),
        ])
        var after = stat()
        stat(a, &after)
        #expect(after.st_ino != before.st_ino, "the file was replaced by a rename")
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data("v = \"2\"\n".utf8))
        #expect(xattr("user.tplpatch.owner", of: a) == value)
        #expect(xattr("system.posix_acl_access", of: a) == sampleACL)
        #expect(after.st_mode & 0o7777 == before.st_mode & 0o7777)
        #expect(xattr("user.tplpatch.owner", of: b) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["a.tfvars", "b.tfvars"])
    }

    @Test func aHardLinkedFileIsRefusedUnlessLinksMayBeBroken() throws {
        let scratch = try Scratch()
        let file = try scratch.write("a.json", "1")
        let other = scratch.path + "/other-link.json"
        #expect(link(file, other) == 0)
        // The choice documented in the README: refused, nothing written...
        #expect(throws: FileIO.Failure.self) {
            try FileIO.replaceAll([FileIO.Replacement(path: file, expected: Array("1".utf8), bytes: Array("2".utf8))])
        }
        #expect(try Corpora.bytes(URL(fileURLWithPath: file)) == Array("1".utf8))
        // ...unless asked: then the other link keeps the old bytes.
        try FileIO.replaceAll(
            [FileIO.Replacement(path: file, expected: Array("1".utf8), bytes: Array("2".utf8))], breakingHardLinks: true)
        #expect(try Corpora.bytes(URL(fileURLWithPath: file)) == Array("2".utf8))
        #expect(try Corpora.bytes(URL(fileURLWithPath: other)) == Array("1".utf8))
    }

    @Test func theJournalReadsBackWhatWasWritten() throws {
        let journal = Journal(
            pid: 42,
            entries: [
                Journal.Entry(
                    displayPath: "odd\tname\nwith\\slash", target: "/t/odd", temp: "/t/.odd.tplpatch-42-0.tmp", backup: nil,
                    oldHash: Journal.hash([1]), newHash: Journal.hash([2])),
                Journal.Entry(
                    displayPath: "-", target: "/t/-", temp: "/t/.-.tplpatch-42-0.tmp", backup: "/t/.-.tplpatch-42-0.old",
                    oldHash: Journal.hash([]), newHash: Journal.hash([3])),
            ])
        #expect(Journal(text: journal.text) == journal)
        #expect(Journal(text: "tplpatch-journal 1\npid 4") == Journal(pid: 4, entries: []))
        #expect(Journal(text: "tplpatch-journal 1\npid 4\nfile\tonly") == nil)
        #expect(Journal.hash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func temporaryFileNamesAreRecognised() {
        #expect(StaleTemps.writerPID(ofName: ".main.tf.tplpatch-123-0.tmp") == 123)
        #expect(StaleTemps.writerPID(ofName: ".a.tplpatch-b.tplpatch-77-12.old") == 77)
        #expect(StaleTemps.writerPID(ofName: "main.tf.tplpatch-123-0.tmp") == nil)
        #expect(StaleTemps.writerPID(ofName: ".main.tf.tplpatch-x-0.tmp") == nil)
        #expect(StaleTemps.writerPID(ofName: ".main.tf.tplpatch-12-.tmp") == nil)
        #expect(StaleTemps.writerPID(ofName: ".tplpatch-1-1.tmp") == nil)
        #expect(StaleTemps.writerPID(ofName: ".main.tf.tmp") == nil)
    }

    @Test func theJournalGoesInTheGitFolderAtAWorkTreeTop() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/repo/.git", withIntermediateDirectories: true)
        try scratch.write("repo/deploy/main.tf", "x")
        try scratch.write("plain/main.tf", "x")
        let real = FileIO.realPath(scratch.path)!
        #expect(Journal.path(forRoot: scratch.path + "/repo") == real + "/repo/.git/tplpatch-journal")
        #expect(Journal.path(forFile: scratch.path + "/repo/deploy/main.tf") == real + "/repo/.git/tplpatch-journal")
        #expect(Journal.path(forRoot: scratch.path + "/repo/deploy") == real + "/repo/deploy/.tplpatch-journal")
        #expect(Journal.paths(near: scratch.path + "/repo/deploy").contains(real + "/repo/.git/tplpatch-journal"))
        #expect(Journal.path(forFile: scratch.path + "/plain/main.tf") == real + "/plain/.tplpatch-journal")
        // A linked work tree: `.git` is a file naming the git folder.
        try FileManager.default.createDirectory(atPath: scratch.path + "/store/worktrees/wt", withIntermediateDirectories: true)
        try scratch.write("wt/.git", "gitdir: \(real)/store/worktrees/wt\n")
        #expect(Journal.path(forRoot: scratch.path + "/wt") == real + "/store/worktrees/wt/tplpatch-journal")
    }

    /// Waits until a file's ctime is older than the racy window, so the
    /// write trusts its stamp and does not read it again.
    func waitUntilSettled(_ paths: [String]) throws {
        for _ in 0..<100 {
            if try paths.allSatisfy({ try FileIO.readStamped($0).stamp?.racy == false }) { return }
            usleep(100_000)
        }
        Issue.record("the files' ctimes stayed recent")
    }

    /// Writes `bytes` over the start of the file at `path` (the same
    /// inode; the caller keeps the size) and puts its mtime back.
    func rewriteInPlace(_ path: String, _ bytes: [UInt8]) {
        var before = stat()
        #expect(stat(path, &before) == 0)
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0)
        #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
        close(fd)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        var after = stat()
        #expect(stat(path, &after) == 0 && after.st_ino == before.st_ino && after.st_size == before.st_size)
    }

    /// A file rewritten in place after it was planned, with the same size
    /// and its mtime put back, is caught from its ctime, though the write
    /// does not read it again: nothing is written.
    @Test func aFileRewrittenAfterPlanningWithItsMtimePutBackStopsEveryWrite() throws {
        let scratch = try Scratch()
        let a = try scratch.write("a.tfvars", "chroma_version = \"1.0.0\"\n")
        let b = try scratch.write("b.tfvars", "chroma_version = \"1.0.0\"\n")
        try waitUntilSettled([a, b])
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "2.0.0")
        let rewritten = Array("chroma_version = \"1.0.1\"\n".utf8)
        rewriteInPlace(b, rewritten)
        do {
            try plan.apply()
            Issue.record("the write went ahead over a changed file")
        } catch {
            #expect(error.description.contains("b.tfvars: error: the file changed on disk"), "\(error)")
        }
        #expect(try Corpora.bytes(URL(fileURLWithPath: a)) == Array("chroma_version = \"1.0.0\"\n".utf8))
        #expect(try Corpora.bytes(URL(fileURLWithPath: b)) == rewritten)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["a.tfvars", "b.tfvars"])
    }

    /// A file planned while its ctime was recent (racy) and then rewritten
    /// within the same clock tick cannot be told from its timestamps: its
    /// bytes are compared before the write, as they always were.
    @Test func aRacyFileIsComparedByItsBytes() throws {
        let scratch = try Scratch()
        let a = try scratch.write("a.tfvars", "chroma_version = \"1.0.0\"\n")
        let b = try scratch.write("b.tfvars", "chroma_version = \"1.0.0\"\n")
        #expect(try FileIO.readStamped(b).stamp?.racy == true)
        let plan = try Planner(root: scratch.path).plan(set: "chroma_version", to: "2.0.0")
        rewriteInPlace(b, Array("chroma_version = \"1.0.1\"\n".utf8))
        do {
            try plan.apply()
            Issue.record("the write went ahead over a changed file")
        } catch {
            #expect(error.description.contains("b.tfvars: error: the file changed on disk"), "\(error)")
        }
        #expect(try Corpora.bytes(URL(fileURLWithPath: a)) == Array("chroma_version = \"1.0.0\"\n".utf8))
    }

    /// Many files (past the point where one `syncfs` replaces an `fsync`
    /// per file) are all written, and no temporary file or journal is left.
    @Test func aWriteOfManyFilesLeavesEveryFileNewAndNothingElse() throws {
        let scratch = try Scratch()
        for index in 0..<40 { try scratch.write("m\(index)/v.tfvars", "chroma_version = \"1.0.0\"\n") }
        try Planner(root: scratch.path).plan(set: "chroma_version", to: "2.0.0").apply()
        let after = try scratch.snapshot()
        #expect(after.count == 40)
        #expect(after.values.allSatisfy { $0 == Array("chroma_version = \"2.0.0\"\n".utf8) }, "\(after.keys.sorted())")
    }
}
