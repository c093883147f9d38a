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
    public static let version = 1

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
        .init(TeamModel.self) { .sql(embed: "id = \(bind: $0)") },
        .teamOwned(MemberModel.self),
        .init(AccessTokenModel.self) { .sql(embed: "member_id IN (SELECT id FROM members WHERE team_id = \(bind: $0))") },
        .init(CalendarFeedModel.self) { .sql(embed: "member_id IN (SELECT id FROM members WHERE team_id = \(bind: $0))") },
        .teamOwned(AccountModel.self),
        .teamOwned(DealModel.self),
        .teamOwned(InteractionModel.self),
        .teamOwned(ReflectionModel.self),
        .init(ReflectionRevisionModel.self) { .sql(embed: "reflection_id IN (SELECT id FROM reflections WHERE team_id = \(bind: $0))") },
        .teamOwned(DebriefModel.self),
        .init(DebriefParticipantModel.self) { .sql(embed: "debrief_id IN (SELECT id FROM debriefs WHERE team_id = \(bind: $0))") },
        .teamOwned(QuestionModel.self),
        .teamOwned(PerspectiveModel.self),
        .teamOwned(TimelineEntryModel.self),
        .init(TimelineRevisionModel.self) { .sql(embed: "entry_id IN (SELECT id FROM timeline_entries WHERE team_id = \(bind: $0))") },
        .teamOwned(LessonModel.self),
        .teamOwned(ActionItemModel.self),
        .teamOwned(PulseResponseModel.self),
        .teamOwned(SearchDocumentModel.self),
        .teamOwned(WebhookEventModel.self),
        .teamOwned(WebhookSubscriptionModel.self),
        .teamOwned(WebhookDeliveryModel.self),
        .teamOwned(LossReasonModel.self),
        .teamOwned(LossReasonMappingModel.self),
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

    /// A table with a `team_id` column.
    static func teamOwned<M: Model>(_ type: M.Type) -> ArchiveTable where M.IDValue == UUID {
        ArchiveTable(type) { team in .sql(embed: "team_id = \(bind: team)") }
    }

    init<M: Model>(_ type: M.Type, scope: @escaping @Sendable (UUID) -> DatabaseQuery.Filter) where M.IDValue == UUID {
        name = M.schema
        export = { db, team, write in
            var last: UUID?
            var count = 0
            while true {
                let query = M.query(on: db).filter(scope(team)).sort(.id).limit(Self.pageSize)
                if let last { query.filter(.id, .greaterThan, last) }
                let rows = try await query.all()
                for row in rows { try write(try TeamArchive.encoder.encode(row)) }
                count += rows.count
                guard rows.count == Self.pageSize, let next = rows.last?.id else { break }
                last = next
            }
            return count
        }
        restore = { db, lines in
            let rows = try lines.map { try TeamArchive.decoder.decode(M.self, from: $0) }
            // An interaction may follow up one written later in the file: the link is set once all exist.
            var links: [(UUID, UUID)] = []
            if let interactions = rows as? [InteractionModel] {
                links = interactions.compactMap { row in row.followUpOfInteractionID.map { (row.id!, $0) } }
                for row in interactions { row.followUpOfInteractionID = nil }
            }
            try await rows.create(on: db)
            return links
        }
        count = { db, team in try await M.query(on: db).filter(scope(team)).count() }
    }

    static func linkFollowUps(_ links: [(UUID, UUID)], on db: any Database) async throws {
        for (id, target) in links {
            try await InteractionModel.query(on: db).filter(\.$id == id).set(\.$followUpOfInteractionID, to: target).update()
        }
    }
}
