import Foundation

// The results as Markdown (the README's table): every figure, then each of
// issue 9's targets as a ratio of two figures of this run, met or not met.
struct Report {
    let runner: BenchRunner
    let options: BenchOptions
    let tplpatch: String

    struct Target {
        var goal: String
        var measured: String
        var verdict: String
    }

    private func figure(_ key: String) -> Measurement? { runner.measurements[key] }

    /// Text made safe for one Markdown table cell.
    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// `numerator` ÷ `denominator` of two figures' seconds, against a bound.
    private func speedRatio(_ goal: String, _ numerator: String, _ denominator: String, atLeast bound: Double? = nil,
                            atMost ceiling: Double? = nil, using seconds: (Measurement) -> Double? = { $0.seconds }) -> Target {
        guard let a = figure(numerator).flatMap(seconds), let b = figure(denominator).flatMap(seconds), b > 0 else {
            return Target(goal: goal, measured: "not measured (\(absentName(numerator, denominator)))", verdict: "not measured")
        }
        let ratio = a / b
        let text = String(format: "%.2f× (%@ %.3f s ÷ %@ %.3f s)", ratio, numerator, a, denominator, b)
        guard bound != nil || ceiling != nil else { return Target(goal: goal, measured: text, verdict: "no target") }
        let met = bound.map { ratio >= $0 } ?? ceiling.map { ratio <= $0 } ?? false
        return Target(goal: goal, measured: text, verdict: met ? "met" : "not met")
    }

    private func absentName(_ keys: String...) -> String {
        let absent = keys.filter { figure($0) == nil }
        return absent.isEmpty ? "zero time" : "no figure for " + absent.joined(separator: ", ")
    }

    private func memory(_ goal: String, keys: [String], atMost bound: Double) -> Target {
        let found = keys.compactMap { key in figure(key).map { (key, $0) } }
        guard let worst = found.max(by: { $0.1.rssRatio < $1.1.rssRatio }) else {
            return Target(goal: goal, measured: "not measured", verdict: "not measured")
        }
        return Target(goal: goal, measured: String(format: "%.1f× (worst: %@)", worst.1.rssRatio, worst.1.input),
                      verdict: worst.1.rssRatio <= bound ? "met" : "not met")
    }

    private func linearity(_ format: Format) -> Target {
        let goal = "\(format.name) time per MB at \(options.scales.map { "\($0)×" }.joined(separator: ", ")) within 1.5× of each other"
        let perMB = options.scales.compactMap { figure("\(format.key)-\($0)x-parse").map { $0.seconds / $0.megabytes } }
        guard perMB.count == options.scales.count, let low = perMB.min(), let high = perMB.max(), low > 0 else {
            return Target(goal: goal, measured: "not measured", verdict: "not measured")
        }
        let text = perMB.map { String(format: "%.3f", $0) }.joined(separator: " / ") + String(format: " s/MB (%.2f×)", high / low)
        return Target(goal: goal, measured: text, verdict: high / low <= 1.5 ? "met" : "not met")
    }

    var targets: [Target] {
        var list = [
            speedRatio("JSON parse --print ≥ 10× python3 json.loads (whole process)", "json-loads", "json-cf-parse", atLeast: 10),
            speedRatio("JSON parse --print within 10× of wc -l", "json-cf-parse", "wc", atMost: 10),
            speedRatio("JSON parse --print vs jq . (for information)", "jq", "json-cf-parse"),
            speedRatio("HCL parse --print ≥ 100× hclwrite parse+print (whole process)", "hclwrite", "hcl-1x-parse", atLeast: 100),
            speedRatio("HCL parse --print ≥ 100× hclwrite parse+print (hclwrite's in-process seconds)", "hclwrite", "hcl-1x-parse",
                       atLeast: 100, using: { $0.inProcessSeconds ?? $0.seconds }),
            speedRatio("Python parse --print ≥ 100× CPython ast.parse (whole process)", "ast-parse", "python-1x-parse", atLeast: 100),
            speedRatio("YAML parse --print ≥ 0.7× raw libyaml events", "libyaml", "yaml-1x-parse", atLeast: 0.7),
            speedRatio("JSON edit ≥ 0.5× parse --print (CloudFormation)", "json-cf-parse", "json-cf-edit", atLeast: 0.5),
        ]
        for format in Format.all {
            list.append(speedRatio("\(format.name) edit ≥ 0.5× parse --print (1×)", "\(format.key)-1x-parse", "\(format.key)-1x-edit", atLeast: 0.5))
        }
        for format in Format.all {
            let parses = options.scales.map { "\(format.key)-\($0)x-parse" } + (format.key == "json" ? ["json-cf-parse"] : [])
            list.append(memory("\(format.name) parse --print peak RSS ≤ 3× the file", keys: parses, atMost: 3))
        }
        for format in Format.all {
            let edits = ["\(format.key)-1x-edit"] + (format.key == "json" ? ["json-cf-edit"] : [])
            list.append(memory("\(format.name) edit peak RSS ≤ 4× the file", keys: edits, atMost: 4))
        }
        list += Format.all.map(linearity)
        list.append(speedRatio("set over the tree no slower than sed -i (set ÷ sed time)", "set", "sed", atMost: 1))
        list.append(speedRatio("set over the tree ≥ 4× faster than bump-my-version", "bump", "set", atLeast: 4))
        return list
    }

    func markdown() -> String {
        var lines: [String] = []
        let revision = options.revision.map { ", tplpatch \($0)" } ?? ""
        lines.append("Measured \(Machine.date) on \(Machine.summary)\(revision); whole processes, best of \(options.runs) run\(options.runs == 1 ? "" : "s")"
                     + (options.smoke ? ", SMOKE sizes (not figures to quote)" : "") + ".")
        lines.append(ChildProcess.stopwatch == nil
            ? "MB is 10⁶ bytes; peak RSS is `ru_maxrss` from `wait4`, OVERSTATED: Benchmarks/measure was not built (no C compiler), so it includes the bench's own resident set."
            : "MB is 10⁶ bytes; peak RSS is the child's `ru_maxrss` from `wait4` (forked by Benchmarks/measure).")
        lines.append("")
        lines.append("| work | input | MB | best s | MB/s | peak RSS MB | RSS ÷ input |")
        lines.append("|---|---|---:|---:|---:|---:|---:|")
        for key in runner.order {
            guard let m = figure(key) else { continue }
            var work = m.work
            if let inside = m.inProcessSeconds { work += String(format: " (in process: %.3f s, %.2f MB/s)", inside, m.megabytes / inside) }
            lines.append(String(format: "| %@ | %@ | %.1f | %.3f | %.1f | %.1f | %.1f× |", cell(work), cell(m.input), m.megabytes, m.seconds,
                                m.megabytesPerSecond, Double(m.peakRSSKB) / 1024, m.rssRatio))
        }
        lines.append("")
        if !runner.missing.isEmpty {
            lines.append("Not measured:")
            for row in runner.missing { lines.append("- \(row.work) on \(row.input): \(cell(row.why))") }
            lines.append("")
        }
        lines.append("| target | this run | |")
        lines.append("|---|---|---|")
        for target in targets {
            lines.append("| \(target.goal) | \(target.measured) | \(target.verdict) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
