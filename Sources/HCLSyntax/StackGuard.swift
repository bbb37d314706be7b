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
    /// One past the highest address of the thread's stack, or 0 if unknown.
    let top: UInt

    /// Headroom kept back for the error path and the caller.
    static let reserve: UInt = 128 * 1024

    init() {
        var low: UInt = 0
        var high: UInt = 0
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
                    high = low + UInt(size)
                }
                pthread_attr_destroy(&attributes)
            }
        #elseif canImport(Darwin)
            high = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
            low = high - UInt(pthread_get_stacksize_np(pthread_self()))
        #endif
        self.init(stackLow: low, stackHigh: high)
    }

    /// A guard for the stack `stackLow..<stackHigh` (0 when unknown).
    init(stackLow: UInt, stackHigh: UInt) {
        limit = stackLow == 0 ? 0 : stackLow + StackGuard.reserve
        top = stackHigh
    }

    /// Whether the stack is nearly exhausted at the caller's frame.
    @inline(never)
    func isNearlyExhausted() -> Bool {
        var marker: UInt8 = 0
        return isNearlyExhausted(at: withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) })
    }

    /// Whether a local at `address` sits in the last `reserve` bytes of the
    /// stack. A local outside the thread's stack says nothing about its
    /// headroom: AddressSanitizer's use-after-return detection, for one, puts
    /// locals in "fake" frames on the heap, and reading those as stack
    /// addresses refused every nested input as too deep (found by
    /// Fuzz/harness/edit.swift). Then only the depth bound applies.
    func isNearlyExhausted(at address: UInt) -> Bool {
        guard limit != 0, top > limit else { return false }
        guard address >= limit - StackGuard.reserve, address < top else { return false }
        return address < limit
    }
}
