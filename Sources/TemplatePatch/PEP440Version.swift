/// A Python package version under PEP 440: `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`.
///
/// Parsing accepts every spelling PEP 440 allows (`1.0-alpha.1`, `1.0RC1`,
/// `1.0-1` for a post-release, a leading `v`); printing gives the
/// normalised form (`1.0a1`, `1.0rc1`, `1.0.post1`), keeping a leading `v`
/// and the local label, so a bumped version is always in normal form.
public struct PEP440Version: Sendable, Hashable, CustomStringConvertible {
    public enum PreLabel: String, Sendable, Hashable {
        case alpha = "a", beta = "b", candidate = "rc"
    }

    /// A pre-release segment: `rc1` is `.candidate` and 1.
    public struct PreRelease: Sendable, Hashable {
        public var label: PreLabel
        public var number: UInt64

        public init(_ label: PreLabel, _ number: UInt64) {
            self.label = label
            self.number = number
        }
    }

    /// `v` or `V` when the text had one, else empty.
    public var prefix: String
    public var epoch: UInt64
    /// The release numbers (`[1, 2, 3]`), at least one.
    public var release: [UInt64]
    public var pre: PreRelease?
    public var post: UInt64?
    public var dev: UInt64?
    /// The local label's parts (`+ubuntu.1` → `["ubuntu", "1"]`), lowercased.
    public var local: [String]

    public init(
        prefix: String = "", epoch: UInt64 = 0, release: [UInt64], pre: PreRelease? = nil,
        post: UInt64? = nil, dev: UInt64? = nil, local: [String] = []
    ) {
        self.prefix = prefix
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
    }

    /// Whether this version comes before a final release (a pre-release or a
    /// development release).
    public var isPrerelease: Bool { pre != nil || dev != nil }

    public var description: String {
        var text = prefix
        if epoch != 0 { text += "\(epoch)!" }
        text += release.map(String.init).joined(separator: ".")
        if let pre { text += "\(pre.label.rawValue)\(pre.number)" }
        if let post { text += ".post\(post)" }
        if let dev { text += ".dev\(dev)" }
        if !local.isEmpty { text += "+" + local.joined(separator: ".") }
        return text
    }

    public init(parsing text: String) throws(VersionError) {
        var scanner = Scanner(Array(text.utf8))
        prefix = ""
        if let first = scanner.peek, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") {
            prefix = String(UnicodeScalar(first))
            scanner.index += 1
        }
        guard let first = scanner.number() else {
            throw VersionError(text, "a PEP 440 version starts with a release number (as 1.2.3)")
        }
        epoch = 0
        var numbers = [first]
        if scanner.take("!") {
            epoch = first
            guard let afterEpoch = scanner.number() else {
                throw VersionError(text, "an epoch ('N!') must be followed by a release number")
            }
            numbers = [afterEpoch]
        }
        while scanner.peek == UInt8(ascii: "."), scanner.peekDigit(at: 1) {
            scanner.index += 1
            guard let next = scanner.number() else { break }
            numbers.append(next)
        }
        release = numbers

        pre = nil
        var mark = scanner.index
        scanner.separator()
        let preLabels: [String: PreLabel] = [
            "alpha": .alpha, "a": .alpha, "beta": .beta, "b": .beta, "preview": .candidate, "pre": .candidate,
            "c": .candidate, "rc": .candidate,
        ]
        if let label = scanner.word(preLabels) {
            let beforeNumber = scanner.index
            scanner.separator()
            if let number = scanner.number() { pre = PreRelease(label, number) } else { scanner.index = beforeNumber; pre = PreRelease(label, 0) }
        } else {
            scanner.index = mark
        }

        post = nil
        mark = scanner.index
        if scanner.take("-"), let number = scanner.number() {
            post = number
        } else {
            scanner.index = mark
            scanner.separator()
            if scanner.word(["post": true, "rev": true, "r": true]) != nil {
                let beforeNumber = scanner.index
                scanner.separator()
                if let number = scanner.number() { post = number } else { scanner.index = beforeNumber; post = 0 }
            } else {
                scanner.index = mark
            }
        }

        dev = nil
        mark = scanner.index
        scanner.separator()
        if scanner.word(["dev": true]) != nil {
            let beforeNumber = scanner.index
            scanner.separator()
            if let number = scanner.number() { dev = number } else { scanner.index = beforeNumber; dev = 0 }
        } else {
            scanner.index = mark
        }

        local = []
        if scanner.take("+") {
            var part: [UInt8] = []
            while let byte = scanner.peek {
                scanner.index += 1
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                    guard !part.isEmpty else { break }
                    local.append(String(decoding: part, as: UTF8.self))
                    part = []
                    continue
                }
                let lower = byte | 0x20
                guard (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x7A) else {
                    throw VersionError(text, "a local version label ('+...') may hold only ASCII letters and digits, separated by '.', '-' or '_'")
                }
                part.append(byte >= 0x30 && byte <= 0x39 ? byte : lower)
            }
            guard !part.isEmpty, scanner.index == scanner.bytes.count else {
                throw VersionError(text, "a local version label ('+...') must not be empty or end with a separator")
            }
            local.append(String(decoding: part, as: UTF8.self))
        }
        guard scanner.index == scanner.bytes.count else {
            let rest = String(decoding: scanner.bytes[scanner.index...], as: UTF8.self)
            throw VersionError(text, "'\(rest)' is not part of a PEP 440 version (after the release come aN, bN or rcN, .postN, .devN and +local)")
        }
    }

    /// The next version for `part`. A pre-release or development release
    /// counts as coming before the release it names (`patch` of `1.2.4rc1` is
    /// `1.2.4`); a post-release counts as its release (`patch` of
    /// `1.2.3.post1` is `1.2.4`). The epoch, the number of release
    /// components, the prefix and the local label keep their form.
    public func bumped(_ part: VersionPart, preLabel: PreLabel = .candidate) throws(VersionError) -> PEP440Version {
        var next = self
        next.pre = nil
        next.post = nil
        next.dev = nil
        var numbers = release
        while numbers.count < 3 { numbers.append(0) }
        let count = max(release.count, part == .major ? 1 : part == .minor ? 2 : 3)
        func component(_ index: Int) -> UInt64 { index < numbers.count ? numbers[index] : 0 }
        func zeroAfter(_ index: Int) -> Bool { numbers.dropFirst(index + 1).allSatisfy { $0 == 0 } }
        func increment(_ index: Int) throws(VersionError) -> [UInt64] {
            guard numbers[index] < UInt64.max else { throw VersionError(description, "a number is too large to increment") }
            var out = Array(numbers.prefix(index)) + [numbers[index] + 1]
            while out.count < count { out.append(0) }
            return out
        }
        switch part {
        case .major, .minor, .patch:
            let index = part == .major ? 0 : part == .minor ? 1 : 2
            if isPrerelease && zeroAfter(index) {
                next.release = Array(numbers.prefix(max(count, index + 1)))
            } else {
                next.release = try increment(index)
            }
        case .prerelease:
            if let pre, dev == nil {
                guard pre.number < UInt64.max else { throw VersionError(description, "a number is too large to increment") }
                next.release = release
                next.pre = PreRelease(pre.label, pre.number + 1)
            } else if let pre {
                // `1.2.4rc1.dev2` comes before `1.2.4rc1`, which is the next pre-release.
                next.release = release
                next.pre = pre
            } else if dev != nil {
                next.release = release
                next.pre = PreRelease(preLabel, 1)
            } else {
                next.release = try increment(2)
                next.pre = PreRelease(preLabel, 1)
            }
        case .release:
            guard isPrerelease else {
                throw VersionError(description, "it is already a release (no pre-release or .dev part to drop); bump major, minor or patch instead")
            }
            next.release = release
        }
        return next
    }
}

/// A cursor over a version's bytes, case-insensitive for words.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peekDigit(at offset: Int) -> Bool {
        index + offset < bytes.count && bytes[index + offset] >= 0x30 && bytes[index + offset] <= 0x39
    }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard peek == UInt8(character.value) else { return false }
        index += 1
        return true
    }

    mutating func separator() {
        if let byte = peek, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") { index += 1 }
    }

    mutating func number() -> UInt64? {
        var value: UInt64 = 0
        let start = index
        while let byte = peek, byte >= 0x30 && byte <= 0x39 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            if overflow1 || overflow2 { index = start; return nil }
            value = sum
            index += 1
        }
        return index > start ? value : nil
    }

    /// The longest of `words` at the cursor (letters compared without case),
    /// not followed by another letter.
    mutating func word<Value>(_ words: [String: Value]) -> Value? {
        for (word, value) in words.sorted(by: { $0.key.count > $1.key.count }) {
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count else { continue }
            guard zip(utf8, bytes[index..<(index + utf8.count)]).allSatisfy({ $0 == $1 | 0x20 }) else { continue }
            let after = index + utf8.count
            if after < bytes.count, (bytes[after] | 0x20) >= 0x61 && (bytes[after] | 0x20) <= 0x7A { continue }
            index = after
            return value
        }
        return nil
    }
}
