import Foundation
import Synchronization
import TemplatePatch
import TestSupport
import Testing

/// `Planner.progress`: what a command line's progress line is told.
@Suite struct ScanProgressTests {
    /// 1,200 files (three batches of discovery's 512), every 100th holding a target.
    func tree() throws -> Scratch {
        let scratch = try Scratch()
        for index in 0..<1200 {
            let text = index % 100 == 0 ? "chroma_version = \"1.2.3\"\n" : "other_version = \"0.0.\(index)\"\n"
            try scratch.write("env/\(index / 100)/f\(index).tfvars", text)
        }
        return scratch
    }

    @Test func discoveryReportsEachBatchAndTheWholeScanLast() throws {
        let scratch = try tree()
        let reports = Mutex<[ScanProgress]>([])
        var planner = Planner(root: scratch.path)
        planner.progress = { progress in reports.withLock { $0.append(progress) } }
        let plan = try planner.plan(set: "chroma_version", to: "1.2.4")
        #expect(plan.entries.count == 12)
        let seen = reports.withLock { $0 }
        #expect(seen.map(\.scanned) == [512, 1024, 1200])
        #expect(seen.allSatisfy { $0.total == 1200 })
        #expect(seen.map(\.targets) == seen.map(\.targets).sorted(), "targets only grow")
        #expect(seen.last?.targets == 12)
    }

    @Test func withoutACallbackNothingChanges() throws {
        let scratch = try tree()
        let told = try Planner(root: scratch.path).plan(set: "chroma_version", to: "1.2.4")
        var planner = Planner(root: scratch.path)
        planner.progress = { _ in }
        #expect(try planner.plan(set: "chroma_version", to: "1.2.4").diff() == told.diff())
    }
}
