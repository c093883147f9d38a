import Domain
import Features
import Foundation
import Hummingbird
import Prometheus
import Storage

/// What the router needs besides storage.
public struct WebSettings: Sendable {
    /// bcrypt cost for new password hashes (12 in production; tests use the minimum, 4).
    public var bcryptCost: UInt8
    /// Where `/metrics` reads from. Request counts and latencies reach it once the process has
    /// bootstrapped swift-metrics with a `PrometheusMetricsFactory` over the same registry.
    public var metrics: PrometheusCollectorRegistry
    /// Mark session cookies Secure (the server is reached over HTTPS, e.g. behind a TLS proxy).
    public var secureCookies: Bool
    /// Where outbound webhooks may be sent (internal addresses are refused unless allowed).
    public var webhookDestinations: WebhookDestinations
    /// The bearer token `/metrics` asks for; without one, `/metrics` is not served.
    public var metricsToken: String?
    /// When sessions end on the server.
    public var sessions: SessionPolicy
    /// Whether email is on, and through which relay (shown in settings).
    public var email: EmailStatus

    public init(
        bcryptCost: UInt8 = 12, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), secureCookies: Bool = false,
        webhookDestinations: WebhookDestinations = WebhookDestinations(policy: DestinationPolicy()), metricsToken: String? = nil,
        sessions: SessionPolicy = SessionPolicy(), email: EmailStatus = .off
    ) {
        self.bcryptCost = bcryptCost
        self.metrics = metrics
        self.secureCookies = secureCookies
        self.webhookDestinations = webhookDestinations
        self.metricsToken = metricsToken
        self.sessions = sessions
        self.email = email
    }
}

/// Every route of the server. Dependencies come in as parameters: no globals.
public func buildRouter(
    repositories: Repositories, settings: WebSettings, clock: @escaping @Sendable () -> Date = { Date() }
) async throws -> Router<AppRequestContext> {
    let repositories = repositories.replacing(insights: InsightsCache(base: repositories.insights))
    let router = Router(context: AppRequestContext.self)
    let authenticator = Authenticator(
        tokens: repositories.tokens, members: repositories.members, teams: repositories.teams, bcryptCost: settings.bcryptCost, sessions: settings.sessions, clock: clock)
    // One coach for the whole server: its memo of reviewed texts is shared by every adapter.
    let coach = BlameCoach()
    // Every feature once, shared by the API and the pages. Adapters get these and the single
    // repositories they read or write, never the whole bundle, so what each one touches is in its fields.
    let debriefs = Debriefs(repositories: repositories, clock: clock)
    let questions = Questions(repositories: repositories, clock: clock)
    let webhookSubscriptions = WebhookSubscriptions(repositories: repositories, destinations: settings.webhookDestinations, clock: clock)
    let lossReasons = LossReasons(repositories: repositories, clock: clock)
    let opener = DebriefOpener(repositories: repositories)
    let interactionService = InteractionService(repositories: repositories)
    let reflectionService = ReflectionService(repositories: repositories)
    let briefs = BriefAssembler(repositories: repositories)
    let importer = CRMImporter(repositories: repositories, now: clock)
    let allowedMethods = AllowedMethods()
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: MethodNotAllowedMiddleware(allowed: allowedMethods))
    router.add(middleware: MetricsMiddleware())

    // Cheap by design: no database, no allocation beyond the response. Benchmarks compare against it.
    router.add(.getHealth) { _, _ in "ok" }
    OpenAPIController().addRoutes(to: router)
    MetricsController(insights: repositories.insights, registry: settings.metrics, token: settings.metricsToken, clock: clock).addRoutes(to: router)

    let api = router.group()
    SetupController(teams: repositories.teams, authenticator: authenticator, clock: clock).addRoutes(to: api)

    let authenticated = api.group()
        .add(middleware: BearerAuthMiddleware(authenticator: authenticator))
        .add(middleware: CookieAuthMiddleware(authenticator: authenticator, safeMethodsOnly: true))
        .group(context: AuthenticatedContext.self)
    AccountSettingsController(
        teams: repositories.teams, members: repositories.members, tokens: repositories.tokens, authenticator: authenticator
    ).addRoutes(to: authenticated)
    MemberController(members: repositories.members, authenticator: authenticator, clock: clock).addRoutes(to: authenticated)
    AccountController(
        accounts: repositories.accounts, deals: repositories.deals, debriefs: repositories.debriefs, members: repositories.members,
        opener: opener, lossReasons: lossReasons, clock: clock
    ).addRoutes(to: authenticated)
    InteractionController(
        service: interactionService, interactions: repositories.interactions, reflections: repositories.reflections, clock: clock
    ).addRoutes(to: authenticated)
    ReflectionController(service: reflectionService, reflections: repositories.reflections, questions: questions, clock: clock)
        .addRoutes(to: authenticated)
    DebriefController(debriefs: debriefs, coach: coach, clock: clock).addRoutes(to: authenticated)
    LearningController(debriefs: debriefs, learning: repositories.learning, debriefRepository: repositories.debriefs, coach: coach, clock: clock)
        .addRoutes(to: authenticated)
    QuestionController(questions: questions).addRoutes(to: authenticated)
    FollowUpController(
        briefs: briefs, accounts: repositories.accounts, members: repositories.members, interactions: repositories.interactions,
        deals: repositories.deals, debriefs: repositories.debriefs, searchRepository: repositories.search, clock: clock, coach: coach
    ).addRoutes(to: authenticated)
    InsightsController(insightsRepository: repositories.insights, clock: clock).addRoutes(to: authenticated)
    CalendarFeedController(
        calendarFeeds: repositories.calendarFeeds, opener: opener, accounts: repositories.accounts, interactions: repositories.interactions,
        reflections: repositories.reflections, debriefs: repositories.debriefs, learning: repositories.learning, clock: clock
    ).addRoutes(api: authenticated, public: router)
    WebhookController(
        teams: repositories.teams, accounts: repositories.accounts, deals: repositories.deals, debriefs: repositories.debriefs,
        members: repositories.members, opener: opener, lossReasons: lossReasons, clock: clock
    ).addRoutes(public: api, authenticated: authenticated)
    OutboundWebhookController(subscriptions: webhookSubscriptions, webhooks: repositories.webhooks).addRoutes(to: authenticated)
    LossReasonController(lossReasons: lossReasons, lossReasonRepository: repositories.lossReasons).addRoutes(to: authenticated)
    let emailSettings = EmailSettings(email: repositories.email, clock: clock)
    let followUpMeetings = FollowUpMeetings(repositories: repositories, clock: clock)
    FollowUpMeetingController(meetings: followUpMeetings).addRoutes(to: authenticated)

    // The web app: server-rendered pages over the same features and repositories, signed in with a session cookie.
    let renderer = try await PageRenderer.load()
    EmailController(settings: emailSettings, renderer: renderer).addRoutes(api: authenticated, public: router)
    StaticFiles.load().addRoutes(to: router)
    let pages = router.group()
        .add(middleware: PageErrorMiddleware(renderer: renderer))
        .add(middleware: CookieAuthMiddleware(authenticator: authenticator, safeMethodsOnly: false))
    AuthPages(teams: repositories.teams, authenticator: authenticator, renderer: renderer, secureCookies: settings.secureCookies, clock: clock)
        .addRoutes(to: pages)
    let signedIn = pages.group(context: WebContext.self).add(middleware: CSRFMiddleware())
    HomePage(
        opener: opener, accounts: repositories.accounts, interactions: repositories.interactions, reflections: repositories.reflections,
        debriefs: repositories.debriefs, learning: repositories.learning, renderer: renderer, clock: clock
    ).addRoutes(to: signedIn)
    ReflectionPages(
        interactionService: interactionService, service: reflectionService, opener: opener, accounts: repositories.accounts,
        interactions: repositories.interactions, renderer: renderer, clock: clock
    ).addRoutes(to: signedIn)
    DebriefPages(debriefs: debriefs, renderer: renderer, coach: coach, clock: clock).addRoutes(to: signedIn)
    FollowUpPages(
        briefs: briefs, questions: questions, accountRepository: repositories.accounts, interactions: repositories.interactions,
        debriefs: repositories.debriefs, searchRepository: repositories.search, renderer: renderer, meetings: followUpMeetings
    ).addRoutes(to: signedIn)
    InsightsPage(insights: repositories.insights, renderer: renderer, clock: clock).addRoutes(to: signedIn)
    SettingsPages(
        teams: repositories.teams, members: repositories.members, lossReasons: lossReasons, lossReasonRepository: repositories.lossReasons,
        authenticator: authenticator, renderer: renderer, email: settings.email, clock: clock
    ).addRoutes(to: signedIn)
    EmailPages(settings: emailSettings, members: repositories.members, authenticator: authenticator, renderer: renderer, email: settings.email)
        .addRoutes(to: signedIn)
    WebhookPages(subscriptions: webhookSubscriptions, webhooks: repositories.webhooks, renderer: renderer).addRoutes(to: signedIn)
    ImportPages(importer: importer, renderer: renderer).addRoutes(to: signedIn)
    allowedMethods.set(router.routes.map { (path: $0.path.description, method: $0.method.rawValue) })
    return router
}
