import Configuration
import Domain
import Foundation
import Logging
import Mail
import SQLStorage

/// Every setting of the server, read once at start-up and validated together.
/// Precedence: command-line flags, then environment variables (and a `.env` file), then defaults.
public struct AppConfiguration: Sendable, Equatable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var database: DatabaseLocation = .sqlite(path: "./rebound.sqlite")
    /// bcrypt's work factor for password hashes; each +1 doubles the time.
    public var bcryptCost: Int = 12
    public var logLevel: Logger.Level = .info
    /// Seed an empty database with a sample team (`--demo`).
    public var demo = false
    /// PostgreSQL connections per event loop (each server has one loop per core).
    public var databasePoolSize: Int = 8
    /// Mark browser session cookies Secure; turn on when users reach the server over HTTPS.
    public var secureCookies = false
    /// The address users reach the server at; links in webhook payloads start with it.
    /// Defaults to `http://<host>:<port>`.
    public var publicURL: String?
    /// How often outbound webhooks are scanned for and sent; 0 turns the dispatcher off.
    public var webhookIntervalSeconds: Int = 10
    /// How often every team's recorded changes are folded into the kept insight counts; 0 leaves it
    /// to the reads of insights alone.
    public var insightsFoldSeconds: Int = 300
    /// How often the outbox is planned and sent, when email is configured; 0 turns nudges off.
    public var emailIntervalSeconds: Int = 60
    /// The SMTP relay (`REBOUND_SMTP_URL`), the sender (`REBOUND_EMAIL_FROM`) and extra trusted roots
    /// (`REBOUND_SMTP_CA_FILE`), kept as given and checked at load; `email` is what they describe.
    public var smtpURL: String?
    public var emailFrom: String?
    public var smtpCAFile: String?
    /// Internal addresses outbound webhooks may reach anyway (`REBOUND_WEBHOOK_ALLOWED_HOSTS`).
    public var webhookDestinations = DestinationPolicy()
    /// The bearer token `/metrics` asks for; without one `/metrics` is off.
    public var metricsToken: String?
    /// Idle and absolute session lifetimes.
    public var sessions = SessionPolicy()

    public init() {}

    /// `publicURL`, or the address the server listens on.
    public var effectivePublicURL: String { publicURL ?? "http://\(host):\(port)" }

    /// Cookies are Secure when asked for, and always when users reach the server over https.
    public var effectiveSecureCookies: Bool { secureCookies || effectivePublicURL.lowercased().hasPrefix("https://") }

    /// The keys, as read through swift-configuration. `rebound.database.url` is `REBOUND_DATABASE_URL` in the environment.
    public enum Key {
        public static let host = "rebound.host"
        public static let port = "rebound.port"
        public static let database = "rebound.database.url"
        public static let bcryptCost = "rebound.bcrypt.cost"
        public static let logLevel = "rebound.log.level"
        public static let databasePoolSize = "rebound.database.pool.size"
        public static let secureCookies = "rebound.secure.cookies"
        public static let publicURL = "rebound.public.url"
        public static let webhookInterval = "rebound.webhook.interval"
        public static let webhookAllowedHosts = "rebound.webhook.allowed.hosts"
        public static let insightsFoldInterval = "rebound.insights.fold.interval"
        public static let emailInterval = "rebound.email.interval"
        public static let metricsToken = "rebound.metrics.token"
        public static let smtpURL = "rebound.smtp.url"
        public static let emailFrom = "rebound.email.from"
        public static let smtpCAFile = "rebound.smtp.ca.file"
        public static let sessionIdleHours = "rebound.session.idle.hours"
        public static let sessionMaxHours = "rebound.session.max.hours"
    }

    /// Reads and validates. `flags` holds only what was given on the command line.
    public static func load(flags: [String: String], environment: [String: String], environmentFile: String? = ".env") async throws -> AppConfiguration {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in flags { values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(.string(value), isSecret: key == Key.database) }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(environmentVariables: environment),
        ]
        if let environmentFile, FileManager.default.fileExists(atPath: environmentFile) {
            providers.append(try await EnvironmentVariablesProvider(environmentFilePath: .init(environmentFile), allowMissing: true))
        }
        return try resolve(ConfigReader(providers: providers))
    }

    static func resolve(_ reader: ConfigReader) throws -> AppConfiguration {
        var config = AppConfiguration()
        var problems: [String] = []
        if let host = reader.string(forKey: ConfigKey(Key.host)) {
            if host.isEmpty { problems.append("host (REBOUND_HOST) must not be empty") } else { config.host = host }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.port)) {
            if let port = Int(raw), (1...65535).contains(port) { config.port = port } else {
                problems.append("port (REBOUND_PORT) must be a number from 1 to 65535, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.database), isSecret: true) {
            do { config.database = try DatabaseLocation(parsing: raw) } catch { problems.append("database (REBOUND_DATABASE_URL): \(error)") }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.bcryptCost)) {
            if let cost = Int(raw), (4...31).contains(cost) { config.bcryptCost = cost } else {
                problems.append("bcrypt cost (REBOUND_BCRYPT_COST) must be a number from 4 to 31, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.databasePoolSize)) {
            if let size = Int(raw), (1...100).contains(size) { config.databasePoolSize = size } else {
                problems.append("database pool size (REBOUND_DATABASE_POOL_SIZE) must be a number from 1 to 100, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.secureCookies)) {
            switch raw.lowercased() {
            case "true", "1", "yes": config.secureCookies = true
            case "false", "0", "no": config.secureCookies = false
            default: problems.append("secure cookies (REBOUND_SECURE_COOKIES) must be true or false, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.publicURL)) {
            let components = URLComponents(string: raw)
            if let scheme = components?.scheme?.lowercased(), ["http", "https"].contains(scheme), !(components?.host ?? "").isEmpty {
                config.publicURL = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            } else {
                problems.append("public URL (REBOUND_PUBLIC_URL) must be an absolute http:// or https:// URL, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.webhookInterval)) {
            if let seconds = Int(raw), (0...3600).contains(seconds) { config.webhookIntervalSeconds = seconds } else {
                problems.append("webhook interval (REBOUND_WEBHOOK_INTERVAL) must be a number of seconds from 0 to 3600, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.insightsFoldInterval)) {
            if let seconds = Int(raw), (0...86_400).contains(seconds) { config.insightsFoldSeconds = seconds } else {
                problems.append("insights fold interval (REBOUND_INSIGHTS_FOLD_INTERVAL) must be a number of seconds from 0 to 86400, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.emailInterval)) {
            if let seconds = Int(raw), (0...3600).contains(seconds) { config.emailIntervalSeconds = seconds } else {
                problems.append("email interval (REBOUND_EMAIL_INTERVAL) must be a number of seconds from 0 to 3600, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.webhookAllowedHosts)) {
            do { config.webhookDestinations = try DestinationPolicy(allowing: raw) } catch DomainError.invalid(let errors) {
                problems.append("webhook allowed hosts (REBOUND_WEBHOOK_ALLOWED_HOSTS): " + errors.map(\.message).joined(separator: "; "))
            } catch { problems.append("webhook allowed hosts (REBOUND_WEBHOOK_ALLOWED_HOSTS): \(error)") }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.metricsToken), isSecret: true) {
            if raw.utf8.count >= 16 { config.metricsToken = raw } else {
                problems.append("metrics token (REBOUND_METRICS_TOKEN) must be at least 16 characters")
            }
        }
        config.smtpURL = reader.string(forKey: ConfigKey(Key.smtpURL), isSecret: true)
        config.emailFrom = reader.string(forKey: ConfigKey(Key.emailFrom))
        config.smtpCAFile = reader.string(forKey: ConfigKey(Key.smtpCAFile))
        do { _ = try config.email() } catch { problems.append(error.message) }
        if let raw = reader.string(forKey: ConfigKey(Key.sessionIdleHours)) {
            if let hours = Int(raw), (1...8760).contains(hours) { config.sessions.idle = TimeInterval(hours * 3600) } else {
                problems.append("session idle hours (REBOUND_SESSION_IDLE_HOURS) must be a number from 1 to 8760, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.sessionMaxHours)) {
            if let hours = Int(raw), (1...8760).contains(hours) { config.sessions.absolute = TimeInterval(hours * 3600) } else {
                problems.append("session maximum hours (REBOUND_SESSION_MAX_HOURS) must be a number from 1 to 8760, got \"\(raw)\"")
            }
        }
        if let raw = reader.string(forKey: ConfigKey(Key.logLevel)) {
            if let level = Logger.Level(rawValue: raw.lowercased()) { config.logLevel = level } else {
                problems.append("log level (REBOUND_LOG_LEVEL) must be one of trace, debug, info, notice, warning, error, critical")
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return config
    }
}

extension AppConfiguration {
    public struct EmailProblem: Error {
        public let message: String
    }

    /// The relay email goes through, or nil when email is off (neither variable set). Setting one
    /// without the other, or a URL or address that does not parse, is a problem at start-up: a
    /// server that silently sends nothing is worse than one that will not start. The problem names
    /// the variable and never repeats the URL, which may hold a password.
    public func email() throws(EmailProblem) -> SMTPConfiguration? {
        switch (smtpURL, emailFrom) {
        case (nil, nil): return nil
        case (_?, nil): throw EmailProblem(message: "email: REBOUND_SMTP_URL is set but REBOUND_EMAIL_FROM is not (the address messages come from)")
        case (nil, _?): throw EmailProblem(message: "email: REBOUND_EMAIL_FROM is set but REBOUND_SMTP_URL is not (the relay to send through)")
        case (let url?, let from?):
            var configuration: SMTPConfiguration
            let sender = Self.mailbox(from)
            do {
                configuration = try SMTPConfiguration(url: url, from: sender.address)
                configuration.from = try MailAddress(sender.address, displayName: sender.name)
            } catch {
                throw EmailProblem(message: "email (REBOUND_SMTP_URL, REBOUND_EMAIL_FROM): \(error)")
            }
            if let file = smtpCAFile {
                do { try configuration.trustRoots(pemFile: file) } catch {
                    throw EmailProblem(message: "email CA file (REBOUND_SMTP_CA_FILE): \(error)")
                }
            }
            return configuration
        }
    }
}

extension AppConfiguration {
    /// `Name <address>` or a bare address. Split by Unicode scalars: "<" with a combining mark after it
    /// is one Character, and the address part is checked by `MailAddress` either way.
    static func mailbox(_ text: String) -> (name: String?, address: String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.last == ">", let open = scalars.lastIndex(of: "<") else { return (nil, text) }
        let address = String(String.UnicodeScalarView(scalars[(open + 1)..<(scalars.count - 1)]))
        var name = String(String.UnicodeScalarView(scalars[..<open])).trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("\""), name.hasSuffix("\""), name.unicodeScalars.count >= 2 { name = String(name.dropFirst().dropLast()) }
        return (name.isEmpty ? nil : name, address)
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { "invalid configuration:\n  " + problems.joined(separator: "\n  ") }
}

extension ConfigKey {
    init(_ dotted: String) { self.init(dotted.split(separator: ".").map(String.init)) }
}
