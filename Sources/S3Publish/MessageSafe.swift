/// `text` with control characters written as `\u{..}`, for quoting a value
/// the user gave in an error message: a line break or a terminal escape in
/// a refused option must not reach the terminal as one.
func messageSafe(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}
