import Logging
import ServiceLifecycle

/// Runs `round` every `interval` until the server shuts down, sleeping first (on a fresh start the
/// migrations run before the first round). A failed round is logged and the next one tries again.
func repeatRounds(every interval: Duration, logger: Logger, failure: String, _ round: @escaping @Sendable () async throws -> Void) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            do {
                try await round()
            } catch {
                logger.error("\(failure); retrying next round", metadata: ["error": "\(error)"])
            }
        }
    }
}
