// libFuzzer entry for the yaml parser: the laws of `checkDocument` on any input.
import TemplateSyntax
import YAMLSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    checkDocument(YAMLDocument.self, inputBytes(data, size))
    return 0
}
