/// A node's properties (anchor and tag) come before its content; libyaml's
/// event starts at the first property, so the literal itself is found by
/// stepping over them the way libyaml's scanner reads them.
enum YAMLProperties {
    /// Where the content after the properties starts, and where the tag is.
    static func skip(_ bytes: [UInt8], from start: Int, to end: Int, inFlow: Bool) -> (contentStart: Int, tagStart: Int?) {
        var i = start
        var tagStart: Int?
        func isBreakOrBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func isFlowIndicator(_ b: UInt8) -> Bool {
            b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}")
        }
        while i < end {
            let b = bytes[i]
            if isBreakOrBlank(b) {
                i += 1
            } else if b == UInt8(ascii: "#") {
                while i < end && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
            } else if b == UInt8(ascii: "&") {
                // libyaml's anchor names are ASCII letters, digits, '-' and '_'.
                i += 1
                while i < end && isAnchorByte(bytes[i]) { i += 1 }
            } else if b == UInt8(ascii: "!") {
                tagStart = i
                if i + 1 < end && bytes[i + 1] == UInt8(ascii: "<") {
                    while i < end && bytes[i] != UInt8(ascii: ">") { i += 1 }
                    i = min(i + 1, end)
                } else {
                    while i < end && !isBreakOrBlank(bytes[i]) && !(inFlow && isFlowIndicator(bytes[i])) { i += 1 }
                }
            } else {
                break
            }
        }
        return (min(i, end), tagStart)
    }

    static func isAnchorByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
