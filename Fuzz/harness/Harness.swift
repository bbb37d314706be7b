// Shared checks for every libFuzzer harness. A harness breaks a law by
// calling `violation`, which prints why and traps: a trap is how libFuzzer
// learns about a finding and saves the input (these binaries are test
// tools, never product code, so trapping here is the point).
import TemplateSyntax

#if canImport(Glibc)
import Glibc
#endif

/// Stops the run with `message`; libFuzzer records the input as a crash.
func violation(_ message: String) -> Never {
    say("fuzz violation: \(message)")
    abort()
}

/// Writes one line to standard error (unbuffered, so it survives the trap).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
}

/// FUZZ_EXPECT_ACCEPT=1 (the replay of the committed seeds, all valid
/// documents) makes a rejection a violation too, so a parser that starts
/// refusing good input fails the replay instead of passing quietly.
let expectAccept = getenv("FUZZ_EXPECT_ACCEPT") != nil

/// The input as bytes (libFuzzer may pass a null pointer for empty input).
func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// The laws every parser keeps on any input: it never traps or hangs (the
/// sanitizer and `-timeout` catch those); whatever it accepts prints back
/// byte for byte; every scalar it reports lies inside the text and can be
/// found again by its own path; a rejection carries a position inside the
/// text and renders as a diagnostic.
@discardableResult
func checkDocument<D: TemplateDocument>(_ type: D.Type, _ bytes: [UInt8]) -> D? {
    let source = SourceText(bytes: bytes, path: "fuzz.\(D.formatName)")
    let document: D
    do {
        document = try D(parsing: source)
    } catch {
        if expectAccept { violation("\(D.formatName): a seed that must parse was rejected: \(error)") }
        if let offset = error.offset, offset < 0 || offset > bytes.count {
            violation("\(D.formatName): error offset \(offset) outside a text of \(bytes.count) bytes: \(error.message)")
        }
        let rendered = Diagnostic(error, in: source).description
        if rendered.isEmpty { violation("\(D.formatName): empty diagnostic") }
        return nil
    }
    let printed = document.printed()
    if printed != bytes {
        let first = (0..<min(printed.count, bytes.count)).first { printed[$0] != bytes[$0] } ?? min(printed.count, bytes.count)
        violation("\(D.formatName): printed() differs from the input at byte \(first) (\(printed.count) vs \(bytes.count) bytes)")
    }
    let slots = document.scalars()
    for slot in slots {
        guard slot.range.lowerBound >= 0, slot.range.upperBound <= bytes.count else {
            violation("\(D.formatName): scalar '\(slot.selectorText)' at \(slot.range) outside \(bytes.count) bytes")
        }
    }
    // Re-selecting a few scalars by their concrete path must find them again.
    for slot in slots.prefix(8) {
        do {
            let found = try document.select(Selector(components: slot.path))
            if !found.contains(where: { $0.range == slot.range }) {
                violation("\(D.formatName): '\(slot.selectorText)' at \(slot.range) not found again by its own path (got \(found.map(\.range)))")
            }
        } catch {
            // Allowed only when the same path also reaches a container (a
            // duplicate JSON key, another YAML document's mapping): selecting
            // a non-scalar is a selection error by design.
            if error.kind != .selection {
                violation("\(D.formatName): selecting scalar '\(slot.selectorText)' threw: \(error.message)")
            }
        }
    }
    return document
}
