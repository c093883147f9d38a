import NIOSSL

/// Where and how to deliver: parsed from one URL (`REBOUND_SMTP_URL`) plus the sender (`REBOUND_EMAIL_FROM`).
///
///     smtp://host                 port 25, no AUTH; STARTTLS when the server offers it
///     smtp://user:pass@host       port 587 (submission), STARTTLS, then AUTH PLAIN or LOGIN
///     smtps://user:pass@host      port 465, TLS from the first byte (implicit TLS, RFC 8314)
///     smtp://host:2525            any explicit port wins
///
/// User and password are percent-decoded (write "@" as %40, ":" as %3A).
public struct SMTPConfiguration: Sendable {
    public enum Security: Sendable, Equatable {
        /// Plain TCP, upgraded with STARTTLS whenever the server offers it (smtp://).
        case startTLSWhenOffered
        /// TLS from the start (smtps://).
        case implicitTLS
    }

    public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// Never the password: configurations end up in logs.
        public var description: String { "\(username):<redacted>" }
        public var debugDescription: String { description }
        public var customMirror: Mirror { Mirror(self, children: ["username": username, "password": "<redacted>"]) }
    }

    /// A host name or IP address (IPv6 without brackets).
    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials?
    /// The envelope sender (MAIL FROM, where bounces go) and the default From of messages.
    public var from: MailAddress
    /// The name this client gives in EHLO. Defaults to the sender's domain.
    public var heloName: String
    public var connectTimeout: Duration = .seconds(10)
    /// The longest wait for any one reply (RFC 5321 suggests minutes; a slow relay is rare, a stuck one isn't).
    public var commandTimeout: Duration = .seconds(60)
    /// The longest one delivery may take, connect to QUIT.
    public var totalTimeout: Duration = .seconds(180)
    /// Certificates trusted in addition to the system's store (a private CA; the tests' self-signed one).
    public var additionalTrustRoots: [NIOSSLCertificate] = []
    /// Send credentials over an unencrypted connection when the host is a loopback address (a relay on the
    /// same machine: the bytes never leave it). To any other host, credentials need TLS, full stop.
    public var allowsPlaintextAuthenticationOnLoopback = true

    public init(host: String, port: Int, security: Security, credentials: Credentials? = nil, from: MailAddress) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.from = from
        heloName = Self.defaultHELOName(for: from)
    }

    /// Parses the URL and the sender. Errors name what is wrong, and never repeat the URL (it holds the password).
    public init(url: String, from: String) throws(SMTPError) {
        let sender: MailAddress
        do {
            sender = try MailAddress(from)
        } catch {
            throw SMTPError(.invalidConfiguration("the from-address is not valid: \(error.reason)"), stage: .configuration)
        }
        let parsed = try SMTPURL.parse(url)
        self.init(host: parsed.host, port: parsed.port, security: parsed.security, credentials: parsed.credentials, from: sender)
    }

    /// Adds the certificates of a PEM file (one or more) to `additionalTrustRoots`: a private CA.
    public mutating func trustRoots(pemFile path: String) throws(SMTPError) {
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(path)
            guard !certificates.isEmpty else { throw SMTPError(.invalidConfiguration("no certificate in \(path)"), stage: .configuration) }
            additionalTrustRoots += certificates
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(.invalidConfiguration("cannot read trusted certificates from \(path): \(error)"), stage: .configuration)
        }
    }

    /// True for 127.0.0.0/8, ::1 and "localhost".
    public var hostIsLoopback: Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower == "::1" || lower == "0:0:0:0:0:0:0:1" { return true }
        let octets = lower.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// An EHLO argument must be a domain or an address literal; the sender's domain is a domain the
    /// operator controls. A non-ASCII domain (which EHLO cannot carry) falls back to "localhost".
    private static func defaultHELOName(for from: MailAddress) -> String {
        let domain = String(from.domain)
        return domain.utf8.allSatisfy({ $0 < 0x80 }) ? domain : "localhost"
    }
}

extension SMTPConfiguration: CustomStringConvertible {
    /// The URL form, password redacted.
    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let user = credentials.map { "\($0)@" } ?? ""
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(user)\(shownHost):\(port) from \(from.address)"
    }
}

extension SMTPError.Reason: CustomStringConvertible {
    public var description: String {
        SMTPError(self, stage: .configuration).description.replacingOccurrences(of: "SMTP configuration: ", with: "")
    }
}

/// The URL grammar, by hand: Foundation's URL parsers accept and repair too much (spaces, raw "@" in
/// passwords) and their errors cannot say what was wrong.
enum SMTPURL {
    struct Parsed {
        var host: String
        var port: Int
        var security: SMTPConfiguration.Security
        var credentials: SMTPConfiguration.Credentials?
    }

    static func parse(_ url: String) throws(SMTPError) -> Parsed {
        func fail(_ why: String) -> SMTPError { SMTPError(.invalidConfiguration("REBOUND_SMTP_URL: \(why)"), stage: .configuration) }

        // Printable ASCII only, checked by scalar first: after this, each Character below is one scalar
        // (a "\r\n" or a letter with a combining mark would otherwise be one Character).
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F }) else {
            throw fail("spaces, control and non-ASCII characters must be percent-encoded")
        }
        guard let schemeEnd = url.range(of: "://") else {
            throw fail("expected smtp://[user:password@]host[:port] or smtps://...")
        }
        let security: SMTPConfiguration.Security
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "smtp": security = .startTLSWhenOffered
        case "smtps": security = .implicitTLS
        default: throw fail("the scheme must be smtp or smtps")
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.contains("?"), !rest.contains("#") else {
            throw fail("a path, query or fragment is not supported (percent-encode / ? # in a password)")
        }

        // The last "@" ends the user information: a password may contain a raw "@" only if nothing after it does.
        var credentials: SMTPConfiguration.Credentials?
        var hostPort = rest
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            hostPort = rest[rest.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw fail("a user name needs a password (user:password@host)")
            }
            let username = try decode(userInfo[..<colon], what: "user name")
            let password = try decode(userInfo[userInfo.index(after: colon)...], what: "password")
            guard !username.isEmpty else { throw fail("the user name is empty") }
            guard !password.isEmpty else { throw fail("the password is empty") }
            credentials = .init(username: username, password: password)
        }

        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("an IPv6 address misses its closing ]") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail("the IPv6 address is not valid")
            }
        } else {
            if let colon = hostPort.lastIndex(of: ":") {
                host = hostPort[..<colon]
                portText = hostPort[hostPort.index(after: colon)...]
            } else {
                host = hostPort
            }
            guard !host.isEmpty else { throw fail("the host is empty") }
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.allSatisfy({ label in
                !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }), host.count <= 253 else {
                throw fail("the host must be a DNS name or an IP address (letters, digits, hyphens and dots)")
            }
        }

        let port: Int
        if let portText {
            guard let number = Int(portText), portText.allSatisfy(\.isNumber), (1...65535).contains(number) else {
                throw fail("the port must be a number from 1 to 65535")
            }
            port = number
        } else {
            // smtps: 465 (RFC 8314). smtp with credentials: 587, the submission port (RFC 6409), since
            // a server that authenticates senders listens there. smtp without: 25, the relay port.
            port = security == .implicitTLS ? 465 : (credentials == nil ? 25 : 587)
        }
        return Parsed(host: String(host), port: port, security: security, credentials: credentials)
    }

    /// Percent-decoding to UTF-8; a "%" without two hex digits, invalid UTF-8, or a control character is an error.
    private static func decode(_ text: Substring, what: String) throws(SMTPError) -> String {
        func fail(_ why: String) -> SMTPError { SMTPError(.invalidConfiguration("REBOUND_SMTP_URL: the \(what) \(why)"), stage: .configuration) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw fail("has a % that is not followed by two hex digits")
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw fail("is not valid UTF-8 once decoded") }
        guard !decoded.unicodeScalars.contains(where: HeaderText.isControl) else { throw fail("contains a control character") }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
