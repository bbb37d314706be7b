// libFuzzer entry for the toml parser: the laws of `checkDocument` on any input.
import TemplateSyntax
import TOMLSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    checkDocument(TOMLDocument.self, inputBytes(data, size))
    return 0
}
