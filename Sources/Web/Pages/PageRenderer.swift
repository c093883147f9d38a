import Domain
import Features
import Foundation
import Hummingbird
import Mustache

/// Renders Mustache templates from `Sources/Web/Templates` (`{{…}}` escapes HTML; `{{{…}}}` is used
/// only for text this code escaped itself) and adds the security headers every page carries.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Every template a page renders; the server does not start unless each one loads.
    enum Template: String, CaseIterable {
        case account, accounts, brief, debrief, debriefs, error, home, insights, layout, log, login, questions, reflection, search
        case settings, setup, webhooks, unsubscribe, emailSettings = "email-settings"
        case importDeals = "import"
    }

    struct MissingTemplates: Error, CustomStringConvertible {
        let names: [String]
        var description: String { "templates missing from the Web module's resources: \(names.joined(separator: ", "))" }
    }

    static func load() async throws -> PageRenderer {
        guard let directory = Bundle.module.path(forResource: "Templates", ofType: nil) else {
            throw MissingTemplates(names: Template.allCases.map(\.rawValue))
        }
        return try load(directory: directory)
    }

    static func load(directory: String) throws -> PageRenderer {
        let library = try loadLibrary(directory: directory)
        let missing = Template.allCases.filter { library.getTemplate(named: $0.rawValue) == nil }
        guard missing.isEmpty else { throw MissingTemplates(names: missing.map(\.rawValue)) }
        return PageRenderer(library: library)
    }

    /// swift-mustache escapes `{{value}}` by comparing `Character`s, which a joining mark defeats
    /// (U+0600 followed by `<` is one character, not `<`). Every template, partials and layouts
    /// included, is loaded with a content-type pragma in front, so its values go through `Escape.html`.
    /// The library resets the content type when it enters a partial; that partial carries the pragma too.
    static func loadLibrary(directory: String) throws -> MustacheLibrary {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: ScalarHTMLContentType.name)
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mustache") }
        for file in files.sorted() {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            try library.register(ScalarHTMLContentType.pragma + text, named: String(file.dropLast(".mustache".count)))
        }
        return library
    }

    func render(_ template: Template, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: html(template, model))))
    }

    func html(_ template: Template, _ model: Any) -> String {
        // Every template was checked at start-up.
        library.render(TemplateValue.prepare(model), withTemplate: template.rawValue) ?? ""
    }

    static let headers: HTTPFields = {
        var fields: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ]
        fields[.init("Referrer-Policy")!] = "same-origin"
        fields[.init("X-Frame-Options")!] = "DENY"
        return fields
    }()
}

/// HTML escaping for template values, by UTF-8 byte (see `Escape.html`).
struct ScalarHTMLContentType: MustacheContentType {
    static let name = "REBOUND_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"

    func escapeText(_ text: String) -> String { Escape.html(text) }
}

/// What every page shows around its content.
struct Chrome {
    struct NavItem {
        let label: String
        let href: String
        let current: Bool
    }

    let title: String
    let userName: String?
    let csrf: String?
    let isAdmin: Bool
    let nav: [NavItem]
    let logoutPath: String
    let searchPath: String

    init(title: String, user: Member?, csrf: String?, section: String? = nil) {
        self.title = title
        userName = user?.name
        self.csrf = csrf
        isAdmin = user?.isAdmin ?? false
        logoutPath = SiteURL.logout.path
        searchPath = SiteURL.search(nil).path
        let items: [(String, SiteURL)] = [
            ("My queue", .home), ("Log a call", .newInteraction(followUpOf: nil)), ("Debriefs", .debriefs), ("Accounts", .accounts),
            ("Questions", .questions), ("Insights", .insights), ("Settings", .settings),
        ]
        nav = user == nil ? [] : items.map { NavItem(label: $0.0, href: $0.1.path, current: $0.0 == section) }
    }
}

/// Turns errors on pages into HTML pages; redirects pass through.
struct PageErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: PageRenderer

    struct Model {
        let chrome: Chrome
        let status: Int
        let heading: String
        let detail: String
        let errors: [FieldError]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as Redirect {
            throw redirect
        } catch let error as PageError {
            return page(error.status, error.title, error.detail)
        } catch let error as DomainError {
            switch error {
            case .notFound(let what): return page(.notFound, "Not found", "No \(what) with that address is visible to you.")
            case .forbidden(let detail): return page(.forbidden, "Not allowed", detail)
            case .conflict(let detail): return page(.conflict, "That did not work", detail)
            case .invalid(let errors): return page(.unprocessableContent, "Please check the form", "Nothing was saved.", errors: errors)
            }
        } catch let problem as Problem {
            return page(problem.status, problem.title, problem.detail ?? "", errors: problem.errors)
        } catch let error as HTTPError {
            return page(error.status, error.status.reasonPhrase, error.body ?? "")
        } catch {
            context.logger.error("unhandled error on a page", metadata: ["error": "\(String(reflecting: error))"])
            return page(.internalServerError, "Something went wrong", "Nothing you sent was half-written; please try again.")
        }
    }

    private func page(_ status: HTTPResponse.Status, _ heading: String, _ detail: String, errors: [FieldError] = []) -> Response {
        renderer.render(.error, Model(chrome: Chrome(title: heading, user: nil, csrf: nil), status: status.code, heading: heading, detail: detail, errors: errors),
            status: status)
    }
}

/// Dates as people read them on a page: moments in the viewer's zone, named ("CST", "GMT+5:30").
enum PageFormat {
    static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        TimeZones.dateTime(date, in: zone)
    }

    /// The day of a moment, in the viewer's zone.
    static func day(_ date: Date, in zone: TimeZone) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, timeZone: zone))
    }

    /// A calendar date with no time (an action item's due date), stored as its UTC midnight: the same
    /// day wherever it is read.
    static func calendarDay(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .omitted, timeZone: .gmt))
    }

    /// "UTC", "CST" or "CDT" as the date falls, else "GMT+5:30".
    static func zoneName(_ zone: TimeZone, at date: Date = Date()) -> String {
        TimeZones.displayName(zone, at: date)
    }

    /// "in 2 h", "3 h overdue".
    static func relative(_ date: Date, now: Date) -> String {
        let minutes = Int((date.timeIntervalSince(now) / 60).rounded())
        let span = abs(minutes) < 60 ? "\(abs(minutes)) min" : abs(minutes) < 48 * 60 ? "\(abs(minutes) / 60) h" : "\(abs(minutes) / 1440) days"
        return minutes >= 0 ? "due in \(span)" : "\(span) overdue"
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// A `datetime-local` field's value for a moment: its wall-clock time in the viewer's zone.
    static func formValue(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        let year = String(c.year ?? 1970)
        return "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute))"
    }

    /// A `datetime-local` field ("2026-11-23T14:30", read in the viewer's zone) or a full ISO 8601
    /// date-time. A local time that a daylight-saving change skips (02:30 on a spring-forward night) is
    /// read as the same span after the gap (03:30); one that happens twice is the first.
    static func formDateTime(_ text: String, in zone: TimeZone) -> Date? {
        guard text.utf8.count == 16 else { return parseTimestamp(text) }
        guard parseTimestamp(text + ":00Z") != nil else { return nil }
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: number(0..<4), month: number(5..<7), day: number(8..<10), hour: number(11..<13), minute: number(14..<16))
        return calendar.date(from: components)
    }
}
