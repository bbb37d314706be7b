import Foundation
import Testing

@testable import HCLSyntax

/// The stack headroom check judges only addresses on the thread's own stack.
@Suite struct StackGuardTests {
    let low: UInt = 0x7000_0000
    let high: UInt = 0x7080_0000  // an 8 MB stack

    @Test func anAddressInTheReserveIsNearlyExhausted() {
        let guardrail = StackGuard(stackLow: low, stackHigh: high)
        #expect(guardrail.isNearlyExhausted(at: low + 16))
        #expect(guardrail.isNearlyExhausted(at: low + StackGuard.reserve - 1))
        #expect(!guardrail.isNearlyExhausted(at: low + StackGuard.reserve))
        #expect(!guardrail.isNearlyExhausted(at: high - 64))
    }

    /// Regression (found by the edit fuzzer): under AddressSanitizer's
    /// use-after-return detection a local lives in a heap "fake frame", below
    /// or above the real stack; that read as "no headroom left" and every
    /// nested HCL input was refused as "nesting too deep: 1 levels".
    @Test func anAddressOffTheStackSaysNothing() {
        let guardrail = StackGuard(stackLow: low, stackHigh: high)
        #expect(!guardrail.isNearlyExhausted(at: 0x1000))
        #expect(!guardrail.isNearlyExhausted(at: low - 1))
        #expect(!guardrail.isNearlyExhausted(at: high))
        #expect(!guardrail.isNearlyExhausted(at: 0x6000_0000_0000))
    }

    @Test func anUnknownStackSaysNothing() {
        #expect(!StackGuard(stackLow: 0, stackHigh: 0).isNearlyExhausted(at: 0x1000))
    }

    @Test func theCurrentThreadHasHeadroom() {
        #expect(!StackGuard().isNearlyExhausted())
    }

    /// The bounds are cached per thread: the second guard of a thread sees
    /// the first's stack, and a guard made on another thread sees that
    /// thread's own stack (a local of each lies inside its guard's range).
    @Test func eachThreadKeepsItsOwnStack() {
        let first = StackGuard()
        let again = StackGuard()
        #expect(first.limit == again.limit && first.top == again.top)
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        #expect(first.limit != 0 && first.limit < here && here < first.top)

        final class Box: @unchecked Sendable {
            var bounds: [(limit: UInt, top: UInt, local: UInt)] = []
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for _ in 0..<2 {
                var local: UInt8 = 0
                let address = withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
                let guardrail = StackGuard()
                box.bounds.append((guardrail.limit, guardrail.top, address))
            }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        done.wait()
        #expect(box.bounds.count == 2)
        for bounds in box.bounds {
            #expect(bounds.limit < bounds.local && bounds.local < bounds.top)
            #expect(bounds.top != first.top)
        }
    }
}
