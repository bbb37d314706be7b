// The code of the DocC article "Bumping a version from Swift"
// (Sources/TemplatePatch/TemplatePatch.docc/BumpingAVersionFromSwift.md).
// Each region between an `article:begin` and an `article:end` marker line
// below is one of the article's swift code blocks, in order, byte for byte
// once the region's common indentation is removed:
// `articleCodeRunsOnTheSample` runs the regions on a copy of fixtures/chroma,
// and `articleShowsTheTestedCode` fails when the article and the regions
// differ. Change both together.
// article:begin
import TemplatePatch
import TemplateSyntax
// article:end
import Foundation
import TestSupport
import Testing

@Suite struct DocumentationArticleTests {
    static let articlePath = "Sources/TemplatePatch/TemplatePatch.docc/BumpingAVersionFromSwift.md"
    static let beginMarker = "// article:begin"
    static let endMarker = "// article:end"

    /// The files `set chroma_version 1.2.3` changes in the sample (fixtures/golden/chroma-set-1.2.3).
    static let goldenFiles: Set<String> = [
        "chromadb/__init__.py", "deployments/aws/chroma.cf.json", "deployments/azure/chroma.tfvars.tf",
        "deployments/azure/main.tf", "deployments/gcp/chroma.tfvars", "deployments/gcp/main.tf",
    ]

    /// The article's code, in the order it shows it, run on the sample with
    /// its results checked after each step.
    @Test func articleCodeRunsOnTheSample() throws {
        let scratch = try Scratch()
        let root = try scratch.copyFixture("chroma")
        let before = try Scratch.snapshot(of: URL(fileURLWithPath: root))

        // article:begin
        let planner = Planner(root: root)
        let plan = try planner.plan(set: "chroma_version", to: "1.2.3")
        let diff = plan.diff()   // the unified diff `tplpatch set --diff` prints
        try plan.apply()         // writes every changed file, or none
        // article:end

        // Six targets, all at the sample's 0.5.20, in the six golden files.
        #expect(plan.entries.count == 6)
        #expect(plan.entries.allSatisfy { $0.oldValue == "0.5.20" && $0.newValue == "1.2.3" })
        #expect(Set(plan.changedFiles.map(\.diffPath)) == Self.goldenFiles)
        // The diff: one header per changed file, and each removed line comes
        // back with only the version changed.
        let lines = diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headers = lines.filter { $0.hasPrefix("+++ b/") }.map { String($0.dropFirst("+++ b/".count)) }
        #expect(Set(headers) == Self.goldenFiles)
        #expect(headers.count == 6)
        let removed = lines.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.map { $0.dropFirst() }
        let added = lines.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.map { $0.dropFirst() }
        #expect(removed.count == 6)
        #expect(removed.map { $0.replacingOccurrences(of: "0.5.20", with: "1.2.3") } == added.map(String.init))
        #expect(diff.contains("-      \"Default\": \"0.5.20\"\n+      \"Default\": \"1.2.3\"\n"))
        // The hunk the article shows is part of it, as shown.
        let article = try Self.read(Corpora.packageRoot.appendingPathComponent(Self.articlePath))
        let shownDiff = try Self.fencedBlocks(inMarkdown: article, language: "diff")
        #expect(shownDiff.count == 1)
        #expect(shownDiff.allSatisfy { diff.contains($0) }, "the article's diff is not part of the plan's diff:\n\(diff)")
        // The files now read as the golden tree says; every other file is as it was.
        let afterSet = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        let golden = try Scratch.snapshot(of: Fixtures.root.appendingPathComponent("golden/chroma-set-1.2.3"))
        #expect(Set(golden.keys) == Self.goldenFiles)
        #expect(Set(afterSet.keys) == Set(before.keys))
        for (file, bytes) in afterSet {
            #expect(bytes == (golden[file] ?? before[file]), "\(file) differs from the golden tree")
        }

        // article:begin
        let bump = try planner.plan(bump: "chroma_version", part: .patch, scheme: .semver)
        // bump.old is "1.2.3", bump.new is "1.2.4"
        try bump.plan.apply()

        // The arithmetic alone, without files:
        let next = try VersionScheme.pep440.bump(bump.new, .prerelease)   // "1.2.5rc1"
        // article:end

        #expect(bump.old == "1.2.3")
        #expect(bump.new == "1.2.4")
        #expect(bump.part == .patch && bump.scheme == .semver)
        #expect(bump.plan.entries.count == 6)
        #expect(next == "1.2.5rc1")
        let afterBump = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        for (file, bytes) in afterBump {
            let want = try #require(afterSet[file])
            if Self.goldenFiles.contains(file) {
                #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: want, as: UTF8.self).replacingOccurrences(of: "1.2.3", with: "1.2.4"))
            } else {
                #expect(bytes == want, "\(file) changed on bump")
            }
        }

        // article:begin
        let report = try planner.check("chroma_version")
        let missed = report.occurrences.filter { $0.kind == .likelyMissedTarget }
        // report.value is "1.2.4"; report.exitCode is 0, or 3 on drift or a likely missed target
        // article:end

        #expect(report.agree)
        #expect(report.value == "1.2.4")
        #expect(missed.isEmpty)
        #expect(report.exitCode == 0)

        // article:begin
        let path = root + "/deployments/aws/chroma.cf.json"
        let (_, document) = try Planner.load(path)
        let selector = try Selector(parsing: "Parameters.ChromaVersion.Default")
        let slots = try document.select(selector)   // one slot: its byte range, value "1.2.4", kind .string
        let (edited, edits) = try document.applyingVerified(slots.map { SlotChange(slot: $0, value: "2.0.0") })
        // edited.source is the new text, proven; edits are the byte ranges replaced. Nothing is written yet.

        try Planner.plan(edit: path, at: selector, to: "2.0.0").apply()   // the same change, written
        // article:end

        let slot = try #require(slots.first)
        #expect(slots.count == 1)
        #expect(slot.value == "1.2.4" && slot.kind == .string)
        #expect(slot.selectorText == "Parameters.ChromaVersion.Default")
        #expect(edits.count == 1)
        #expect(edits.first?.range == slot.range)
        #expect(edits.first?.replacement == Array("\"2.0.0\"".utf8))
        let written = try Corpora.bytes(URL(fileURLWithPath: path))
        #expect(written == edited.source.bytes)
        let bumpedJSON = try #require(afterBump["deployments/aws/chroma.cf.json"])
        #expect(String(decoding: written, as: UTF8.self)
            == String(decoding: bumpedJSON, as: UTF8.self).replacingOccurrences(of: "\"Default\": \"1.2.4\"", with: "\"Default\": \"2.0.0\""))

        // article:begin
        let drift = try planner.check("chroma_version")   // drift.values: ["1.2.4", "2.0.0"], exitCode 3
        var refusal: PatchError?
        do {
            _ = try planner.plan(bump: "chroma_version", part: .patch)
        } catch {
            refusal = error   // exitCode 3; its targets are every target and its value, as `tplpatch get` lists them
        }
        // article:end

        #expect(!drift.agree)
        #expect(drift.values == ["1.2.4", "2.0.0"])
        #expect(drift.exitCode == 3)
        let disagreeing = try #require(refusal).targets
        #expect(refusal?.exitCode == 3)
        #expect(disagreeing.count == 6)
        #expect(disagreeing.filter { $0.oldValue == "2.0.0" }.map(\.selector) == ["Parameters.ChromaVersion.Default"])
        #expect(disagreeing.filter { $0.oldValue == "1.2.4" }.count == 5)
        // The refused bump wrote nothing.
        let afterDrift = try Scratch.snapshot(of: URL(fileURLWithPath: root))
        #expect(afterDrift["deployments/gcp/chroma.tfvars"] == afterBump["deployments/gcp/chroma.tfvars"])
        #expect(afterDrift["deployments/aws/chroma.cf.json"] == written)
    }

    /// The article's swift code blocks are the regions above, in order, byte
    /// for byte after removing each region's common indentation.
    @Test func articleShowsTheTestedCode() throws {
        let article = try Self.read(Corpora.packageRoot.appendingPathComponent(Self.articlePath))
        let blocks = try Self.swiftBlocks(inMarkdown: article)
        let regions = try Self.markedRegions(in: try Self.read(URL(fileURLWithPath: #filePath)))
        // Five steps and the imports: an article or a test that lost its code
        // must not pass by comparing nothing with nothing.
        #expect(regions.count == 6)
        #expect(blocks.count == regions.count, "the article has \(blocks.count) swift blocks, the test \(regions.count) regions")
        for (index, (block, region)) in zip(blocks, regions).enumerated() {
            #expect(!region.isEmpty)
            #expect(block.utf8.elementsEqual(region.utf8), "swift block \(index + 1) of the article differs from region \(index + 1):\n\(block)\n--- region ---\n\(region)")
        }
    }

    /// The extraction itself: indentation, blank lines and other fences.
    @Test func extractionKeepsBytesAndSkipsOtherFences() throws {
        let markdown = "Intro\n\n```swift\nlet a = 1\n\n  let b = 2\n```\n\n```sh\nmake docs\n```\n\n```swift\nx()\n```\n"
        #expect(try Self.swiftBlocks(inMarkdown: markdown) == ["let a = 1\n\n  let b = 2\n", "x()\n"])
        let source = "a\n    // article:begin\n    let a = 1\n\n      let b = 2\n    // article:end\nb\n// article:begin\nx()\n// article:end\n"
        #expect(try Self.markedRegions(in: source) == ["let a = 1\n\n  let b = 2\n", "x()\n"])
        #expect(throws: ExtractionError.self) { try Self.markedRegions(in: "// article:begin\nx()\n") }
        #expect(throws: ExtractionError.self) { try Self.markedRegions(in: "// article:end\n") }
        #expect(throws: ExtractionError.self) { try Self.swiftBlocks(inMarkdown: "```swift\nx()\n") }
    }

    struct ExtractionError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ url: URL) throws -> String {
        let bytes = try Corpora.bytes(url)
        return try #require(String(validating: bytes, as: UTF8.self), "\(url.path) is not UTF-8")
    }

    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The contents of every ```swift fenced block, each line ending in "\n".
    static func swiftBlocks(inMarkdown text: String) throws(ExtractionError) -> [String] {
        try fencedBlocks(inMarkdown: text, language: "swift")
    }

    /// The contents of every fenced block of `language`, each line ending in "\n".
    static func fencedBlocks(inMarkdown text: String, language: String) throws(ExtractionError) -> [String] {
        var blocks: [String] = []
        var open: (wanted: Bool, lines: [Substring])? = nil
        for line in lines(text) {
            if var current = open {
                if line == "```" {
                    if current.wanted { blocks.append(current.lines.map { $0 + "\n" }.joined()) }
                    open = nil
                } else {
                    current.lines.append(line)
                    open = current
                }
            } else if line.hasPrefix("```") {
                open = (line == "```" + language, [])
            }
        }
        if open != nil { throw ExtractionError(description: "a code block is not closed") }
        return blocks
    }

    /// The lines between each begin and end marker line, with their common
    /// indentation removed (blank lines do not count), each ending in "\n".
    static func markedRegions(in text: String) throws(ExtractionError) -> [String] {
        var regions: [String] = []
        var open: [Substring]? = nil
        for (number, line) in lines(text).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed == beginMarker {
                if open != nil { throw ExtractionError(description: "line \(number + 1): a region begins inside another") }
                open = []
            } else if trimmed == endMarker {
                guard let body = open else { throw ExtractionError(description: "line \(number + 1): a region ends that did not begin") }
                let indent = body.filter { !$0.allSatisfy { $0 == " " } }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
                regions.append(body.map { ($0.allSatisfy { $0 == " " } ? "" : $0.dropFirst(indent)) + "\n" }.joined())
                open = nil
            } else if open != nil {
                open?.append(line)
            }
        }
        if open != nil { throw ExtractionError(description: "a region is not closed") }
        return regions
    }
}
