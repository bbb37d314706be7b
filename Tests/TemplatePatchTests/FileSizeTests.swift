import Foundation
import TemplatePatch
import TestSupport
import Testing

@Suite struct FileSizeTests {
    @Test func sizesAreBytesOrBinaryUnits() {
        #expect(FileSize.parse("1048576") == 1_048_576)
        #expect(FileSize.parse("100M") == 100 << 20)
        #expect(FileSize.parse("100m") == 100 << 20)
        #expect(FileSize.parse("1G") == 1 << 30)
        #expect(FileSize.parse("512K") == 512 << 10)
        #expect(FileSize.parse("512KiB") == 512 << 10)
        #expect(FileSize.parse("64MB") == 64 << 20)
        #expect(FileSize.parse("2T") == 2 << 40)
        #expect(FileSize.parse("10B") == 10)
    }

    @Test(arguments: ["", "M", "abc", "0", "0M", "-1", "+5", "1.5G", "10X", "1 G", "1Gi", "iB", "99999999999T", "1KK"])
    func anythingElseIsRefused(_ text: String) {
        #expect(FileSize.parse(text) == nil, "\(text)")
    }

    @Test func sizesAreShownAsAPersonReadsThem() {
        #expect(FileSize.describe(64 << 20) == "64 MiB")
        #expect(FileSize.describe(314_572_800) == "300 MiB")
        #expect(FileSize.describe(315_097_088) == "300.5 MiB (315097088 bytes)")
        #expect(FileSize.describe(1023) == "1023 bytes")
        #expect(FileSize.describe(2047) == "1.9 KiB (2047 bytes)")
        #expect(FileSize.describe(1) == "1 byte")
        #expect(FileSize.describe(Int.max).hasSuffix("(\(Int.max) bytes)"))
    }

    @Test func theDefaultIs64MiB() {
        #expect(FileSize.defaultLimit == 67_108_864)
        #expect(Planner().maxFileSize == FileSize.defaultLimit)
    }

    @Test func aFileOverTheLimitIsRefusedByItsSizeAndOneAtTheLimitIsRead() throws {
        let scratch = try Scratch()
        let path = try scratch.write("t.json", bytes: Array(repeating: UInt8(ascii: " "), count: 2047) + [UInt8(ascii: "0")])
        #expect(try FileIO.read(path, limit: 2048).count == 2048)
        #expect { try FileIO.read(path, limit: 2047) } throws: { error in
            let failure = error as? FileIO.Failure
            return failure?.reason == .tooLarge(size: 2048, limit: 2047)
                && failure?.message.hasPrefix("is 2 KiB, larger than the 1.9 KiB (2047 bytes) limit") == true
        }
    }

    /// A file in /proc says its size is 0 and then has more: the read goes
    /// on past the size fstat gave, but only up to the limit.
    @Test func aFileLongerThanItsSizeIsReadOnlyUpToTheLimit() throws {
        let maps = try FileIO.read("/proc/self/maps", limit: 1 << 24)
        #expect(maps.count > 100)
        #expect { try FileIO.read("/proc/self/maps", limit: 100) } throws: { error in
            (error as? FileIO.Failure)?.message.hasPrefix("grew past the 100 bytes limit") == true
        }
    }

    @Test func discoveryWeighsAFileOverTheLimitLikeOneThatDoesNotParse() throws {
        let scratch = try Scratch()
        try scratch.write("deployments/gcp/chroma.tfvars", "chroma_version = \"0.5.20\"\n")
        let padding = String(repeating: "x", count: 4096)
        try scratch.write("data/big.json", "{\"data\": \"\(padding)\"}\n")
        let planner = Planner(root: scratch.path, maxFileSize: 2048)
        let plan = try planner.locate("chroma_version")
        #expect(plan.entries.count == 1)
        #expect(plan.warnings.map(\.description) == [
            "\(scratch.path)/data/big.json: error: skipped: is 4.0 KiB (4109 bytes), larger than the 2 KiB limit on the size of a file tplpatch reads; raise it with --max-file-size or TPLPATCH_MAX_FILE_SIZE"
                .replacingOccurrences(of: ": error: ", with: ": warning: ")
        ])
        // The mention may sit across a boundary of the pieces it is searched in.
        let mention = String(repeating: "x", count: (1 << 20) - 15) + "ChromaVersion"
        try scratch.write("data/big.json", "{\"data\": \"\(mention)\"}\n")
        #expect { try planner.locate("chroma_version") } throws: { error in
            let text = (error as? PatchError)?.description ?? ""
            return text.contains("big.json: error: is 1.0 MiB") && text.contains(
                "(this file mentions chroma_version, so it may hold a target; exclude it with --exclude 'data/**' or `exclude: [\"data/**\"]` in .tplpatch.yml)")
        }
    }
}
