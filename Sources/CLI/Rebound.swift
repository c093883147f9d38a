import App
import ArgumentParser
import Domain
import Features
import Foundation
import Hummingbird
import Metrics
import Prometheus
import SQLStorage
import Web

@main
struct Rebound: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebound",
        abstract: "Rebound helps sales teams learn from every failure.",
        subcommands: [Serve.self, Migrate.self, User.self, Coach.self, Brief.self, Backup.self, Export.self, Restore.self, Import.self, Generate.self, OpenAPI.self],
        defaultSubcommand: Serve.self)
}

/// Options every command that touches the database shares. Unset options fall through to the
/// environment (REBOUND_*), then `.env`, then defaults.
struct ServerOptions: ParsableArguments {
    @Option(help: "Database: an SQLite file path (default ./rebound.sqlite) or a postgres:// URL. Env: REBOUND_DATABASE_URL.")
    var database: String?

    @Option(help: "Address to listen on (default 127.0.0.1). Env: REBOUND_HOST.")
    var host: String?

    @Option(help: "Port to listen on (default 8080). Env: REBOUND_PORT.")
    var port: Int?

    @Option(help: "bcrypt cost for password hashes, 4-31 (default 12). Env: REBOUND_BCRYPT_COST.")
    var bcryptCost: Int?

    @Option(help: "trace, debug, info, notice, warning, error or critical (default info). Env: REBOUND_LOG_LEVEL.")
    var logLevel: String?

    func load() async throws -> AppConfiguration {
        var flags: [String: String] = [:]
        flags[AppConfiguration.Key.database] = database
        flags[AppConfiguration.Key.host] = host
        flags[AppConfiguration.Key.port] = port.map(String.init)
        flags[AppConfiguration.Key.bcryptCost] = bcryptCost.map(String.init)
        flags[AppConfiguration.Key.logLevel] = logLevel
        do {
            return try await AppConfiguration.load(flags: flags, environment: ProcessInfo.processInfo.environment)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (migrates the database first). SIGTERM stops it gracefully.")

    @OptionGroup var options: ServerOptions

    @Flag(help: "Start with a realistic sample team when the database is empty (log in as rita@northwind.example / rebound-demo-password).")
    var demo = false

    func run() async throws {
        var config = try await options.load()
        config.demo = demo
        // Request counts and latencies go to the registry /metrics serves; bootstrapped once per process.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let app = try await buildApplication(configuration: config, metrics: registry)
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the database schema up to date, then exit. Run it once before starting several servers on PostgreSQL.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let config = try await options.load()
        try await withDatabase(config.database) { _ in }
        print("Database is up to date: \(config.database)")
    }
}

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage members.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member to a team. If the team does not exist it is created, with this member as its admin.")

        @OptionGroup var options: ServerOptions

        @Option(help: "The team's name.") var team: String
        @Option(help: "The member's full name.") var name: String
        @Option(help: "The member's email; it is their login.") var email: String
        @Option(help: "rep, manager or admin.") var role: String = "admin"
        @Option(help: "Comma-separated expertise topics, e.g. operations,pricing.") var expertise: String = ""
        @Option(help: "The password (at least 10 characters). Omit it to read one line from standard input.")
        var password: String?

        func run() async throws {
            let config = try await options.load()
            guard let role = Role(rawValue: role.lowercased()) else {
                throw ValidationError("--role must be one of: \(Role.allowedValues)")
            }
            let password = try password ?? readPassword()
            let topics = expertise.split(separator: ",").map(String.init)
            do {
                let added = try await withDatabase(config.database) { database in
                    try await addUser(
                        repositories: database.repositories().all, teamName: team, name: name, email: email, role: role,
                        password: password, expertise: topics, bcryptCost: config.bcryptCost)
                }
                let teamNote = added.createdTeam ? "created team \"\(added.team.name)\" and " : ""
                print("\(teamNote)added \(added.member.name) <\(added.member.email)> as \(added.member.role.rawValue) (id \(added.member.id))")
            } catch let error as DomainError {
                throw failure(error)
            }
        }

        private func readPassword() throws -> String {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("no password: pass --password or write it on standard input")
            }
            return line
        }
    }
}

struct Coach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check text for blame language (blaming people, hindsight, \"should have\", empty fixes…) and suggest neutral wording.")

    @Flag(help: "Print a JSON array of findings (category, start, end, 1-based line and column, phrase, message, suggestion).")
    var json = false

    @Flag(help: "Print how review time grows from 1 KB to 1 MB of text (a benchmark; see docs/BENCHMARKS.md).")
    var benchmark = false

    @Flag(help: "For scripts/train_coach.py: one line out per line in, the category the rules alone find (the first finding) or -.")
    var ruleVerdicts = false

    @Argument(help: "A text file to check; standard input when omitted.")
    var file: String?

    func run() throws {
        if benchmark {
            print(CoachBenchmark.run())
            return
        }
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        if ruleVerdicts {
            let rules = BlameCoach(budget: nil, secondStage: false)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                print(rules.review(String(line)).first?.category.rawValue ?? "-")
            }
            return
        }
        // A file on the command line is reviewed in full: the time budget protects the server, not the CLI.
        print(try CoachReport.render(text, json: json, coach: BlameCoach(budget: nil)))
    }
}

struct Brief: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the follow-up brief for an account (Markdown) as a member sees it.")

    @OptionGroup var options: ServerOptions

    @Argument(help: "The account's name (or part of it) or id.")
    var account: String

    @Option(name: .customLong("as"), help: "The email of the member whose view to print (private notes are theirs only).")
    var viewer: String

    func run() async throws {
        let config = try await options.load()
        do {
            let markdown = try await withDatabase(config.database) { database in
                try await renderBrief(repositories: database.repositories().all, account: account, viewerEmail: viewer)
            }
            print(markdown, terminator: "")
        } catch let error as DomainError {
            throw failure(error)
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the SQLite database to FILE; safe while the server runs.")

    @OptionGroup var options: ServerOptions

    @Argument(help: "The new backup file (must not exist).")
    var file: String

    func run() async throws {
        let config = try await options.load()
        do {
            try await withDatabase(config.database) { try await $0.backup(to: file) }
            print("Backed up \(config.database) to \(file)")
        } catch let error as StorageError {
            throw failure(error)
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a whole team (every member, call, reflection, debrief, question, webhook…) to FILE as JSON, from one consistent snapshot.",
        discussion: "The file holds private reflections and password hashes: keep it as safe as the database. `rebound restore FILE` reads it back, on SQLite or PostgreSQL.")

    @OptionGroup var options: ServerOptions

    @Option(help: "The team to export (needed when the server has several).")
    var team: String?

    @Argument(help: "The new export file (must not exist).")
    var file: String

    func run() async throws {
        let config = try await options.load()
        do {
            let counts = try await TeamTransfer.export(teamName: team, from: config.database, to: file)
            print("Exported \(counts.reduce(0) { $0 + $1.rows }) rows to \(file):\n\(TeamTransfer.report(counts))")
        } catch let error as ArchiveError {
            throw failure(error)
        }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a team written by `rebound export` into this database, all or nothing.",
        discussion: "The team, its name and its members' emails must not exist here yet. Moving from SQLite to PostgreSQL: export from one, restore into the other.")

    @OptionGroup var options: ServerOptions

    @Argument(help: "A file written by `rebound export`.")
    var file: String

    func run() async throws {
        let config = try await options.load()
        do {
            let (header, counts) = try await TeamTransfer.restore(from: file, into: config.database)
            print("Restored \(header.teamName): \(counts.reduce(0) { $0 + $1.rows }) rows\n\(TeamTransfer.report(counts))")
        } catch let error as ArchiveError {
            throw failure(error)
        } catch let error as DomainError {
            throw failure(error)
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import deals and accounts from a CRM export (csv, salesforce or hubspot). Validated first: by default a file with any bad row changes nothing.")

    @OptionGroup var options: ServerOptions

    @Argument(help: "csv, salesforce or hubspot.") var format: String
    @Argument(help: "The CSV file (UTF-8, with or without BOM; CRLF or LF).") var file: String
    @Option(name: .customLong("as"), help: "The email of the member importing; their team receives the data.") var importer: String
    @Option(help: "Column overrides, e.g. name=Deal,account=Company,crmId=ID,status=Stage,amount=Value.") var mapping: String?
    @Option(help: "Currency for amounts that name none.") var currency = "USD"
    @Option(help: "How the file writes numbers, as a locale (de-DE: 1.234,56; en-US: 1,234.56). Inferred from the file's unambiguous amounts when omitted.")
    var locale: String?
    @Option(help: "mdy or dmy: which comes first in dates like 03/04/2026. Inferred from the file's unambiguous dates when omitted.")
    var dateOrder: String?
    @Flag(help: "Only report what would happen (the same report a real import gives; nothing is written).") var dryRun = false
    @Flag(help: "Import the good rows even when some rows are bad.") var skipInvalid = false
    @Flag(help: "Do not open debriefs for closed-lost deals.") var noDebriefs = false

    func run() async throws {
        let config = try await options.load()
        guard let format = ImportFormat(rawValue: format.lowercased()) else {
            throw ValidationError("format must be one of: csv, salesforce, hubspot")
        }
        var settings = ImportOptions()
        settings.dryRun = dryRun
        settings.skipInvalid = skipInvalid
        settings.openDebriefs = !noDebriefs
        settings.defaultCurrency = Currency.code(for: currency) ?? currency.uppercased()
        if let locale {
            guard let convention = NumberConvention(locale: locale) else { throw ValidationError("--locale \(locale) is not a locale Rebound knows (e.g. de-DE, en-US, fr-FR)") }
            settings.numberConvention = convention
        }
        if let dateOrder {
            guard let order = DateOrder(rawValue: dateOrder.lowercased()) else { throw ValidationError("--date-order must be mdy or dmy") }
            settings.dateOrder = order
        }
        let showProgress = isatty(STDERR_FILENO) == 1
        do {
            let mapping = try ColumnMapping.forFormat(format).overridden(by: mapping ?? "")
            let report = try await withDatabase(config.database) { database in
                let repositories = database.repositories().all
                guard let (member, _) = try await repositories.members.credentials(email: importer.lowercased()), member.active else {
                    throw DomainError.invalid("as", "no active member with the email \(importer)")
                }
                return try await CRMImporter(repositories: repositories).run(file: file, mapping: mapping, importer: member, options: settings) { done in
                    if showProgress { FileHandle.standardError.write(Data("\rimported \(done) rows…".utf8)) }
                }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            print(report.summary)
            if !report.badRows.isEmpty && report.wroteNothing && !dryRun { throw ExitCode(1) }
        } catch let error as DomainError {
            throw failure(error)
        }
    }
}

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a realistic synthetic team (for demos and benchmarks).")

    @OptionGroup var options: ServerOptions

    @Option(help: "How many interactions to write.") var interactions = 10_000
    @Option(help: "Random seed; the same seed gives the same team.") var seed: UInt64 = 42

    func run() async throws {
        let config = try await options.load()
        let started = Date()
        let showProgress = isatty(STDERR_FILENO) == 1
        let summary = try await withDatabase(config.database) { database in
            try await Generator(repositories: database.repositories().all, bcryptCost: config.bcryptCost).generate(
                interactions: interactions, seed: seed
            ) { done in
                if showProgress { FileHandle.standardError.write(Data("\rwrote \(done) interactions…".utf8)) }
            }
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        let seconds = Date().timeIntervalSince(started)
        print("team \"\(summary.team.name)\": \(summary.members) members, \(summary.accounts) accounts, \(summary.interactions) interactions, \(summary.debriefs) debriefs in \(String(format: "%.1f", seconds)) s")
        print("log in as \(summary.firstRepEmail) with password \(Generator.password)")
    }
}

/// Prints `error: …` on standard error; throw the result to exit with status 1.
func failure(_ error: any Error) -> ExitCode {
    var stderr = StandardError()
    print("error: \(error)", to: &stderr)
    return ExitCode(1)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

struct OpenAPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI 3.1 document of the JSON API, as GET /openapi.json serves it.")

    func run() throws {
        FileHandle.standardOutput.write(OpenAPIDocument.served)
        print()
    }
}
