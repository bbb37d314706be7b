// One measured work: the best wall time over the runs, and the largest peak
// resident set seen in any of them.
struct Measurement {
    var work: String
    var input: String
    var bytes: Int
    var seconds: Double
    var peakRSSKB: Int
    /// A figure the process reported about itself (hclpeer's in-process seconds).
    var inProcessSeconds: Double?

    var megabytes: Double { Double(bytes) / 1e6 }
    var megabytesPerSecond: Double { megabytes / seconds }
    var rssRatio: Double { Double(peakRSSKB) * 1024 / Double(bytes) }
}

/// A row of the results that holds no figure: a peer that is missing or failed.
struct MissingRow {
    var work: String
    var input: String
    var why: String
}
