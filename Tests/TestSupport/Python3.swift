import Foundation

/// The installed `python3`, run as the reference the tests compare against.
public enum Python3 {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `python3 -c script arguments...` once and returns its standard output.
    public static func run(_ script: String, _ arguments: [String] = []) throws -> String {
        try Subprocess.python(script, arguments)
    }

    /// `sysconfig.get_paths()[key]`.
    public static func path(_ key: String) throws -> String {
        try run("import sysconfig; print(sysconfig.get_paths()[\"\(key)\"])").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every `.py` file under `root`, sorted, leaving out folders named in `excluding`.
    public static func pythonFiles(under root: String, excluding: Set<String> = []) -> [String] {
        var found: [String] = []
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root) else { return [] }
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if excluding.contains(name), (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                walker.skipDescendants()
                continue
            }
            guard name.hasSuffix(".py"), (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular else { continue }
            found.append(root + "/" + relative)
        }
        return found.sorted()
    }
}

extension Python3 {
    /// What Python's `ast` says about a module's `__version__`: how many
    /// module-level assignments bind it, and the value when there is exactly
    /// one and it is a `str` constant.
    public struct ModuleVersion: Sendable, Equatable {
        public var count: Int
        public var value: String?
    }

    /// The installed site-packages folders (`purelib` and `platlib`, once each).
    public static func sitePackages() throws -> [String] {
        var seen: [String] = []
        for key in ["purelib", "platlib"] {
            let path = try path(key)
            if !seen.contains(path) { seen.append(path) }
        }
        return seen
    }

    /// One `python3` process reads every file of `files` that mentions
    /// `__version__` and reports, as JSON, the files with a module-level
    /// `__version__ = ...` (or `__version__: T = ...`).
    public static func moduleVersions(of files: [String]) throws -> [String: ModuleVersion] {
        let script = """
            import ast, json, sys, warnings
            warnings.simplefilter('ignore')
            out = {}
            for path in open(sys.argv[1], encoding='utf-8').read().splitlines():
                try:
                    data = open(path, 'rb').read()
                    if b'__version__' not in data:
                        continue
                    tree = ast.parse(data)
                except Exception:
                    continue
                values = []
                for node in tree.body:
                    if isinstance(node, ast.Assign):
                        targets = node.targets
                    elif isinstance(node, ast.AnnAssign) and node.value is not None:
                        targets = [node.target]
                    else:
                        continue
                    for target in targets:
                        if isinstance(target, ast.Name) and target.id == '__version__':
                            values.append(node.value)
                if not values:
                    continue
                value = None
                if len(values) == 1 and isinstance(values[0], ast.Constant) and type(values[0].value) is str:
                    value = values[0].value
                out[path] = {'count': len(values), 'value': value}
            json.dump(out, sys.stdout)
            """
        let list = try Scratch()
        let input = try list.write("files.txt", files.joined(separator: "\n"))
        let output = try run(script, [input])
        guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: Any]] else {
            throw Failure(description: "python3 printed something other than a JSON object")
        }
        var result: [String: ModuleVersion] = [:]
        for (path, entry) in object {
            result[path] = ModuleVersion(count: entry["count"] as? Int ?? 0, value: entry["value"] as? String)
        }
        return result
    }
}
