#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How much stack the current thread has left, so recursive descent can stop
/// with an error before it overflows.
///
/// The depth bound alone is not enough: a level of nesting costs a few
/// hundred bytes of stack in an optimised build but several kilobytes in a
/// debug build, and a caller's thread may have 512 KB or 8 MB. Checking the
/// real headroom makes "never a stack overflow" hold on any thread.
struct StackGuard {
    /// The lowest usable stack address (stacks grow down), or 0 if unknown.
    let limit: UInt

    /// Headroom kept back for the error path and the caller.
    static let reserve: UInt = 128 * 1024

    init() {
        var low: UInt = 0
        #if canImport(Glibc)
            // `pthread_getattr_np` is a GNU extension the Glibc module does
            // not export; look it up at run time.
            typealias GetAttr = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
            var attributes = pthread_attr_t()
            if let symbol = dlsym(nil, "pthread_getattr_np"),
                unsafeBitCast(symbol, to: GetAttr.self)(pthread_self(), &attributes) == 0
            {
                var address: UnsafeMutableRawPointer?
                var size = 0
                if pthread_attr_getstack(&attributes, &address, &size) == 0, let address {
                    low = UInt(bitPattern: address)
                }
                pthread_attr_destroy(&attributes)
            }
        #elseif canImport(Darwin)
            let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
            low = top - UInt(pthread_get_stacksize_np(pthread_self()))
        #endif
        limit = low == 0 ? 0 : low + StackGuard.reserve
    }

    /// Whether the stack is nearly exhausted at the caller's frame.
    @inline(never)
    func isNearlyExhausted() -> Bool {
        guard limit != 0 else { return false }
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return here < limit
    }
}
