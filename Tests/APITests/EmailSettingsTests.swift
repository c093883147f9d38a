import Foundation
import Testing
import TestSupport

/// The settings page says whether the server sends email, and through which relay, without ever
/// showing the relay's credentials.
@Suite struct EmailSettingsTests {
    @Test(arguments: TestDatabase.enabled)
    func settingsSayEmailIsOffWithoutARelay(database: TestDatabase) async throws {
        try await APIHarness.run(on: database) { api in
            let admin = try await api.setup()

            let settings = try await api.request(.get, "/settings", headers: ["Cookie": "rebound_session=\(admin.token)"])

            #expect(settings.status == .ok)
            #expect(settings.text.contains("Email is off"))
            #expect(!settings.text.contains("Email is on"))
        }
    }

    @Test(arguments: TestDatabase.enabled)
    func settingsShowTheRelayButNeverItsCredentials(database: TestDatabase) async throws {
        try await APIHarness.run(
            on: database,
            configure: {
                $0.smtpURL = "smtp://mailer-login:s3cret-pass%40word@127.0.0.1:2525"
                $0.emailFrom = "Rebound <rebound@acme.test>"
            }
        ) { api in
            let admin = try await api.setup()
            let rep = try await api.addMember(by: admin, name: "Rita Rep", email: "rita@acme.test")

            let asAdmin = try await api.request(.get, "/settings", headers: ["Cookie": "rebound_session=\(admin.token)"])
            let asRep = try await api.request(.get, "/settings", headers: ["Cookie": "rebound_session=\(rep.token)"])

            for page in [asAdmin, asRep] {
                #expect(page.text.contains("Email is on"))
                #expect(page.text.contains("127.0.0.1:2525"))
                #expect(page.text.contains("rebound@acme.test"))
                #expect(!page.text.contains("s3cret") && !page.text.contains("mailer-login"))
            }
        }
    }
}
