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
}
