import ArgumentParser
import TemplatePatch

/// The end every writing command shares (`set`, `apply`, `bump`): with a
/// plan in hand, write it down (`--plan-out`), or take the git steps around
/// the write (`--branch`, `--commit`) and write it, then report.
struct WriteFlow {
    var command: String
    var name: String
    var value: String
    var dryRun: Bool
    var diff: Bool
    var json: Bool
    var planOut: String? = nil
    var git = GitSteps()
    /// `--break-hard-links`: write a target with other hard links (else the
    /// write refuses it, and a run that writes nothing warns of it).
    var breakingHardLinks = false
    /// `bump` only: what the value was bumped from.
    var bump: BumpReport? = nil
    /// Whether the diff is coloured (`--color`; never in `--json`).
    var color = false
    /// `--quiet`: print nothing but errors.
    var quiet = false

    /// Whether the command writes the tree (and so takes its lock).
    var writes: Bool { !dryRun && planOut == nil }

    func finish(_ plan: Plan) throws {
        if !quiet {
            Output.diagnostics(plan.warnings)
            if !writes, !breakingHardLinks { Output.diagnostics(plan.hardLinkWarnings()) }
        }
        let changed = plan.entries.filter(\.changes)
        if let planOut {
            do {
                let document = try PlanDocument(plan, name: name, value: value)
                if !dryRun { try writePlan(document, to: planOut) }
            } catch {
                throw Output.fail(error, json: json)
            }
        }
        var outcome = PreparedGitSteps.Outcome()
        var prepared: PreparedGitSteps?
        do {
            if planOut == nil {
                let steps = try git.prepare(for: plan, name: name, value: value)
                prepared = steps
                if !dryRun { outcome = try steps.run(writing: plan, breakingHardLinks: breakingHardLinks) }
            }
        } catch {
            throw Output.fail(error, json: json)
        }
        if json {
            Output.json(SetReport(
                command: command, name: name, value: value, bump: bump, dryRun: dryRun,
                written: writes ? plan.changedFiles.map(\.path) : [],
                targets: plan.entries.map(TargetReport.init),
                warnings: plan.warnings.map(\.description),
                diff: (diff || dryRun) ? plan.diff() : nil,
                planOut: dryRun ? nil : planOut, branch: outcome.branch, commit: outcome.commit))
            return
        }
        if quiet { return }
        // One write for all the lines (a write per line is 20,000 system calls on a big tree).
        if !plan.entries.isEmpty { Output.raw(plan.entries.map { Output.describe($0) + "\n" }.joined()) }
        if diff || dryRun { Output.bytes(color ? DiffColor.colored(plan) : plan.diffBytes()) }
        if let bump {
            Output.error("\(name): \(bump.from) -> \(value) (\(bump.part), \(bump.scheme))")
        }
        let files = plan.changedFiles.count
        let summary = "\(changed.count) of \(plan.entries.count) target(s) \(writes ? "changed" : "would change") in \(files) file(s)"
        if let planOut, !dryRun {
            Output.error("plan written to \(planOut): \(summary); nothing else written (apply it with `tplpatch apply \(planOut)`)")
            return
        }
        Output.error(writes ? summary : "dry run: \(summary); nothing written")
        guard !git.isEmpty else { return }
        if files == 0 {
            Output.error("nothing changed: no branch created, no commit made")
            return
        }
        if dryRun, let prepared {
            if let branch = prepared.branch { Output.error("would create and switch to the branch '\(branch)'") }
            if let message = prepared.message { Output.error("would commit \(files) file(s): \(message)") }
            return
        }
        if let branch = outcome.branch { Output.error("created and switched to the branch '\(branch)'") }
        if let commit = outcome.commit, let message = prepared?.message {
            Output.error("committed \(files) file(s) as \(commit.prefix(12)): \(message)")
        }
    }

    /// Writes the plan file whole or not at all (a temporary file renamed
    /// into place), replacing an older one.
    private func writePlan(_ document: PlanDocument, to path: String) throws(PatchError) {
        let bytes = try document.encoded()
        do {
            try FileIO.create(path, bytes: bytes, replacing: true, breakingHardLinks: breakingHardLinks)
        } catch {
            throw PatchError([error.diagnostic])
        }
    }
}

struct SetReport: Encodable {
    var schema = 1
    var command = "set"
    var name: String
    var value: String
    /// `bump` only: what the value was bumped from.
    var bump: BumpReport? = nil
    var dryRun: Bool
    var written: [String]
    var targets: [TargetReport]
    var warnings: [String]
    var diff: String?
    /// The plan file written (`--plan-out`).
    var planOut: String? = nil
    /// The branch created (`--branch`).
    var branch: String? = nil
    /// The commit made (`--commit`).
    var commit: String? = nil
}
