// Throughput of the parsers, in MB/s, and the ratio to Python's json.loads
// on the same bytes. Run with `make bench` (a release build).
import Foundation
import JSONSyntax
import TemplateSyntax

/// Deterministic sample data: CloudFormation-like templates in one array,
/// strings, numbers, nesting and escapes, about `megabytes` MB.
func sampleJSON(megabytes: Int) -> [UInt8] {
    var out = "[\n"
    var i = 0
    while out.utf8.count < megabytes * 1_000_000 {
        if i > 0 { out += ",\n" }
        out += """
              {"AWSTemplateFormatVersion": "2010-09-09", "Description": "stack \(i) caf\\u00e9 \\"quoted\\"",
               "Parameters": {"ChromaVersion": {"Type": "String", "Default": "0.5.\(i % 97)"},
                              "Port": {"Type": "Number", "Default": \(8000 + i % 1000)}, "Ratio": \(Double(i) / 7.0)},
               "Resources": {"Instance\(i)": {"Type": "AWS::EC2::Instance", "Properties": {"Tags": [{"Key": "Name", "Value": "chroma-\(i)"}, true, false, null, [1, 2, 3, -4.5e-3]]}}}}
            """
        i += 1
    }
    return Array((out + "\n]\n").utf8)
}

func bestSeconds(runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

func pythonJSONSeconds(file: String, runs: Int) -> Double? {
    let script = """
        import json, sys, time
        data = open(sys.argv[1], 'rb').read()
        best = float('inf')
        for _ in range(\(runs)):
            t = time.perf_counter(); json.loads(data); best = min(best, time.perf_counter() - t)
        print(best)
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, file]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

let megabytes = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 50
let runs = 5
let bytes = sampleJSON(megabytes: megabytes)
let size = Double(bytes.count) / 1e6
let source = SourceText(bytes: bytes)
var tokens = 0
let parse = try bestSeconds(runs: runs) {
    let document = try JSONDocument(parsing: source)
    tokens = document.tokens.count
}
let lines = bestSeconds(runs: runs) { _ = SourceText(bytes: bytes).lineCount }
print(String(format: "sample: %.1f MB of JSON, %d tokens", size, tokens))
print(String(format: "JSONSyntax parse (tree):   %8.1f MB/s", size / parse))
print(String(format: "SourceText line table:     %8.1f MB/s", size / lines))
let file = NSTemporaryDirectory() + "tplpatch-bench-\(getpid()).json"
FileManager.default.createFile(atPath: file, contents: Data(bytes))
defer { try? FileManager.default.removeItem(atPath: file) }
if let python = pythonJSONSeconds(file: file, runs: runs) {
    print(String(format: "python3 json.loads:        %8.1f MB/s", size / python))
    print(String(format: "ratio JSONSyntax / json.loads: %.1fx", python / parse))
} else {
    print("python3 json.loads: not measured (python3 did not run)")
}
