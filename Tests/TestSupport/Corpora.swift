import Foundation

/// Where the shared conformance corpora and the project's fixtures live.
public enum Corpora {
    /// The package root, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$TPLPATCH_CORPORA`, else `../shared/corpora` beside the package.
    public static var root: URL {
        if let override = ProcessInfo.processInfo.environment["TPLPATCH_CORPORA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
    }

    /// A folder of the corpora; throws (failing the test) when it is missing,
    /// since a conformance test that cannot find its suite must not pass.
    public static func folder(_ relative: String) throws -> URL {
        let url = root.appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MissingCorpus(path: url.path)
        }
        return url
    }

    /// Every regular file under `folder` whose name passes `include`, sorted.
    public static func files(under folder: URL, where include: (String) -> Bool) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var found: [URL] = []
        for case let url as URL in walker where include(url.lastPathComponent) {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The bytes of a file.
    public static func bytes(_ url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }

    /// The text of a file, decoded as UTF-8.
    public static func text(_ url: URL) throws -> String {
        String(decoding: try bytes(url), as: UTF8.self)
    }
}

public struct MissingCorpus: Error, CustomStringConvertible {
    public var path: String
    public init(path: String) { self.path = path }
    public var description: String {
        "conformance corpus not found at \(path): put ../shared/corpora beside the package or set TPLPATCH_CORPORA"
    }
}
