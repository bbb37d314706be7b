import Foundation

/// Something that hands out the credentials to sign with, as of a time.
public protocol CredentialProviding: Sendable {
    /// The credentials to sign a request made at `now`.
    func credentials(now: Date) async throws(CredentialError) -> AWSCredentials
}

/// Fixed credentials are their own provider.
extension AWSCredentials: CredentialProviding {
    public func credentials(now: Date) async throws(CredentialError) -> AWSCredentials { self }
}

/// The credentials of a ``CredentialPlan``, fetched on first use and
/// fetched again once they are within ``refreshMargin`` of their
/// `Expiration`, so a publish that outlives temporary credentials signs
/// every request with valid ones. Long-term keys (no expiration) are
/// fetched once.
public actor RefreshingCredentials: CredentialProviding {
    /// What is fetched.
    public nonisolated let plan: CredentialPlan
    /// How it is fetched.
    public nonisolated let fetcher: CredentialFetcher
    /// How long before `Expiration` credentials are fetched again (5 minutes).
    public nonisolated let refreshMargin: TimeInterval
    private var cached: AWSCredentials?
    /// How many times the plan was fetched.
    public private(set) var fetchCount = 0

    /// A provider of `plan`'s credentials.
    public init(plan: CredentialPlan, fetcher: CredentialFetcher, refreshMargin: TimeInterval = 300) {
        self.plan = plan
        self.fetcher = fetcher
        self.refreshMargin = refreshMargin
    }

    public func credentials(now: Date) async throws(CredentialError) -> AWSCredentials {
        if let cached, !needsRefresh(cached, now: now) { return cached }
        let fresh = try await fetcher.fetch(plan)
        fetchCount += 1
        if let expiration = fresh.expiration, expiration <= now {
            throw .providerFailed(
                provider: plan.providerName,
                reason: "the credentials it gave expired at \(Timestamps.format(expiration))")
        }
        cached = fresh
        return fresh
    }

    private func needsRefresh(_ credentials: AWSCredentials, now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now) <= refreshMargin
    }
}
