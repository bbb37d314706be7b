import Foundation

/// A parse error in an INI file, naming `file:line`. The message never
/// quotes the offending line, which may hold a secret.
public struct ConfigFileParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's path.
    public let path: String
    /// The 1-based line number.
    public let line: Int
    /// What is wrong with the line.
    public let message: String

    /// A parse error at `path:line`.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

/// The INI dialect of `~/.aws/credentials` and `~/.aws/config`, read the way
/// the AWS CLI's parser reads it: `[section]` headers; `key = value` or
/// `key: value` lines (keys lowercased, values trimmed, no inline
/// comments); whole-line `#` and `;` comments; indented lines continue the
/// previous value (the CLI's nested `s3 =` settings). Sections and keys may
/// not repeat.
///
/// Values can be secrets, so printing shows section names and keys only.
public struct SharedConfigFile: Hashable, Sendable {
    /// One `[name]` section.
    public struct Section: Hashable, Sendable {
        /// The text between the brackets, trimmed.
        public let name: String
        /// The line of the header.
        public let line: Int
        /// Keys (lowercased) and values.
        public var values: [String: String]
    }

    /// The path the file was read from, used in messages.
    public let path: String
    /// The sections in file order.
    public let sections: [Section]

    /// Parses `text`, reporting errors against `path`.
    public init(parsing text: String, path: String) throws(ConfigFileParseError) {
        self.path = path
        var sections: [Section] = []
        var seenSections: Set<String> = []
        var lastKey: String?
        var lastKeyIndent = 0
        var lineNumber = 0
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        for rawLine in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).count
            let content = line.trimmingCharacters(in: .whitespaces)
            if content.isEmpty { continue }
            if content.hasPrefix("#") || content.hasPrefix(";") { continue }

            if indent > lastKeyIndent, let key = lastKey, !sections.isEmpty {
                let previous = sections[sections.count - 1].values[key] ?? ""
                sections[sections.count - 1].values[key] = previous + "\n" + content
                continue
            }
            if content.hasPrefix("[") {
                // A comment may follow the header, as Python's configparser
                // (which the AWS CLI uses) allows: `[default] # main account`.
                var header = Substring(content)
                if let close = header.firstIndex(of: "]") {
                    let rest = header[header.index(after: close)...].trimmingCharacters(in: .whitespaces)
                    if rest.hasPrefix("#") || rest.hasPrefix(";") { header = header[...close] }
                }
                let content = String(header)
                guard content.hasSuffix("]"), content.count > 2 else {
                    throw ConfigFileParseError(path: path, line: lineNumber, message: "malformed section header")
                }
                let name = content.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else {
                    throw ConfigFileParseError(path: path, line: lineNumber, message: "empty section name")
                }
                guard seenSections.insert(name).inserted else {
                    throw ConfigFileParseError(
                        path: path, line: lineNumber, message: "section [\(name)] appears twice")
                }
                sections.append(Section(name: name, line: lineNumber, values: [:]))
                lastKey = nil
                continue
            }
            guard let delimiter = content.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ConfigFileParseError(
                    path: path, line: lineNumber, message: "expected 'key = value', a [section] or a comment")
            }
            let key = content[..<delimiter].trimmingCharacters(in: .whitespaces).lowercased()
            let value = content[content.index(after: delimiter)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                throw ConfigFileParseError(path: path, line: lineNumber, message: "a value without a key")
            }
            guard !sections.isEmpty else {
                throw ConfigFileParseError(
                    path: path, line: lineNumber, message: "\(Self.quoted(key)) comes before any [section]")
            }
            guard sections[sections.count - 1].values[key] == nil else {
                throw ConfigFileParseError(
                    path: path, line: lineNumber,
                    message: "\(Self.quoted(key)) appears twice in [\(sections[sections.count - 1].name)]")
            }
            sections[sections.count - 1].values[key] = value
            lastKey = key
            lastKeyIndent = indent
        }
        self.sections = sections
    }

    /// A key as an error message may show it: a misplaced line can make a
    /// secret look like a key, so only well-known setting names are quoted.
    private static func quoted(_ key: String) -> String {
        let known: Set<String> = [
            "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token",
            "region", "output", "role_arn", "source_profile", "credential_process", "s3",
        ]
        return known.contains(key) ? "key '\(key)'" : "a key"
    }

    /// Reads and parses the file at `path`; nil when there is no such file.
    public static func load(path: String) throws(CredentialError) -> SharedConfigFile? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableFile(path: path)
        }
        do {
            return try SharedConfigFile(parsing: String(decoding: data, as: UTF8.self), path: path)
        } catch {
            throw .malformedFile(error)
        }
    }

    /// The section called exactly `name`.
    public func section(named name: String) -> Section? {
        sections.first { $0.name == name }
    }

    /// The settings of profile `name` as the config file spells it:
    /// `[profile name]`, or `[default]` (also `[profile default]`) for the
    /// default profile. Other sections (`[sso-session x]`, `[services x]`)
    /// are not profiles.
    public func configProfile(named name: String) -> Section? {
        sections.last { section in
            if name == "default" && section.name == "default" { return true }
            return Self.profileName(ofConfigSection: section.name) == name
        }
    }

    /// `name` for `profile name` or `profile "a name"`, like the CLI's
    /// shell-style split into exactly two words; nil otherwise.
    static func profileName(ofConfigSection section: String) -> String? {
        guard section.hasPrefix("profile"),
              let separator = section.dropFirst("profile".count).first, separator == " " || separator == "\t"
        else { return nil }
        let rest = section.dropFirst("profile".count).trimmingCharacters(in: .whitespaces)
        if rest.count >= 2, rest.hasPrefix("\""), rest.hasSuffix("\"") {
            let inner = rest.dropFirst().dropLast()
            return inner.contains("\"") ? nil : String(inner)
        }
        guard !rest.isEmpty, !rest.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" }) else { return nil }
        return rest
    }
}

extension SharedConfigFile: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let summary = sections.map { section in
            "[\(section.name)] " + section.values.keys.sorted().joined(separator: ",")
        }
        return "SharedConfigFile(\(path): \(summary.joined(separator: "; ")))"
    }

    public var debugDescription: String { description }

    /// Section names and keys only: values may be secrets.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "path": path,
            "sections": sections.map { "[\($0.name)] " + $0.values.keys.sorted().joined(separator: ",") },
        ], displayStyle: .struct)
    }
}

extension SharedConfigFile.Section: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "Section([\(name)] line \(line), keys: \(values.keys.sorted().joined(separator: ",")))"
    }

    public var debugDescription: String { description }

    /// Keys only: values may be secrets.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "line": line, "keys": values.keys.sorted()], displayStyle: .struct)
    }
}
