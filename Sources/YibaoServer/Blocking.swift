import Dispatch

/// Runs blocking work (PBKDF2, durable SQLite writes) on Dispatch threads, off the cooperative pool that
/// serves requests: a 0.2 s password hash must not stall the other requests on a 2-core machine.
enum Blocking {
    static let queue = DispatchQueue(label: "yibao.blocking", qos: .userInitiated, attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
