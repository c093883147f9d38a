/// A mailbox: an address (local@domain) and an optional display name.
///
/// The address is checked when made, so nothing built from one can carry CR, LF, NUL, spaces or angle
/// brackets into an SMTP command or a header. Quoted local parts and address literals ("[1.2.3.4]") are
/// refused: legal, but not needed here, and each is a place where injection hides.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    public init(_ address: String, displayName: String? = nil) throws(SMTPError) {
        try Self.validate(address: address)
        if let displayName {
            try HeaderText.validate(displayName, field: "display name")
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The part after the "@".
    public var domain: Substring { address[address.index(after: address.lastIndex(of: "@")!)...] }

    /// An address with non-ASCII characters needs the server's SMTPUTF8 extension (RFC 6531).
    var needsSMTPUTF8: Bool { !address.utf8.allSatisfy { $0 < 0x80 } }

    public var description: String { displayName.map { "\($0) <\(address)>" } ?? address }

    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    static func validate(address: String) throws(SMTPError) {
        func fail(_ why: String) -> SMTPError { SMTPError(.invalidAddress(why), stage: .message) }
        guard !address.isEmpty else { throw fail("the address is empty") }
        guard address.utf8.count <= 254 else { throw fail("the address is longer than 254 bytes") }
        guard let at = address.lastIndex(of: "@") else { throw fail("the address has no @") }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64 else { throw fail("the part before @ is empty or longer than 64 bytes") }
        for scalar in local.unicodeScalars {
            guard atext.contains(scalar) || scalar == "." || isAllowedNonASCII(scalar) else {
                throw fail("the part before @ contains U+\(hex(scalar)), which is not allowed unquoted")
            }
        }
        guard local.first != ".", local.last != ".", !local.contains("..") else {
            throw fail("the part before @ starts or ends with a dot, or has two in a row")
        }
        guard !domain.isEmpty else { throw fail("the domain is empty") }
        guard domain.first != "[" else { throw fail("address literals such as [192.0.2.1] are not accepted") }
        for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63 else { throw fail("the domain has an empty label or one longer than 63 bytes") }
            guard label.first != "-", label.last != "-" else { throw fail("a domain label starts or ends with a hyphen") }
            for scalar in label.unicodeScalars {
                let ok = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "-" || isAllowedNonASCII(scalar)
                guard ok else { throw fail("the domain contains U+\(hex(scalar))") }
            }
        }
    }

    /// Internationalised addresses (RFC 6531) may use non-ASCII letters, but no controls, format characters
    /// (bidirectional overrides, zero-width joiners) or separators: those would make two addresses look alike.
    private static func isAllowedNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x80 else { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .surrogate, .unassigned, .privateUse:
            return false
        default:
            return true
        }
    }
}

func hex(_ scalar: Unicode.Scalar) -> String {
    let digits = String(scalar.value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
