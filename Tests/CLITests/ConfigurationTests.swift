import App
import Domain
import Foundation
import SQLStorage
import Mail
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsServeSQLiteOnLocalhost8080() async throws {
        let config = try await AppConfiguration.load(flags: [:], environment: [:], environmentFile: nil)

        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.database == .sqlite(path: "./rebound.sqlite"))
        #expect(config.bcryptCost == 12)
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsDefaults() async throws {
        let environment = [
            "REBOUND_PORT": "9000", "REBOUND_DATABASE_URL": "postgres://rebound:pw@db.internal:5432/rebound",
            "REBOUND_HOST": "0.0.0.0",
        ]

        let config = try await AppConfiguration.load(flags: ["rebound.port": "9100"], environment: environment, environmentFile: nil)

        #expect(config.port == 9100)
        #expect(config.host == "0.0.0.0")
        #expect(config.database == .postgres(url: "postgres://rebound:pw@db.internal:5432/rebound"))
    }

    @Test func secureCookiesAreOffByDefaultAndTurnedOnByTheEnvironment() async throws {
        let plain = try await AppConfiguration.load(flags: [:], environment: [:], environmentFile: nil)
        let behindTLS = try await AppConfiguration.load(flags: [:], environment: ["REBOUND_SECURE_COOKIES": "true"], environmentFile: nil)

        #expect(!plain.secureCookies)
        #expect(behindTLS.secureCookies)
        await #expect(throws: ConfigurationError.self) {
            try await AppConfiguration.load(flags: [:], environment: ["REBOUND_SECURE_COOKIES": "sometimes"], environmentFile: nil)
        }
    }

    @Test func cookiesAreSecureWheneverThePublicURLIsHTTPS() async throws {
        let https = try await AppConfiguration.load(flags: [:], environment: ["REBOUND_PUBLIC_URL": "https://rebound.acme.example"], environmentFile: nil)
        let http = try await AppConfiguration.load(flags: [:], environment: ["REBOUND_PUBLIC_URL": "http://intranet:8080"], environmentFile: nil)

        #expect(https.effectiveSecureCookies)
        #expect(!http.effectiveSecureCookies)
    }

    @Test func securitySettingsAreReadAndCheckedTogether() async throws {
        let config = try await AppConfiguration.load(
            flags: [:],
            environment: [
                "REBOUND_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1, relay.internal, 10.20.0.0/16", "REBOUND_METRICS_TOKEN": "a-long-scrape-token",
                "REBOUND_SESSION_IDLE_HOURS": "12", "REBOUND_SESSION_MAX_HOURS": "48",
            ], environmentFile: nil)

        #expect(config.webhookDestinations.allowedHosts == ["relay.internal"])
        #expect(config.webhookDestinations.allowedRanges.count == 2)
        #expect(config.metricsToken == "a-long-scrape-token")
        #expect(config.sessions.idle == 12 * 3600 && config.sessions.absolute == 48 * 3600)
        await #expect(throws: ConfigurationError.self) {
            try await AppConfiguration.load(
                flags: [:], environment: ["REBOUND_WEBHOOK_ALLOWED_HOSTS": "10.0.0.0/40", "REBOUND_METRICS_TOKEN": "short"], environmentFile: nil)
        }
    }

    @Test func webhookLinksUseThePublicURLAndTheDispatcherCanBeTurnedOff() async throws {
        let plain = try await AppConfiguration.load(flags: [:], environment: [:], environmentFile: nil)
        let proxied = try await AppConfiguration.load(
            flags: [:], environment: ["REBOUND_PUBLIC_URL": "https://rebound.example.com/", "REBOUND_WEBHOOK_INTERVAL": "0"], environmentFile: nil)

        #expect(plain.effectivePublicURL == "http://127.0.0.1:8080")
        #expect(plain.webhookIntervalSeconds == 10)
        #expect(proxied.effectivePublicURL == "https://rebound.example.com")
        #expect(proxied.webhookIntervalSeconds == 0)
        await #expect(throws: ConfigurationError.self) {
            try await AppConfiguration.load(flags: [:], environment: ["REBOUND_PUBLIC_URL": "rebound.example.com"], environmentFile: nil)
        }
    }

    @Test func theInsightsFoldRunsEveryFiveMinutesUnlessToldOtherwise() async throws {
        let plain = try await AppConfiguration.load(flags: [:], environment: [:], environmentFile: nil)
        let off = try await AppConfiguration.load(flags: [:], environment: ["REBOUND_INSIGHTS_FOLD_INTERVAL": "0"], environmentFile: nil)

        #expect(plain.insightsFoldSeconds == 300)
        #expect(off.insightsFoldSeconds == 0)
        for bad in ["-1", "86401", "5m", ""] {
            await #expect(throws: ConfigurationError.self) {
                try await AppConfiguration.load(flags: [:], environment: ["REBOUND_INSIGHTS_FOLD_INTERVAL": bad], environmentFile: nil)
            }
        }
    }

    @Test func emailIsOffUntilBothTheRelayAndTheSenderAreSet() async throws {
        let off = try await AppConfiguration.load(flags: [:], environment: [:], environmentFile: nil)
        let on = try await AppConfiguration.load(
            flags: [:], environment: ["REBOUND_SMTP_URL": "smtps://mailer:pa%3Ass@smtp.acme.test", "REBOUND_EMAIL_FROM": "Rebound <rebound@acme.test>"],
            environmentFile: nil)

        #expect(try off.email() == nil)
        let relay = try #require(try on.email())
        #expect(relay.host == "smtp.acme.test" && relay.port == 465 && relay.security == .implicitTLS)
        #expect(relay.credentials == .init(username: "mailer", password: "pa:ss"))
        #expect(relay.from.address == "rebound@acme.test" && relay.from.displayName == "Rebound")
    }

    /// Half a configuration, or one that does not parse, stops the server at start-up with the variable
    /// named, and never with the password in the message (start-up errors end up in logs).
    @Test func aHalfOrBrokenEmailConfigurationIsRefusedWithoutShowingThePassword() async throws {
        let cases: [([String: String], String)] = [
            (["REBOUND_SMTP_URL": "smtp://127.0.0.1:2525"], "REBOUND_EMAIL_FROM"),
            (["REBOUND_EMAIL_FROM": "rebound@acme.test"], "REBOUND_SMTP_URL"),
            (["REBOUND_SMTP_URL": "http://mailer:hunter2-secret@smtp.acme.test", "REBOUND_EMAIL_FROM": "rebound@acme.test"], "REBOUND_SMTP_URL"),
            (["REBOUND_SMTP_URL": "smtp://mailer:hunter2-secret@smtp.acme.test:99999", "REBOUND_EMAIL_FROM": "rebound@acme.test"], "REBOUND_SMTP_URL"),
            (["REBOUND_SMTP_URL": "smtp://mailer:hunter2-secret@smtp.acme.test", "REBOUND_EMAIL_FROM": "not an address\r\nBcc: x@y.test"], "REBOUND_EMAIL_FROM"),
            (["REBOUND_SMTP_URL": "smtp://smtp.acme.test", "REBOUND_EMAIL_FROM": "rebound@acme.test", "REBOUND_SMTP_CA_FILE": "/nonexistent/ca.pem"], "REBOUND_SMTP_CA_FILE"),
            (["REBOUND_SMTP_URL": "smtp://mailer:hunter2-secret@smtp.acme.test", "REBOUND_EMAIL_FROM": "Evil\r\nBcc: x@y.test <rebound@acme.test>"], "REBOUND_EMAIL_FROM"),
        ]
        for (environment, named) in cases {
            do {
                _ = try await AppConfiguration.load(flags: [:], environment: environment, environmentFile: nil)
                Issue.record("accepted \(environment)")
            } catch let error as ConfigurationError {
                #expect(error.description.contains(named), "\(error)")
                #expect(!error.description.contains("hunter2"), "\(error)")
            }
        }
    }

    @Test func aDotEnvFileFillsInWhatTheEnvironmentDoesNotSay() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-\(UUID().uuidString).env")
        try "REBOUND_PORT=7000\nREBOUND_BCRYPT_COST=5\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let config = try await AppConfiguration.load(flags: [:], environment: ["REBOUND_PORT": "7001"], environmentFile: file.path)

        #expect(config.port == 7001)
        #expect(config.bcryptCost == 5)
    }

    @Test func everyInvalidSettingIsReportedAtOnce() async throws {
        let environment = ["REBOUND_PORT": "eighty", "REBOUND_BCRYPT_COST": "2", "REBOUND_DATABASE_URL": "mysql://x"]

        let error = await #expect(throws: ConfigurationError.self) {
            try await AppConfiguration.load(flags: [:], environment: environment, environmentFile: nil)
        }

        #expect(error?.problems.count == 3)
    }

    @Test(arguments: [
        ("rebound.sqlite", DatabaseLocation.sqlite(path: "rebound.sqlite")),
        ("sqlite:///var/lib/rebound.db", .sqlite(path: "/var/lib/rebound.db")),
        ("postgresql://u:p@127.0.0.1/r", .postgres(url: "postgresql://u:p@127.0.0.1/r")),
    ])
    func databaseLocationsAreParsed(raw: String, expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation(parsing: raw) == expected)
    }

    @Test func aPostgresPasswordIsNeverLogged() throws {
        let location = try DatabaseLocation(parsing: "postgres://rebound:s3cret@127.0.0.1:5432/rebound")
        #expect(!location.description.contains("s3cret"))
    }
}
