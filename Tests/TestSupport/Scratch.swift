import Foundation

/// A fresh temporary directory for one test, removed when the value is
/// released; fixtures are copied into it so tests never edit the originals.
public final class Scratch {
    public let url: URL
    public var path: String { url.path }

    public init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tplpatch-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        url = base
    }

    deinit { remove() }

    /// Removes the folder now (also done when the value is released).
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Copies `fixtures/<relative>` (file or folder) into the scratch folder; returns the copy's path.
    @discardableResult
    public func copyFixture(_ relative: String, as name: String? = nil) throws -> String {
        let source = Corpora.packageRoot.appendingPathComponent("fixtures").appendingPathComponent(relative)
        let target = url.appendingPathComponent(name ?? source.lastPathComponent)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: target)
        return target.path
    }

    /// Writes a file (creating folders); returns its path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    @discardableResult
    public func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        return target.path
    }

    /// Every regular file under the scratch folder: relative path -> bytes.
    public func snapshot() throws -> [String: [UInt8]] {
        try Scratch.snapshot(of: url)
    }

    public static func snapshot(of folder: URL) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let prefix = folder.standardizedFileURL.path + "/"
        for file in Corpora.files(under: folder, where: { _ in true }) {
            let path = file.standardizedFileURL.path
            result[path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path] = try Corpora.bytes(file)
        }
        return result
    }
}

/// Where the fixtures live.
public enum Fixtures {
    public static var root: URL { Corpora.packageRoot.appendingPathComponent("fixtures") }
}
