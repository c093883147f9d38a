import Domain
import FluentKit
import FluentSQL
import Foundation
import SQLKit

/// `rebound export` / `rebound restore`: one team, every row, as one JSON document.
///
/// The document is written one row per line, so both directions stream with flat memory, and it is
/// still plain JSON for `jq` or Python:
///
/// ```
/// {"header":{"format":"rebound-export","version":1,"team":"…","migrations":[…],"exportedAt":…},
/// "tables":{
/// "teams":[
/// {…}
/// ],
/// …
/// }}
/// ```
/// Rows are the stored columns as they are (dates as seconds since 1970, so nothing is rounded),
/// password and token hashes included: treat an export like the database itself.
public enum TeamArchive {
    public static let format = "rebound-export"
    /// 2: tables written through row types are keyed by column name. Version 1 files are still read.
    public static let version = 2

    public struct Header: Codable, Sendable, Equatable {
        public let format: String
        public let version: Int
        public let team: UUID
        public let teamName: String
        public let migrations: [String]
        public let exportedAt: Date
    }

    /// Rows per table, in the order they were written.
    public typealias Counts = [(table: String, rows: Int)]

    /// The tables a team owns, parents before children, and how to find the team's rows in each.
    static let tables: [ArchiveTable] = [
        .init(rows: TeamRow.self) { "id = \(bind: $0)" },
        .teamOwned(rows: MemberRow.self),
        .init(rows: AccessTokenRow.self) { "member_id IN (SELECT id FROM members WHERE team_id = \(bind: $0))" },
        .init(rows: CalendarFeedRow.self) { "member_id IN (SELECT id FROM members WHERE team_id = \(bind: $0))" },
        .teamOwned(rows: AccountRow.self),
        .teamOwned(rows: DealRow.self),
        .teamOwned(rows: InteractionRow.self),
        .teamOwned(rows: ReflectionRow.self),
        .init(rows: ReflectionRevisionRow.self) { "reflection_id IN (SELECT id FROM reflections WHERE team_id = \(bind: $0))" },
        .teamOwned(rows: DebriefRow.self),
        .init(rows: DebriefParticipantRow.self) { "debrief_id IN (SELECT id FROM debriefs WHERE team_id = \(bind: $0))" },
        .teamOwned(rows: QuestionRow.self),
        .teamOwned(rows: PerspectiveRow.self),
        .teamOwned(rows: TimelineEntryRow.self),
        .init(rows: TimelineRevisionRow.self) { "entry_id IN (SELECT id FROM timeline_entries WHERE team_id = \(bind: $0))" },
        .teamOwned(rows: LessonRow.self),
        .teamOwned(rows: ActionItemRow.self),
        .teamOwned(rows: PulseResponseRow.self),
        .teamOwned(rows: SearchDocumentRow.self),
        .teamOwned(rows: WebhookEventRow.self),
        .teamOwned(rows: WebhookSubscriptionRow.self),
        .teamOwned(rows: WebhookDeliveryRow.self),
        .teamOwned(rows: LossReasonRow.self),
        .teamOwned(rows: LossReasonMappingRow.self),
        .teamOwned(rows: EmailPreferencesRow.self),
        .teamOwned(rows: EmailMessageRow.self),
        .teamOwned(rows: FollowUpMeetingRow.self),
    ]

    /// Every table name in an export, for tests that check no table is forgotten.
    public static var tableNames: [String] { tables.map(\.name) }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    /// Version 1 wrote these tables through Fluent models, keyed by Swift property names
    /// (`teamID`, `whatWentWell`); version 2 writes the column names. Both are read.
    static func decodeRow<Row: TableRow>(_ type: Row.Type, from line: Data) throws -> Row {
        guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
            object.keys.contains(where: { $0.contains(where: \.isUppercase) })
        else { return try decoder.decode(Row.self, from: line) }
        let renamed = Dictionary(uniqueKeysWithValues: object.map { ($0.key.snakeCased, $0.value) })
        return try decoder.decode(Row.self, from: try JSONSerialization.data(withJSONObject: renamed))
    }

    static func migrationNames(on db: any Database) async throws -> [String] {
        try await db.sql().select().column("name").from("_fluent_migrations").orderBy("batch").orderBy("created_at").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }
}

/// One table of the archive: how to write the team's rows and how to put them back.
struct ArchiveTable: Sendable {
    let name: String
    let export: @Sendable (any Database, UUID, (Data) throws -> Void) async throws -> Int
    /// Inserts the rows; returns follow-up links to set once every interaction exists.
    let restore: @Sendable (any Database, [Data]) async throws -> [(UUID, UUID)]
    /// How many of the table's rows belong to the team.
    let count: @Sendable (any Database, UUID) async throws -> Int

    static let pageSize = 1000

    /// A table with a `team_id` column, written through its row type.
    static func teamOwned<Row: TableRow>(rows type: Row.Type) -> ArchiveTable {
        ArchiveTable(rows: type) { team in "team_id = \(bind: team)" }
    }

    /// A table written through its row type: the archive's keys are the column names.
    init<Row: TableRow>(rows type: Row.Type, scope: @escaping @Sendable (UUID) -> SQLQueryString) {
        name = Row.table
        export = { db, team, write in
            let sql = db.sql()
            var last: UUID?
            var count = 0
            while true {
                let query = sql.select().column("*").from(Row.table).where(scope(team))
                if let last { query.where("id", .greaterThan, last) }
                let rows = try await query.orderBy("id").limit(Self.pageSize).all(rows: Row.self)
                for row in rows { try write(try TeamArchive.encoder.encode(row)) }
                count += rows.count
                guard rows.count == Self.pageSize, let next = rows.last?.id else { break }
                last = next
            }
            return count
        }
        restore = { db, lines in
            var rows = try lines.map { try TeamArchive.decodeRow(Row.self, from: $0) }
            // An interaction may follow up one written later in the file: the link is set once all exist.
            var links: [(UUID, UUID)] = []
            if var interactions = rows as? [InteractionRow] {
                links = interactions.compactMap { row in row.followUpOfInteractionID.map { (row.id, $0) } }
                for index in interactions.indices { interactions[index].followUpOfInteractionID = nil }
                rows = interactions as! [Row]
            }
            try await SQLStore.insert(rows, on: db.sql())
            return links
        }
        count = { db, team in
            try await SQLStore.count(Row.self, on: db) { $0.where(scope(team)) }
        }
    }

    static func linkFollowUps(_ links: [(UUID, UUID)], on db: any Database) async throws {
        for (id, target) in links {
            try await db.sql().update(InteractionRow.table).set("follow_up_of_interaction_id", to: target).where("id", .equal, id).run()
        }
    }
}
