/// Whether the server sends email, for the settings page: the relay's host and port, how the
/// connection is protected, and the sender. Never the credentials.
public struct EmailStatus: Sendable, Equatable {
    public struct Relay: Sendable, Equatable {
        public let host: String
        public let port: Int
        /// "TLS" (smtps://) or "STARTTLS when offered" (smtp://).
        public let protection: String
        public let from: String

        public init(host: String, port: Int, protection: String, from: String) {
            self.host = host
            self.port = port
            self.protection = protection
            self.from = from
        }
    }

    public let relay: Relay?

    public static let off = EmailStatus(relay: nil)

    public init(relay: Relay?) { self.relay = relay }
}
