import Mail
import Web

extension EmailStatus {
    /// What the settings page shows of a relay: where and how, never who logs in.
    init(_ configuration: SMTPConfiguration?) {
        self.init(
            relay: configuration.map {
                Relay(
                    host: $0.host, port: $0.port, protection: $0.security == .implicitTLS ? "TLS" : "STARTTLS when offered",
                    from: $0.from.address)
            })
    }
}
