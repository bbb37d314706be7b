#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists the regular files under a root, the way discovery needs them.
enum DirectoryWalk {
    /// Folders never entered: version control, dependencies, build output.
    static let skippedDirectories: Set<String> = [".git", "node_modules", ".terraform", ".build", ".venv", "vendor"]

    /// SwiftPM's build folders (`.build`, and `.build-x` / `.build_x` for a
    /// second scratch path); not `.buildkite`, where CI settings live.
    static func isBuildFolder(_ name: String) -> Bool {
        name == ".build" || name.hasPrefix(".build-") || name.hasPrefix(".build_")
    }

    /// Files whose JSON dialect allows comments; they are not strict JSON
    /// and cannot hold a release template, so discovery leaves them alone.
    static func isCommentedJSON(_ name: String) -> Bool {
        name.hasPrefix("tsconfig") || name.hasPrefix("jsconfig") || name == ".devcontainer.json" || name == "devcontainer.json"
            || name.hasSuffix(".jsonc")
    }

    /// What a walk finds: the regular files, and the FIFOs, devices and
    /// sockets it passed over (never opened), each as a root-relative,
    /// `/`-separated path, sorted.
    struct Listing {
        var files: [String] = []
        /// Each file's size when the walk saw it (`sizes[i]` is `files[i]`'s),
        /// so discovery can read the files in batches of bounded size.
        var sizes: [Int] = []
        var special: [(path: String, kind: FileKind)] = []
    }

    /// Root-relative paths (`/`-separated) of the regular files under
    /// `root`, sorted. Symbolic links are not followed, so a link cycle
    /// cannot trap the walk and no file is reached twice.
    static func files(under root: String) throws(FileIO.Failure) -> [String] {
        try entries(under: root).files
    }

    /// The regular files under `root`, and the special files beside them.
    /// Each entry is judged by `lstat`, so a link is neither followed nor
    /// listed, and nothing is opened but directories. A folder `excluded`
    /// names (root-relative) is not entered, and a file it names is left out.
    static func entries(under root: String, excluded: (String) -> Bool = { _ in false }) throws(FileIO.Failure) -> Listing {
        var result = Listing()
        var found: [(path: String, size: Int)] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? root : root + "/" + relative
            guard let handle = opendir(directory) else {
                throw FileIO.Failure(path: directory, message: "cannot list the directory: \(FileIO.errnoText(errno))")
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                if excluded(child) { continue }
                var info = stat()
                guard lstat(root + "/" + child, &info) == 0 else { continue }
                switch FileKind(mode: info.st_mode) {
                case .directory:
                    if !skippedDirectories.contains(name) && !isBuildFolder(name) { pending.append(child) }
                case .regular:
                    found.append((child, Int(info.st_size)))
                case .fifo, .characterDevice, .blockDevice, .socket:
                    result.special.append((child, FileKind(mode: info.st_mode)))
                case .symbolicLink, .other:
                    continue
                }
            }
        }
        found.sort { $0.path < $1.path }
        result.files = found.map { $0.path }
        result.sizes = found.map { $0.size }
        result.special.sort { $0.path < $1.path }
        return result
    }
}
