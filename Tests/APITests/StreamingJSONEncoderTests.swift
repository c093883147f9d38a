import Domain
import Foundation
import Testing
@testable import Web

/// The API's JSON writer must write what Foundation's JSONEncoder (with ISO 8601 dates, as Hummingbird
/// configures it) writes: the same values, numbers, dates and escapes, which clients and the contract
/// suite were built against. Only the order of keys differs: Foundation's (on Linux) changes from one
/// process to the next; this writer keeps the order the fields are declared in.
@Suite struct StreamingJSONEncoderTests {
    func foundation(_ value: some Encodable) throws -> String {
        String(decoding: try JSONWriter.foundation.encode(value), as: UTF8.self)
    }

    func streaming(_ value: some Encodable) throws -> String {
        String(decoding: try StreamingJSONEncoder().encode(value), as: UTF8.self)
    }

    /// The same JSON value from both writers (compared parsed, as key order differs); both shown when not.
    func expectSame(_ value: some Encodable, exactly: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try foundation(value)
        let written = try streaming(value)
        func parsed(_ text: String) throws -> NSObject {
            try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as! NSObject
        }
        #expect(try parsed(written) == parsed(expected), "streaming:\n\(written)\nfoundation:\n\(expected)", sourceLocation: sourceLocation)
        // Where no key order is involved, byte for byte: escapes and number formats.
        if exactly { #expect(written == expected, sourceLocation: sourceLocation) }
    }

    struct Inner: Encodable {
        let name: String
        let tags: [String]
        let missing: Int?
    }

    enum Choice: Encodable {
        case plain
        case detailed(code: Int, note: String?)
    }

    /// Writes its own fields and then another value's fields into the same object, as `APIField.inline` does.
    struct Merged: Encodable {
        enum Key: String, CodingKey { case before, after }
        let inner: Inner

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: .before)
            try inner.encode(to: encoder)
            try container.encode(true, forKey: .after)
        }
    }

    struct Everything: Encodable {
        let text: String
        let empty: String
        let flag: Bool
        let small: Int8
        let big: Int64
        let huge: UInt64
        let negative: Int
        let ratio: Double
        let tiny: Double
        let large: Double
        let float: Float
        let when: Date
        let long: Date
        let link: URL
        let blob: Data
        let money: Decimal
        let id: UUID
        let nothing: String?
        let something: String?
        let inner: Inner
        let list: [Inner]
        let nested: [[Int]]
        let optionals: [Int?]
        let emptyList: [Int]
        let dictionary: [String: Int]
        let choices: [Choice]
        let merged: Merged
    }

    @Test func everyKindOfValueIsWrittenAsFoundationWritesIt() throws {
        let value = Everything(
            text: "Pricing \"went\" <sideways> / a\\b \u{0301}< \u{202E}rtl \u{1F600} e\u{301}", empty: "", flag: false, small: -128,
            big: Int64.min, huge: UInt64.max, negative: -42, ratio: 0.1, tiny: 5e-324, large: 1e21, float: 1.5,
            when: Date(timeIntervalSince1970: 1_796_175_913.75), long: Date(timeIntervalSince1970: -86_400 * 365 * 100),
            link: URL(string: "https://rebound.example/accounts/1?x=1&y=2")!, blob: Data([0, 1, 2, 250]), money: Decimal(string: "1234.56")!,
            id: UUID(), nothing: nil, something: "here", inner: Inner(name: "Globex", tags: ["a", "b"], missing: nil),
            list: [Inner(name: "x", tags: [], missing: 3), Inner(name: "y", tags: ["z"], missing: nil)], nested: [[], [1, 2], [3]],
            optionals: [1, nil, 3], emptyList: [], dictionary: ["only": 1], choices: [.plain, .detailed(code: 7, note: nil), .detailed(code: 8, note: "n")],
            merged: Merged(inner: Inner(name: "in", tags: ["t"], missing: 9)))

        try expectSame(value)
    }

    @Test func everyASCIICharacterAndControlCharacterIsEscapedAsFoundationEscapesIt() throws {
        let all = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let odd = ["\u{0}", "\r\n", "\u{7F}", "\u{2028}\u{2029}", "\u{FEFF}", "\"\u{0301}", String(repeating: "é", count: 10_000)]

        try expectSame(all, exactly: true)
        for text in odd { try expectSame(text, exactly: true) }
        try expectSame([all] + odd, exactly: true)
        try expectSame([0.1, 5e-324, 1e21, -0.0, 1.5, 123_456_789.125], exactly: true)
        try expectSame([Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_796_175_913.999)], exactly: true)
    }

    /// Dates are formatted by arithmetic, so they are checked against Foundation across the range the
    /// API can meet: leap days, century years, the epoch, before it, and fractions of a second.
    @Test func datesAcrossCenturiesAreWrittenAsFoundationWritesThem() throws {
        var dates: [Date] = [-1, -0.5, 0, 0.999, 951_782_400, 951_868_799.5, 4_107_542_400, -2_208_988_800, -62_135_596_800, -12_219_292_800, -12_219_292_801, 253_402_300_799]
            .map { Date(timeIntervalSince1970: $0) }
        dates += (0..<20_000).map { _ in Date(timeIntervalSince1970: .random(in: -5_000_000_000...8_000_000_000)) }
        dates += (0..<2_000).map { _ in Date(timeIntervalSince1970: Double(Int.random(in: -100_000...100_000)) * 86_400 + .random(in: -1...1)) }
        try expectSame(dates, exactly: true)
        try expectSame([Date.distantPast, Date.distantFuture, Date(timeIntervalSince1970: 1e15)], exactly: true)
    }

    @Test func typedIdsAreWrittenInLowerCaseAsTheirDescription() throws {
        let ids = (0..<200).map { _ in ReflectionID() }
        #expect(try streaming(ids) == "[" + ids.map { "\"\($0.rawValue.uuidString.lowercased())\"" }.joined(separator: ",") + "]")
        try expectSame(ids, exactly: true)
    }

    @Test func aNumberFoundationRefusesIsRefused() throws {
        #expect(throws: EncodingError.self) { _ = try StreamingJSONEncoder().encode([Double.nan]) }
    }

    @Test func apiResponsesAreWrittenAsFoundationWritesThem() throws {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let team = TeamID()
        let interaction = Interaction(
            teamID: team, accountID: AccountID(), repID: MemberID(), kind: .call, occurredAt: now, participants: ["Pat", "Sam \"the\" buyer"],
            outcome: .bad, summary: "Pricing / legal\nwent sideways", followUpOf: .interaction(InteractionID()), createdAt: now)
        var reflection = Reflection.owed(for: interaction, policy: .standard, now: now)
        try reflection.edit(ReflectionNotes([.whatWentWell: "Agenda <b>", .whatToImprove: "Ask who signs"]), at: now.addingTimeInterval(60))
        let list = ListResponse(items: [APIValue(reflection, now: now), APIValue(reflection, now: now.addingTimeInterval(86_400 * 30))], nextOffset: 50)

        try expectSame(APIValue(interaction, reflectionID: reflection.id))
        try expectSame(list)
        // Fields in the order they are declared.
        let text = try streaming(APIValue(interaction, reflectionID: reflection.id))
        #expect(text.hasPrefix("{\"id\":"))
        #expect(try #require(text.range(of: "\"accountId\"")).lowerBound < (try #require(text.range(of: "\"createdAt\""))).lowerBound)
    }
}
