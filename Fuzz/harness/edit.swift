// libFuzzer entry for the edit path: the same verified apply the planner
// uses (`applyingVerified`), on any document in any of the five formats.
//
// Input layout: the first byte picks the format (j h p y t, anything else by
// its value modulo 5), the rest is the document. A hash of the whole input
// picks one located scalar and derives the new value, so every mutation of
// the input explores a different (document, slot, value) triple.
//
// Law: the change is either refused with a positioned error, or the result
// parses, prints back byte for byte, reads the new value at the same path,
// keeps every other scalar, and differs from the input only inside the
// returned edit's range.
import HCLSyntax
import JSONSyntax
import PythonSyntax
import TOMLSyntax
import TemplateSyntax
import YAMLSyntax

#if canImport(Glibc)
import Glibc
#endif

/// FUZZ_EDIT_VERBOSE=1 prints each input's outcome (applied or refused and
/// why), to check on a corpus that the harness exercises both branches.
let verbose = getenv("FUZZ_EDIT_VERBOSE") != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = inputBytes(data, size)
    guard let tag = input.first else { return 0 }
    let document = Array(input.dropFirst())
    var random = SplitMix(seed: fnv1a(input))
    switch tag {
    case UInt8(ascii: "j"): checkEdit(JSONDocument.self, document, &random)
    case UInt8(ascii: "h"): checkEdit(HCLDocument.self, document, &random)
    case UInt8(ascii: "p"): checkEdit(PythonDocument.self, document, &random)
    case UInt8(ascii: "y"): checkEdit(YAMLDocument.self, document, &random)
    case UInt8(ascii: "t"): checkEdit(TOMLDocument.self, document, &random)
    default:
        switch tag % 5 {
        case 0: checkEdit(JSONDocument.self, document, &random)
        case 1: checkEdit(HCLDocument.self, document, &random)
        case 2: checkEdit(PythonDocument.self, document, &random)
        case 3: checkEdit(YAMLDocument.self, document, &random)
        default: checkEdit(TOMLDocument.self, document, &random)
        }
    }
    return 0
}

func checkEdit<D: TemplateDocument>(_ type: D.Type, _ bytes: [UInt8], _ random: inout SplitMix) {
    guard let document = checkDocument(D.self, bytes) else {
        if verbose {
            do { _ = try D(parsing: SourceText(bytes: bytes)) } catch { say("edit: \(D.formatName) unparsed: \(error)") }
        }
        return
    }
    let slots = document.scalars()
    guard !slots.isEmpty else {
        if verbose { say("edit: \(D.formatName) noscalars") }
        return
    }
    let slot = slots[Int(random.next() % UInt64(slots.count))]
    let value = newValue(for: slot, in: bytes, &random)
    let name = D.formatName
    let result: (document: D, edits: [TextEdit])
    do {
        result = try document.applyingVerified([SlotChange(slot: slot, value: value)])
    } catch {
        // A refusal is fine; it must point inside the text and render.
        if let offset = error.offset, offset < 0 || offset > bytes.count {
            violation("\(name): refusal offset \(offset) outside \(bytes.count) bytes: \(error.message)")
        }
        if Diagnostic(error, in: document.source).description.isEmpty { violation("\(name): empty diagnostic") }
        if verbose { say("edit: \(name) refused \(slot.kind): \(error.message)") }
        return
    }
    let after = result.document.printed()
    if after != result.document.source.bytes { violation("\(name): edited document does not print back") }
    guard let edit = result.edits.first, result.edits.count == 1 else {
        violation("\(name): one change gave \(result.edits.count) edits")
    }
    // The edit must be at the slot it was asked for (touching or overlapping it).
    if edit.range.upperBound < slot.range.lowerBound || edit.range.lowerBound > slot.range.upperBound {
        violation("\(name): edit \(edit.range) is away from the slot \(slot.range)")
    }
    // Only the bytes inside the edit's range may differ.
    let prefix = edit.range.lowerBound
    let suffix = bytes.count - edit.range.upperBound
    guard after.count == prefix + edit.replacement.count + suffix,
        after[0..<prefix].elementsEqual(bytes[0..<prefix]),
        after[(after.count - suffix)...].elementsEqual(bytes[edit.range.upperBound...]),
        after[prefix..<(prefix + edit.replacement.count)].elementsEqual(edit.replacement)
    else {
        violation("\(name): the edited text differs from the input outside \(edit.range)")
    }
    // The new value reads back at the same path, from a fresh parse.
    let reparsed: D
    do {
        reparsed = try D(parsing: SourceText(bytes: after))
    } catch {
        violation("\(name): a verified edit no longer parses: \(error.message)")
    }
    let found = reparsed.scalars().filter { $0.path == slot.path }
    if !found.contains(where: { $0.value == value }) {
        violation("\(name): '\(slot.selectorText)' reads back \(found.map(\.value)), not '\(value)'")
    }
    if verbose { say("edit: \(name) applied \(slot.kind)") }
}

/// A new value for `slot`: mostly version-like strings (what tplpatch is
/// for), sometimes awkward text (quotes, escapes, newlines, non-ASCII,
/// interpolation markers), sometimes a piece of the document itself.
func newValue(for slot: Slot, in bytes: [UInt8], _ random: inout SplitMix) -> String {
    switch random.next() % 8 {
    case 0, 1:
        return "\(random.next() % 100).\(random.next() % 100).\(random.next() % 1000)"
    case 2:
        let words = ["true", "false", "null", "None", "True", "~", "0", "-1", "1e5", "0x1F", "inf", "nan", "", " ", "1.2.3-rc.1+build.5", "v2"]
        return words[Int(random.next() % UInt64(words.count))]
    case 3:
        if bytes.isEmpty { return "" }
        let start = Int(random.next() % UInt64(bytes.count))
        let length = Int(random.next() % 16)
        return String(decoding: bytes[start..<min(bytes.count, start + length)], as: UTF8.self)
    case 4:
        return slot.value + "\(random.next() % 10)"
    default:
        let pieces = ["\"", "'", "\\", "\n", "\r\n", "\t", "$", "{", "}", "${", "%{", "#", ":", "-", " ", "é", "\u{2028}", "😀", "\u{0}", "[", "]", ",", "=", "&a", "*a", "!", "|", ">", "1", "a", "."]
        var text = ""
        for _ in 0..<(random.next() % 8) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        return text
    }
}

/// FNV-1a over the input: a stable seed, so a saved input replays exactly.
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
}

/// A tiny deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
