import Foundation
import S3Publish
import TestSupport

/// An HTTP/1.1 request as the test suites write it: request line, header
/// lines (continuation lines start with whitespace), a blank line, the body.
/// The request target may contain raw spaces and UTF-8, so the method is
/// before the first space and the version after the last.
struct RawRequest {
    var method: String
    var path: String
    var rawQuery: String?
    var headers: [HTTPHeader]
    var body: [UInt8]

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    init(_ bytes: [UInt8]) throws {
        var lines: [[UInt8]] = []
        var bodyStart: Int?
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                var line = Array(bytes[lineStart..<index])
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                lineStart = index + 1
                if line.isEmpty && !lines.isEmpty {
                    bodyStart = lineStart
                    break
                }
                lines.append(line)
            }
            index += 1
        }
        if bodyStart == nil, lineStart < bytes.count {
            lines.append(Array(bytes[lineStart...]))
        }
        body = bodyStart.map { Array(bytes[$0...]) } ?? []

        guard let requestLine = lines.first.map({ String(decoding: $0, as: UTF8.self) }),
              let firstSpace = requestLine.firstIndex(of: " "),
              let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace
        else { throw Malformed(description: "no request line") }
        method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        if let question = target.firstIndex(of: "?") {
            path = String(target[..<question])
            rawQuery = String(target[target.index(after: question)...])
        } else {
            path = String(target)
            rawQuery = nil
        }

        headers = []
        for raw in lines.dropFirst() {
            let line = String(decoding: raw, as: UTF8.self)
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw Malformed(description: "continuation before any header") }
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw Malformed(description: "header without colon: \(line)") }
            headers.append(HTTPHeader(name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
        }
    }

    var queryItems: [QueryItem] {
        get throws { try rawQuery.map { try QueryItem.parse(rawQuery: $0) } ?? [] }
    }
}

/// Reports for a corpus: how many cases, which matched, which did not.
struct CorpusReport {
    let name: String
    var total = 0
    var failures: [String] = []

    mutating func record(_ caseName: String, _ mismatches: [String]) {
        total += 1
        if !mismatches.isEmpty {
            failures.append("\(caseName): " + mismatches.joined(separator: "; "))
        }
    }

    var summary: String { "\(name): \(total) cases, \(total - failures.count) matched" }
}

/// `"what": expected <e> got <a>` when they differ, for a compact failure list.
func mismatch(_ what: String, expected: String, actual: String) -> [String] {
    expected == actual ? [] : ["\(what) differs:\n--- expected\n\(expected)\n--- actual\n\(actual)"]
}

let testSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

func iso8601(_ text: String) throws -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else {
        throw RawRequest.Malformed(description: "bad timestamp \(text)")
    }
    return date
}
