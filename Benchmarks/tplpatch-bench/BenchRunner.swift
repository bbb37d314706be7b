import Foundation

// Runs each work N times as a whole process and keeps the figures. tplpatch
// failing (or a generated input that is invalid) is a failure of the bench;
// a peer failing is only reported.
final class BenchRunner {
    let options: BenchOptions
    let logs: String
    var measurements: [String: Measurement] = [:]
    var order: [String] = []
    var missing: [MissingRow] = []
    var failures: [String] = []

    init(options: BenchOptions, logs: String) {
        self.options = options
        self.logs = logs
    }

    func progress(_ line: String) {
        FileHandle.standardError.write(Data("tplpatch-bench: \(line)\n".utf8))
    }

    func fail(_ message: String) {
        failures.append(message)
        progress("FAILED: \(message)")
    }

    /// Measures `command` over `runs` runs. `prepare` runs before each run,
    /// untimed (a fresh copy for an edit); `check` looks at the result after
    /// each run and returns a problem, if any. An essential work's failure
    /// fails the bench; a peer's is a row saying so.
    @discardableResult
    func measure(
        key: String, work: String, input: String, bytes: Int, command: [String], essential: Bool,
        directory: String? = nil, captureStdout: Bool = false,
        prepare: () throws -> Void = {}, check: (ChildResult, String) -> String? = { _, _ in nil }
    ) -> Measurement? {
        var best: Measurement?
        let stdoutPath = captureStdout ? "\(logs)/\(key).out" : "/dev/null"
        for run in 1...options.runs {
            let problem: String?
            var result: ChildResult?
            do {
                try prepare()
                let child = try ChildProcess.run(
                    command, stdoutPath: stdoutPath, stderrPath: "\(logs)/\(key).err", directory: directory)
                result = child
                problem = child.succeeded ? check(child, stdoutPath) : child.failureSummary
            } catch {
                problem = "\(error)"
            }
            if let problem {
                let message = "\(work) on \(input) (run \(run)): \(problem)"
                if essential { fail(message) } else { progress("peer failed: \(message)") }
                missing.append(MissingRow(work: work, input: input, why: essential ? "FAILED: \(problem)" : "failed: \(problem)"))
                return nil
            }
            guard let result else { return nil }
            var figure = Measurement(
                work: work, input: input, bytes: bytes, seconds: result.seconds, peakRSSKB: result.peakRSSKB)
            if captureStdout, let text = try? String(contentsOfFile: stdoutPath, encoding: .utf8) {
                figure.inProcessSeconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if let previous = best {
                figure.seconds = min(previous.seconds, figure.seconds)
                figure.peakRSSKB = max(previous.peakRSSKB, figure.peakRSSKB)
                if let a = previous.inProcessSeconds, let b = figure.inProcessSeconds { figure.inProcessSeconds = min(a, b) }
            }
            best = figure
        }
        if let best {
            measurements[key] = best
            order.append(key)
            progress(String(format: "%@ on %@: %.3f s, %.1f MB/s, peak RSS %.1f MB (%.1fx the input)",
                            work, input, best.seconds, best.megabytesPerSecond, Double(best.peakRSSKB) / 1024, best.rssRatio))
        }
        return best
    }

    /// A peer that is not installed: a row saying how to get it.
    func missingPeer(work: String, input: String, why: String) {
        missing.append(MissingRow(work: work, input: input, why: why))
        progress("\(work): \(why)")
    }

    /// Runs a check once, untimed: a failure fails the bench.
    @discardableResult
    func mustSucceed(_ what: String, _ command: [String], stdoutPath: String = "/dev/null", directory: String? = nil) -> Bool {
        let name = "check-\(failures.count)-\(abs(what.hashValue) % 1_000_000)"
        do {
            let result = try ChildProcess.run(command, stdoutPath: stdoutPath, stderrPath: "\(logs)/\(name).err", directory: directory)
            if result.succeeded { return true }
            fail("\(what): \(result.failureSummary)")
        } catch {
            fail("\(what): \(error)")
        }
        return false
    }
}
