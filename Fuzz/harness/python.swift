// libFuzzer entry for the python parser: the laws of `checkDocument` on any input.
import TemplateSyntax
import PythonSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    checkDocument(PythonDocument.self, inputBytes(data, size))
    return 0
}
