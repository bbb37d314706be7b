import Foundation

/// A signing time in the two forms SigV4 uses: `20150830T123600Z` for
/// `X-Amz-Date` and `20150830` for the credential scope. Computed with
/// integer calendar arithmetic, so no locale or time zone can change it.
struct AmzDate: Hashable, Sendable {
    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    let timestamp: String
    /// `yyyyMMdd` in UTC.
    let day: String

    init(_ date: Date) throws(SigV4Error) {
        let interval = date.timeIntervalSince1970.rounded(.down)
        // Years 0001...9999 in seconds from the epoch.
        guard interval >= -62_135_596_800, interval < 253_402_300_800 else { throw .dateOutOfRange }
        let seconds = Int64(interval)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, dayOfMonth) = Self.civil(fromDaysSinceEpoch: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        day = pad(year, 4) + pad(month, 2) + pad(dayOfMonth, 2)
        timestamp = day + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay % 3600 / 60, 2)
            + pad(secondOfDay % 60, 2) + "Z"
    }

    /// Proleptic Gregorian date of a day count from 1970-01-01 (Howard
    /// Hinnant's days-to-civil algorithm).
    private static func civil(fromDaysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, dayOfMonth)
    }
}
