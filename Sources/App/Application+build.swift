import Domain
import Features
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import SQLStorage
import Storage
import Web

/// The composition root: configuration in, a runnable application out.
public func buildApplication(
    configuration: AppConfiguration, clock: @escaping @Sendable () -> Date = { Date() },
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "rebound")
    logger.logLevel = configuration.logLevel
    let database = try DatabaseService(location: configuration.database, logger: logger, poolSize: configuration.databasePoolSize)
    let destinations = WebhookDestinations(policy: configuration.webhookDestinations)
    let smtp = try configuration.email()
    let settings = WebSettings(
        bcryptCost: UInt8(configuration.bcryptCost), metrics: metrics, secureCookies: configuration.effectiveSecureCookies,
        webhookDestinations: destinations, metricsToken: configuration.metricsToken, sessions: configuration.sessions,
        email: EmailStatus(smtp))
    let router = try await buildRouter(repositories: database.repositories().all, settings: settings, clock: clock)
    var services: [any Service] = [database]
    if configuration.webhookIntervalSeconds > 0 {
        let transport = HTTPClientTransport(destinations: destinations)
        let dispatcher = WebhookDispatcher(
            repositories: database.repositories().all, transport: transport, publicURL: configuration.effectivePublicURL,
            logger: Logger(label: "rebound.webhooks"), clock: clock)
        services.append(WebhookService(dispatcher: dispatcher, transport: transport, interval: .seconds(configuration.webhookIntervalSeconds), logger: logger))
    }
    if configuration.insightsFoldSeconds > 0 {
        services.append(
            InsightsFoldService(
                insights: database.repositories(), interval: .seconds(configuration.insightsFoldSeconds), logger: logger))
    }
    if let smtp, configuration.emailIntervalSeconds > 0 {
        let repositories = database.repositories().all
        let emailLogger = Logger(label: "rebound.email")
        let transport = try SMTPMailTransport(configuration: smtp, logger: emailLogger)
        services.append(
            EmailService(
                planner: NudgePlanner(
                    repositories: repositories, publicURL: configuration.effectivePublicURL, organizer: smtp.from.address, clock: clock),
                outbox: EmailOutbox(
                    email: repositories.email, members: repositories.members, teams: repositories.teams, transport: transport,
                    logger: emailLogger, clock: clock),
                interval: .seconds(configuration.emailIntervalSeconds), logger: emailLogger))
    }
    var app = Application(
        router: router, server: ReboundHTTPServer.http1,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Rebound"),
        services: services,
        logger: logger)
    let startLogger = logger
    app.beforeServerStarts {
        try await database.migrate()
        startLogger.info("database ready", metadata: ["database": "\(configuration.database)"])
        if configuration.demo,
            try await DemoTeam.seed(repositories: database.repositories().all, bcryptCost: configuration.bcryptCost, now: clock())
        {
            startLogger.notice(
                "demo team created: log in as \(DemoTeam.repEmail) (a rep) or \(DemoTeam.adminEmail) (admin), password \(DemoTeam.password)")
        }
    }
    return app
}

/// Opens the database for a one-off command (CLI), migrates it, runs `work`, and shuts it down.
public func withDatabase<T: Sendable>(
    _ location: DatabaseLocation, logLevel: Logger.Level = .warning, poolSize: Int = 2, _ work: (DatabaseService) async throws -> T
) async throws -> T {
    var logger = Logger(label: "rebound")
    logger.logLevel = logLevel
    let database = try DatabaseService(location: location, logger: logger, poolSize: poolSize)
    do {
        try await database.migrate()
        let result = try await work(database)
        await database.shutdown()
        return result
    } catch {
        await database.shutdown()
        throw error
    }
}
