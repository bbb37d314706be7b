// libFuzzer entry for the JSON parser: the laws of `checkDocument` on any
// input. With FUZZ_JSON_VERDICTS=1 it first checks the JSONTestSuite files
// named on the command line against their verdicts (y_ accepted, n_
// rejected, i_ either way) and traps on the first disagreement.
import JSONSyntax
import TemplateSyntax

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    checkDocument(JSONDocument.self, inputBytes(data, size))
    return 0
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    guard getenv("FUZZ_JSON_VERDICTS") != nil, let args = argv.pointee else { return 0 }
    var checked = 0
    for index in 1..<Int(argc.pointee) {
        guard let arg = args[index] else { continue }
        let path = String(cString: arg)
        if path.hasPrefix("-") { continue }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let bytes = readFile(path) else { violation("cannot read \(path)") }
        let accepted = checkDocument(JSONDocument.self, bytes) != nil
        if name.hasPrefix("y_") && !accepted { violation("JSONTestSuite \(name) must be accepted, was rejected") }
        if name.hasPrefix("n_") && accepted { violation("JSONTestSuite \(name) must be rejected, was accepted") }
        checked += 1
    }
    say("fuzz-json: \(checked) JSONTestSuite verdicts agree")
    return 0
}

/// The whole file, or nil if it cannot be read.
private func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return bytes
}
