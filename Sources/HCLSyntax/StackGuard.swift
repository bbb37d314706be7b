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

    /// The guard of the calling thread. Its stack bounds are looked up once
    /// per thread and kept in thread-local storage: on the main thread,
    /// glibc's `pthread_getattr_np` reads `/proc/self/maps`, which cost a
    /// file read per parse in a `set` over thousands of `.tf` files.
    init() {
        #if canImport(Glibc)
            if let cached = pthread_getspecific(stackBoundsKey) {
                let bounds = cached.assumingMemoryBound(to: UInt.self)
                self.init(stackLow: bounds[0], stackHigh: bounds[1])
                return
            }
            let (low, high) = StackGuard.lookUpBounds()
            if let storage = malloc(2 * MemoryLayout<UInt>.stride) {
                let bounds = storage.assumingMemoryBound(to: UInt.self)
                bounds[0] = low
                bounds[1] = high
                if pthread_setspecific(stackBoundsKey, storage) != 0 { free(storage) }
            }
            self.init(stackLow: low, stackHigh: high)
        #else
            let (low, high) = StackGuard.lookUpBounds()
            self.init(stackLow: low, stackHigh: high)
        #endif
    }

    /// The calling thread's stack as `(lowest, one past highest)` address, 0 when unknown.
    static func lookUpBounds() -> (UInt, UInt) {
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
        return (low, high)
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

#if canImport(Glibc)
    /// The thread-local slot holding each thread's stack bounds (two `UInt`s,
    /// freed when the thread ends, so a later thread that reuses the same
    /// `pthread_t` looks its own stack up again).
    private let stackBoundsKey: pthread_key_t = {
        var key = pthread_key_t()
        _ = pthread_key_create(&key) { free($0) }
        return key
    }()
#endif
