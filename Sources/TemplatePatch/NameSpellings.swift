/// The spellings one logical variable takes in different files:
/// `chroma_version` is `ChromaVersion` as a CloudFormation parameter,
/// `CHROMA_VERSION` as an environment key, `chromaVersion` in camel case.
public struct NameSpellings: Sendable, Hashable {
    public let name: String
    public let words: [String]

    public init(_ name: String) {
        self.name = name
        self.words = NameSpellings.words(of: name)
    }

    /// `chroma_version`
    public var snake: String { words.joined(separator: "_") }
    /// `CHROMA_VERSION`
    public var screamingSnake: String { snake.uppercased() }
    /// `ChromaVersion`
    public var pascal: String { words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() }
    /// `chromaVersion`
    public var camel: String {
        guard let first = words.first else { return "" }
        return first + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Every distinct spelling, the name as given first.
    public var all: [String] {
        var seen: Set<String> = []
        return [name, snake, pascal, screamingSnake, camel].filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Splits `chroma_version`, `ChromaVersion`, `chroma-version`,
    /// `CHROMA_VERSION` and `chromaVersion` into `["chroma", "version"]`.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character? = nil
        for character in name {
            if character == "_" || character == "-" || character == "." || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, let p = previous, p.isLowercase || p.isNumber {
                if !current.isEmpty { words.append(current) }
                current = String(character)
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }
}
