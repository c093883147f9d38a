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

    /// The part after the last "@" (found by Unicode scalar: "@" plus a combining mark is still an "@").
    public var domain: Substring {
        let scalars = address.unicodeScalars
        return Substring(scalars[scalars.index(after: scalars.lastIndex(of: "@")!)...])
    }

    /// An address with non-ASCII characters needs the server's SMTPUTF8 extension (RFC 6531).
    var needsSMTPUTF8: Bool { !address.utf8.allSatisfy { $0 < 0x80 } }

    public var description: String { displayName.map { "\($0) <\(address)>" } ?? address }

    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// Works on Unicode scalars throughout: a Character view would fold "@" or "." with a following
    /// combining mark into one grapheme and miss it.
    static func validate(address: String) throws(SMTPError) {
        func fail(_ why: String) -> SMTPError { SMTPError(.invalidAddress(why), stage: .message) }
        let scalars = Array(address.unicodeScalars)
        guard !scalars.isEmpty else { throw fail("the address is empty") }
        guard address.utf8.count <= 254 else { throw fail("the address is longer than 254 bytes") }
        guard let at = scalars.lastIndex(of: "@") else { throw fail("the address has no @") }
        let local = scalars[..<at]
        let domain = scalars[(at + 1)...]
        guard !local.isEmpty, String(String.UnicodeScalarView(local)).utf8.count <= 64 else {
            throw fail("the part before @ is empty or longer than 64 bytes")
        }
        for scalar in local {
            guard atext.contains(scalar) || scalar == "." || isAllowedNonASCII(scalar) else {
                throw fail("the part before @ contains U+\(hex(scalar)), which is not allowed unquoted")
            }
        }
        guard local.first != ".", local.last != ".", !zip(local, local.dropFirst()).contains(where: { $0 == "." && $1 == "." }) else {
            throw fail("the part before @ starts or ends with a dot, or has two in a row")
        }
        try checkMarks(local, fail)
        guard !domain.isEmpty else { throw fail("the domain is empty") }
        guard domain.first != "[" else { throw fail("address literals such as [192.0.2.1] are not accepted") }
        for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, String(String.UnicodeScalarView(label)).utf8.count <= 63 else {
                throw fail("the domain has an empty label or one longer than 63 bytes")
            }
            guard label.first != "-", label.last != "-" else { throw fail("a domain label starts or ends with a hyphen") }
            try checkMarks(label, fail)
            for scalar in label {
                let ok = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "-" || isAllowedNonASCII(scalar)
                guard ok else { throw fail("the domain contains U+\(hex(scalar))") }
            }
        }
    }

    /// A combining mark belongs on a letter or digit: at the start, or on ".", "-", "+" and the like, it
    /// only makes the address look like another one.
    private static func checkMarks(_ part: ArraySlice<Unicode.Scalar>, _ fail: (String) -> SMTPError) throws(SMTPError) {
        var previous: Unicode.Scalar?
        for scalar in part {
            if isMark(scalar) {
                guard let previous, isMark(previous) || previous.properties.isAlphabetic || previous.properties.numericType != nil else {
                    throw fail("a combining mark U+\(hex(scalar)) follows no letter")
                }
            }
            previous = scalar
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
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
