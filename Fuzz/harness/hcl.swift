// libFuzzer entry for the hcl parser: the laws of `checkDocument` on any input.
import TemplateSyntax
import HCLSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    checkDocument(HCLDocument.self, inputBytes(data, size))
    return 0
}
