import Foundation

// One run of the bench: generate and check the inputs, find the peers, time
// every work, print the report. Returns the exit status: 1 when tplpatch
// failed or an input was invalid, whatever the speed figures say.
func runBench(_ options: BenchOptions) throws -> Int32 {
    let manager = FileManager.default
    let inputs = "\(options.scratch)/inputs", work = "\(options.scratch)/work", logs = "\(options.scratch)/logs"
    let peersDirectory = "\(options.scratch)/peers"
    // Inputs are written anew each run (they are deterministic); the peers' build
    // cache is kept.
    for folder in [inputs, work, logs] { try? manager.removeItem(atPath: folder) }
    for folder in [inputs, work, logs, peersDirectory] { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    let runner = BenchRunner(options: options, logs: logs)

    guard let tplpatch = ChildProcess.find(options.tplpatch) else {
        runner.progress("FAILED: no tplpatch binary at \(options.tplpatch) (build it, or pass --tplpatch PATH)")
        return 1
    }
    let sizeLimit = ["--max-file-size", "4G"]

    runner.progress("building the stopwatch and the peers, finding the others")
    ChildProcess.stopwatch = Peers.buildStopwatch(sources: options.sources, scratch: peersDirectory, logs: logs)
    if ChildProcess.stopwatch == nil {
        runner.progress("no C compiler built Benchmarks/measure: peak RSS figures include the bench's own resident set")
    }
    let peers = Peers.discover(sources: options.sources, scratch: peersDirectory, logs: logs)

    /// Writes a generated input and checks it is valid before anything is timed:
    /// tplpatch parses it and prints it back byte for byte, and (when
    /// `peerCheck`) the format's peer accepts it. Returns false (and fails the
    /// bench) otherwise. The 4x and 16x inputs are the 1x generator run
    /// longer (more of the same units), so the peer checks the 1x one only:
    /// ast.parse alone would need some 15 GB for a 96 MB module.
    func writeAndValidate(_ bytes: [UInt8], to path: String, format: Format, peerCheck: Bool) throws -> Bool {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let printed = "\(work)/printed.\(format.fileExtension)"
        guard runner.mustSucceed("tplpatch parse --print \(path)", [tplpatch, "parse", "--print", path] + sizeLimit, stdoutPath: printed) else {
            return false
        }
        let roundTrip = manager.contentsEqual(atPath: printed, andPath: path)
        try? manager.removeItem(atPath: printed)
        guard roundTrip else {
            runner.fail("tplpatch parse --print \(path) did not print the file back byte for byte")
            return false
        }
        if !peerCheck {
            return true
        } else if let validator = format.validator(peers) {
            guard runner.mustSucceed("generated \(format.name) is invalid for its peer (\(validator.last ?? ""))", validator + [path]) else {
                return false
            }
        } else {
            runner.progress("\(path): no peer installed to check it beyond tplpatch's parse")
        }
        return true
    }

    /// Checks that the edit target exists (query reads the generated value).
    func targetExists(_ path: String, _ format: Format, value: String) -> Bool {
        let out = "\(work)/query.out"
        guard runner.mustSucceed("tplpatch query \(path) \(format.selector)", [tplpatch, "query", path, format.selector] + sizeLimit, stdoutPath: out) else {
            return false
        }
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard text == "\(value)\n" else {
            runner.fail("tplpatch query \(path) \(format.selector) printed \(text.debugDescription), expected \(value)")
            return false
        }
        return true
    }

    /// Times `tplpatch edit` on a fresh copy of `path` per run (the copy is not
    /// timed), then checks the copy reads back the new value and that only the
    /// value's bytes changed.
    func measureEdit(key: String, input label: String, path: String, format: Format, bytes: Int) {
        let copy = "\(work)/edit.\(format.fileExtension)"
        let newValue = "9.9.9"
        runner.measure(
            key: key, work: "\(format.name) tplpatch edit", input: label, bytes: bytes,
            command: [tplpatch, "edit", copy, format.selector, newValue] + sizeLimit, essential: true,
            prepare: {
                try? manager.removeItem(atPath: copy)
                try manager.copyItem(atPath: path, toPath: copy)
            },
            check: { _, _ in
                guard let before = manager.contents(atPath: path), let after = manager.contents(atPath: copy) else {
                    return "cannot read the edited copy"
                }
                let changed = zip(before, after).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
                guard before.count == after.count, changed > 0, changed <= newValue.utf8.count else {
                    return "the edit changed \(changed) bytes (and \(after.count - before.count) in length), expected only the value's"
                }
                return nil
            })
        if runner.measurements[key] != nil { _ = targetExists(copy, format, value: newValue) }
    }

    // The 58 MB CloudFormation JSON, with the floor and the JSON peers.
    let json = Format.all[0]
    let cfPath = "\(inputs)/cloudformation.json"
    let cfLabel = String(format: "CloudFormation %.1f MB", Double(options.cloudFormationBytes) / 1e6)
    runner.progress("generating \(cfPath)")
    let cfBytes = JSONGenerator.template(bytes: options.cloudFormationBytes, seed: 58)
    if try writeAndValidate(cfBytes, to: cfPath, format: json, peerCheck: true), targetExists(cfPath, json, value: "1.0.0") {
        let size = cfBytes.count
        runner.measure(key: "cat", work: "cat FILE > /dev/null", input: cfLabel, bytes: size, command: ["cat", cfPath], essential: false)
        runner.measure(key: "wc", work: "wc -l FILE", input: cfLabel, bytes: size, command: ["wc", "-l", cfPath], essential: false)
        runner.measure(key: "json-cf-parse", work: "JSON tplpatch parse --print", input: cfLabel, bytes: size,
                       command: [tplpatch, "parse", "--print", cfPath] + sizeLimit, essential: true)
        measureEdit(key: "json-cf-edit", input: cfLabel, path: cfPath, format: json, bytes: size)
        if let python = peers.python3.command {
            runner.measure(key: "json-loads", work: "python3 json.loads (whole process)", input: cfLabel, bytes: size,
                           command: python + ["-c", Format.pythonJSONLoads, cfPath], essential: false)
        } else {
            runner.missingPeer(work: "python3 json.loads", input: cfLabel, why: peers.python3.missing)
        }
        if let jq = peers.jq.command {
            runner.measure(key: "jq", work: "jq . FILE > /dev/null", input: cfLabel, bytes: size, command: jq + [".", cfPath], essential: false)
            runner.measure(key: "jq-empty", work: "jq empty FILE", input: cfLabel, bytes: size, command: jq + ["empty", cfPath], essential: false)
        } else {
            runner.missingPeer(work: "jq", input: cfLabel, why: peers.jq.missing)
        }
    }

    // Each format at 1x, 4x and 16x of the base: parse --print at every size
    // (linearity), edit and the format's peer at 1x.
    for format in Format.all {
        for scale in options.scales {
            let path = "\(inputs)/\(format.key)-\(scale)x.\(format.fileExtension)"
            runner.progress("generating \(path)")
            let bytes = format.generate(options.baseBytes * scale, UInt64(scale))
            let label = String(format: "%@ %dx (%.1f MB)", format.name, scale, Double(bytes.count) / 1e6)
            guard try writeAndValidate(bytes, to: path, format: format, peerCheck: scale == options.scales[0]) else { continue }
            runner.measure(key: "\(format.key)-\(scale)x-parse", work: "\(format.name) tplpatch parse --print", input: label,
                           bytes: bytes.count, command: [tplpatch, "parse", "--print", path] + sizeLimit, essential: true)
            guard scale == options.scales[0] else { continue }
            if targetExists(path, format, value: "1.0.0") {
                measureEdit(key: "\(format.key)-1x-edit", input: label, path: path, format: format, bytes: bytes.count)
            }
            switch format.key {
            case "hcl":
                if let hcl = peers.hclpeer.command {
                    runner.measure(key: "hclwrite", work: "hclwrite parse+print (Go)", input: label, bytes: bytes.count,
                                   command: hcl + ["write", path], essential: false, captureStdout: true)
                    runner.measure(key: "hclsyntax", work: "hclsyntax.ParseConfig (Go)", input: label, bytes: bytes.count,
                                   command: hcl + ["syntax", path], essential: false, captureStdout: true)
                } else {
                    runner.missingPeer(work: "hclwrite / hclsyntax (Go)", input: label, why: peers.hclpeer.missing)
                }
            case "python":
                if let python = peers.python3.command {
                    runner.measure(key: "ast-parse", work: "CPython ast.parse (whole process)", input: label, bytes: bytes.count,
                                   command: python + ["-c", Format.pythonASTParse, path], essential: false)
                } else {
                    runner.missingPeer(work: "CPython ast.parse", input: label, why: peers.python3.missing)
                }
            case "yaml":
                if let yaml = peers.yamlpeer.command {
                    runner.measure(key: "libyaml", work: "libyaml events (C)", input: label, bytes: bytes.count,
                                   command: yaml + [path], essential: false)
                } else {
                    runner.missingPeer(work: "libyaml events (C)", input: label, why: peers.yamlpeer.missing)
                }
            default:
                break
            }
        }
    }

    // The tree: `tplpatch set` against sed -i and bump-my-version, each on a
    // fresh copy (copied before the clock starts).
    let tree = "\(inputs)/tree", treeCopy = "\(work)/tree"
    runner.progress("generating a tree of \(options.treeFiles) modules at \(tree)")
    let treeFiles = try TreeGenerator.write(files: options.treeFiles, into: tree, seed: 10_000)
    let treeBytes = treeFiles.reduce(0) { $0 + ((try? manager.attributesOfItem(atPath: "\(tree)/\($1)")[.size] as? Int) ?? 0) }
    let treeLabel = "\(options.treeFiles) modules, \(treeFiles.count) files"
    func freshTreeCopy() throws {
        _ = try ChildProcess.run(["rm", "-rf", treeCopy], stderrPath: "\(logs)/rm.err")
        let copied = try ChildProcess.run(["cp", "-a", tree, treeCopy], stderrPath: "\(logs)/cp.err")
        guard copied.succeeded else { throw ChildProcessError.spawnFailed("cp -a: \(copied.failureSummary)", 0) }
    }
    func treeCheck(_: ChildResult, _: String) -> String? {
        let updated = TreeGenerator.countUpdated(treeFiles, under: treeCopy)
        return updated == treeFiles.count ? nil : "\(updated) of \(treeFiles.count) files hold the new value"
    }
    runner.measure(key: "set", work: "tplpatch set (tree)", input: treeLabel, bytes: treeBytes,
                   command: [tplpatch, "set", "chroma_version", TreeGenerator.newValue, "--root", treeCopy], essential: true,
                   prepare: freshTreeCopy, check: treeCheck)
    if peers.sedTools.command != nil {
        let script = """
            find "$1" \\( -name '*.tf' -o -name '*.tfvars' \\) -print0 | xargs -0 sed -i \
            -e 's/default = "\(TreeGenerator.oldValue)"/default = "\(TreeGenerator.newValue)"/' \
            -e 's/^chroma_version = "\(TreeGenerator.oldValue)"/chroma_version = "\(TreeGenerator.newValue)"/'
            """
        runner.measure(key: "sed", work: "find | xargs sed -i (tree)", input: treeLabel, bytes: treeBytes,
                       command: ["sh", "-c", script, "sh", treeCopy], essential: false, prepare: freshTreeCopy, check: treeCheck)
    } else {
        runner.missingPeer(work: "sed -i (tree)", input: treeLabel, why: peers.sedTools.missing)
    }
    if let bump = peers.bumpMyVersion.command {
        runner.measure(key: "bump", work: "bump-my-version replace (tree)", input: treeLabel, bytes: treeBytes,
                       command: bump + ["replace", "--new-version", TreeGenerator.newValue], essential: false, directory: treeCopy,
                       prepare: {
                           try freshTreeCopy()
                           try Data(TreeGenerator.bumpConfiguration.utf8).write(to: URL(fileURLWithPath: "\(treeCopy)/.bumpversion.toml"))
                       },
                       check: treeCheck)
    } else {
        runner.missingPeer(work: "bump-my-version (tree)", input: treeLabel, why: peers.bumpMyVersion.missing)
    }
    _ = try? ChildProcess.run(["rm", "-rf", treeCopy], stderrPath: "\(logs)/rm.err")

    let report = Report(runner: runner, options: options, tplpatch: tplpatch)
    let markdown = report.markdown()
    print(markdown)
    if let file = options.markdown {
        try Data(markdown.utf8).write(to: URL(fileURLWithPath: file))
        runner.progress("wrote \(file)")
    }
    if !runner.failures.isEmpty {
        runner.progress("\(runner.failures.count) failure(s):\n  " + runner.failures.joined(separator: "\n  "))
        return 1
    }
    return 0
}
