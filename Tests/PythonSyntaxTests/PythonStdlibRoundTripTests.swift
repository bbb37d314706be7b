import Foundation
import PythonSyntax
import TemplateSyntax
import TestSupport
import Testing

/// The round-trip law over the installed CPython standard library: every
/// file Python's own tokenizer accepts parses and prints back byte for byte
/// (but for non-ASCII text in a declared encoding tplpatch does not decode,
/// which it refuses at the byte); the files it rejects may be rejected by us
/// too, but never crash or hang us.
@Suite(.serialized) struct PythonStdlibRoundTripTests {
    /// Tokenizes each listed file with `tokenize` and prints `R<TAB>path`
    /// when Python rejects it (an exception or an ERRORTOKEN), else
    /// `A<TAB>crc<TAB>path`: the CRC-32 of its token stream (see
    /// `tokenStreamCRC`), or `-` for a file not in UTF-8.
    static let tokenizeScript = """
        import sys, tokenize, zlib
        for path in open(sys.argv[1], encoding='utf-8').read().splitlines():
            try:
                parts = []
                encoding = None
                with open(path, 'rb') as f:
                    for tok in tokenize.tokenize(f.readline):
                        if tok.type == tokenize.ERRORTOKEN:
                            raise SyntaxError('error token %r at %s' % (tok.string, tok.start))
                        if tok.type == tokenize.ENCODING:
                            encoding = tok.string
                            continue
                        if tok.type in (tokenize.NEWLINE, tokenize.NL) and tok.string == '':
                            continue
                        parts.append(tokenize.tok_name[tok.type] + '\\0' + tok.string + '\\1')
            except Exception:
                print('R\t' + path)
                continue
            crc = '%d' % zlib.crc32(''.join(parts).encode('utf-8')) if encoding in ('utf-8', 'utf-8-sig') else '-'
            print('A\t' + crc + '\t' + path)
        """

    /// The stdlib's `.py` files (its `site-packages` is not the stdlib).
    static func stdlibFiles() throws -> [String] {
        Python3.pythonFiles(under: try Python3.path("stdlib"), excluding: ["site-packages"])
    }

    /// Python's verdict on each file: nil when its tokenizer rejects the
    /// file, else the CRC of its token stream (0 when not comparable).
    static func pythonVerdicts(_ files: [String]) throws -> [String: UInt32?] {
        let list = try Scratch()
        let input = try list.write("files.txt", files.joined(separator: "\n"))
        var verdicts: [String: UInt32?] = [:]
        for line in try Python3.run(tokenizeScript, [input]).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            if fields.count == 2 && fields[0] == "R" { verdicts[fields[1]] = .some(nil) }
            if fields.count == 3 && fields[0] == "A" { verdicts[fields[2]] = .some(UInt32(fields[1]) ?? 0) }
        }
        return verdicts
    }

    /// Our tokens as Python 3.11's `tokenize` spells them: type name, NUL,
    /// text, 0x01 for each; an f-string is one STRING there (before PEP 701),
    /// and empty NEWLINE/NL tokens are left out on both sides.
    static func tokenStreamCRC(_ document: PythonDocument) -> UInt32 {
        var stream: [UInt8] = []
        var fstringStart: Int? = nil
        var depth = 0
        for token in document.tokens {
            let name: String
            switch token.kind {
            case .fstringStart, .tstringStart:
                if depth == 0 { fstringStart = token.range.lowerBound }
                depth += 1
                continue
            case .fstringEnd, .tstringEnd:
                depth -= 1
                guard depth == 0, let start = fstringStart else { continue }
                stream += Array("STRING".utf8) + [0] + document.source.bytes[start..<token.range.upperBound] + [1]
                continue
            case _ where depth > 0: continue
            case .name: name = "NAME"
            case .number: name = "NUMBER"
            case .string: name = "STRING"
            case .op: name = "OP"
            case .comment: name = "COMMENT"
            case .newline: name = "NEWLINE"
            case .nl: name = "NL"
            case .indent: name = "INDENT"
            case .dedent: name = "DEDENT"
            case .endMarker: name = "ENDMARKER"
            default: continue
            }
            if (token.kind == .newline || token.kind == .nl) && token.range.isEmpty { continue }
            stream += Array(name.utf8) + [0] + document.source.bytes[token.range] + [1]
        }
        return CRC32.checksum(stream)
    }

    @Test(.timeLimit(.minutes(10))) func everyStdlibFilePythonAcceptsPrintsBack() throws {
        let files = try Self.stdlibFiles()
        let verdicts = try Self.pythonVerdicts(files)
        var sameTokens = 0
        var roundTrips = 0
        var rejectedToo = 0
        var weRejectToo = 0
        var undecoded: [String] = []
        var failures: [String] = []
        for path in files {
            let source = SourceText(bytes: try Corpora.bytes(URL(fileURLWithPath: path)), path: path)
            let result = Result { () throws(TemplateError) in try PythonDocument(parsing: source) }
            guard let verdict = verdicts[path] else {
                failures.append("\(path): python gave no verdict")
                continue
            }
            guard let expectedCRC = verdict else {
                rejectedToo += 1
                if case .failure = result { weRejectToo += 1 }
                continue
            }
            switch result {
            case .success(let document):
                if document.printed() == source.bytes {
                    roundTrips += 1
                } else {
                    failures.append("\(path): printed tree differs from input")
                }
                if let trivia = Self.nonTrivia(document) {
                    failures.append("\(path): byte \(trivia) lies between tokens but is not trivia")
                }
                if expectedCRC != 0 {
                    if Self.tokenStreamCRC(document) == expectedCRC {
                        sameTokens += 1
                    } else {
                        failures.append("\(path): the tokens differ from Python's tokenize")
                    }
                }
            case .failure(let error):
                // The one refusal of a file Python reads: non-ASCII text in
                // a declared encoding tplpatch does not decode (koi8-r in
                // the stdlib's tests). README, "Python source is text in its
                // declared encoding".
                if case .asciiOnly = try? PythonSourceEncoding.declared(in: source.bytes),
                    error.message.contains("which tplpatch reads only when the file is all ASCII")
                {
                    undecoded.append(path)
                } else {
                    failures.append("\(Diagnostic(error, in: source))")
                }
            }
        }
        print(
            "python stdlib: \(files.count) files, \(roundTrips) round-trip, \(rejectedToo) rejected by python too, \(failures.count) failures"
        )
        print("python stdlib: \(sameTokens) files give the same token stream as Python's tokenize (the UTF-8 ones)")
        print("python stdlib: of the \(rejectedToo) files python rejects, tplpatch rejects \(weRejectToo) and reads the rest without crashing")
        print("python stdlib: \(undecoded.count) files refused for non-ASCII text in an encoding tplpatch does not decode: \(undecoded.map { ($0 as NSString).lastPathComponent })")
        #expect(files.count > 1000, "the stdlib looks incomplete: \(files.count) files")
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// The offset of the first byte outside every token that is not trivia
    /// (blank, form feed, backslash continuation, leading byte order mark).
    static func nonTrivia(_ document: PythonDocument) -> Int? {
        let b = document.source.bytes
        for index in 0...document.tokens.count {
            let gap = document.leadingTrivia(ofToken: index)
            var i = gap.lowerBound
            if i == 0 && document.source.hasByteOrderMark { i = 3 }
            while i < gap.upperBound {
                switch b[i] {
                case 0x20, 0x09, 0x0C: i += 1
                case 0x5C:
                    i += 1
                    if i < gap.upperBound && b[i] == 0x0D { i += 1 }
                    if i < gap.upperBound && b[i] == 0x0A { i += 1 }
                default: return i
                }
            }
        }
        return nil
    }
}

/// CRC-32 (IEEE), as Python's `zlib.crc32` computes it.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
