import Mail
import Testing

@Suite struct SMTPConfigurationTests {
    let from = "rebound@example.com"

    @Test func plainSMTPURLWithoutCredentialsUsesPort25AndNoAuth() throws {
        let config = try SMTPConfiguration(url: "smtp://mail.example.com", from: from)
        #expect(config.host == "mail.example.com")
        #expect(config.port == 25)
        #expect(config.security == .startTLSWhenOffered)
        #expect(config.credentials == nil)
    }

    @Test func smtpURLWithCredentialsDefaultsToSubmissionPort587() throws {
        let config = try SMTPConfiguration(url: "smtp://user:secret@mail.example.com", from: from)
        #expect(config.port == 587)
        #expect(config.credentials == .init(username: "user", password: "secret"))
    }

    @Test func smtpsURLUsesImplicitTLSOnPort465() throws {
        let config = try SMTPConfiguration(url: "SMTPS://user:secret@mail.example.com/", from: from)
        #expect(config.port == 465)
        #expect(config.security == .implicitTLS)
    }

    @Test func explicitPortWins() throws {
        #expect(try SMTPConfiguration(url: "smtp://127.0.0.1:2525", from: from).port == 2525)
        #expect(try SMTPConfiguration(url: "smtps://u:p@h:10465", from: from).port == 10465)
    }

    @Test func userAndPasswordArePercentDecoded() throws {
        let config = try SMTPConfiguration(url: "smtp://me%40example.com:p%3Ass%2Fw%25rd%20%C3%A9@mail.example.com:587", from: from)
        #expect(config.credentials?.username == "me@example.com")
        #expect(config.credentials?.password == "p:ss/w%rd é")
    }

    @Test func aRawAtInThePasswordIsTakenUpToTheLastAt() throws {
        let config = try SMTPConfiguration(url: "smtp://user:p@ss@mail.example.com", from: from)
        #expect(config.credentials?.password == "p@ss")
        #expect(config.host == "mail.example.com")
    }

    @Test func bracketedIPv6HostIsAccepted() throws {
        let config = try SMTPConfiguration(url: "smtp://[::1]:2525", from: from)
        #expect(config.host == "::1")
        #expect(config.port == 2525)
        #expect(config.hostIsLoopback)
    }

    @Test func loopbackHostsAreRecognised() throws {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST"] {
            #expect(try SMTPConfiguration(url: "smtp://\(host)", from: from).hostIsLoopback, "\(host)")
        }
        for host in ["128.0.0.1", "mail.example.com", "127.0.0.1.example.com", "10.0.0.1"] {
            #expect(try !SMTPConfiguration(url: "smtp://\(host)", from: from).hostIsLoopback, "\(host)")
        }
    }

    @Test(arguments: [
        ("", "expected smtp://"),
        ("mail.example.com", "expected smtp://"),
        ("http://mail.example.com", "scheme"),
        ("smtp://", "host is empty"),
        ("smtp://:25", "host is empty"),
        ("smtp://mail.example.com:0", "port"),
        ("smtp://mail.example.com:65536", "port"),
        ("smtp://mail.example.com:abc", "port"),
        ("smtp://mail.example.com:-1", "port"),
        ("smtp://mail.example.com:99999999999999999999999", "port"),
        ("smtp://user@mail.example.com", "needs a password"),
        ("smtp://:pw@mail.example.com", "user name is empty"),
        ("smtp://user:@mail.example.com", "password is empty"),
        ("smtp://user:pa%zzss@mail.example.com", "two hex digits"),
        ("smtp://user:pa%ss@mail.example.com", "two hex digits"),
        ("smtp://user:pa%FFss@mail.example.com", "UTF-8"),
        ("smtp://user:pa%0D%0Ass@mail.example.com", "control character"),
        ("smtp://user:pa%00ss@mail.example.com", "control character"),
        ("smtp://mail.example.com/path", "path"),
        ("smtp://mail.example.com?tls=1", "query"),
        ("smtp://mail example.com", "percent-encoded"),
        ("smtp://mail.exämple.com", "percent-encoded"),
        ("smtp://mail\r\n.example.com", "percent-encoded"),
        ("smtp://-bad-.example.com", "DNS name"),
        ("smtp://a..b", "DNS name"),
        ("smtp://[::1", "closing ]"),
        ("smtp://[zz::1]", "IPv6"),
        ("smtp://[::1]x", "after the IPv6"),
    ])
    func badURLsAreRefusedWithAnErrorNamingTheProblem(url: String, expected: String) {
        #expect {
            _ = try SMTPConfiguration(url: url, from: "rebound@example.com")
        } throws: { error in
            guard let error = error as? SMTPError, case .invalidConfiguration(let text) = error.reason else { return false }
            return text.contains(expected) && error.isPermanent
        }
    }

    @Test func errorsAndDescriptionsNeverContainThePassword() throws {
        let password = "hunter2-very-secret"
        let config = try SMTPConfiguration(url: "smtp://user:\(password)@mail.example.com", from: from)
        #expect(!"\(config)".contains(password))
        #expect(!String(describing: config.credentials!).contains(password))
        for url in ["smtp://user:\(password)@mail.example.com:99999", "smtp://user:\(password)@bad_host", "ftp://user:\(password)@h"] {
            do {
                _ = try SMTPConfiguration(url: url, from: from)
                Issue.record("accepted \(url)")
            } catch {
                #expect(!error.description.contains(password))
            }
        }
    }

    @Test func aBadFromAddressIsAConfigurationError() {
        #expect {
            _ = try SMTPConfiguration(url: "smtp://h", from: "not an address")
        } throws: { error in
            guard let error = error as? SMTPError, case .invalidConfiguration(let text) = error.reason else { return false }
            return text.contains("from-address")
        }
    }

    @Test func credentialsWithControlCharactersAreRefusedByTheClient() throws {
        var config = try SMTPConfiguration(url: "smtp://h", from: from)
        for (user, password) in [("admin\u{0}", "x"), ("u", "p\u{0}admin"), ("u", "p\r\nQUIT"), ("", "p")] {
            config.credentials = .init(username: user, password: password)
            #expect(throws: SMTPError.self) { try SMTPClient(configuration: config) }
        }
        config.heloName = "bad name\r\n"
        config.credentials = nil
        #expect(throws: SMTPError.self) { try SMTPClient(configuration: config) }
    }

    @Test func heloNameDefaultsToTheSendersDomain() throws {
        #expect(try SMTPConfiguration(url: "smtp://h", from: "a@mail.rebound.test").heloName == "mail.rebound.test")
    }
}
