import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Work on every core with results in input order, so a parallel run
/// prints, diffs and reports errors exactly as a serial one.
enum ParallelMap {
    /// The cores this process may run on.
    static let cores: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// `(0..<count).map(body)`, with `body` called on several threads at
    /// once (one index at a time each, the next free index next, so uneven
    /// work still spreads). `body` must only read shared state.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1, cores > 1 else { return (0..<count).map(body) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let results = Results(base: base)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                (results.base + index).initialize(to: body(index))
            }
            initialized = count
        }
    }

    /// Where the results go: each index is written by exactly one thread,
    /// once, and read only after every thread is done.
    private struct Results<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }
}
