import Domain
import Features
import Foundation
import Hummingbird
import Prometheus
import Storage

/// `GET /metrics` in Prometheus text format: request counts and latencies (from Hummingbird's
/// MetricsMiddleware), plus queue sizes and overdue counts read from the database at scrape time.
/// Only server-wide totals: nothing here names a team or a person. Still, it is for the operator's
/// monitoring, not the public: it answers only with `Authorization: Bearer <REBOUND_METRICS_TOKEN>`
/// (compared in constant time), and is not served at all when no token is configured.
struct MetricsController {
    let insights: any InsightsRepository
    let registry: PrometheusCollectorRegistry
    let token: String?
    let clock: @Sendable () -> Date

    func addRoutes(to router: Router<AppRequestContext>) {
        let gauges = [
            ("rebound_reflections_pending", "Reflections not yet completed or skipped"),
            ("rebound_reflections_overdue", "Pending reflections past their due time"),
            ("rebound_debriefs_open", "Debriefs not yet completed"),
            ("rebound_debriefs_overdue", "Open debriefs past their due time"),
            ("rebound_questions_open", "Customer questions still open"),
            ("rebound_action_items_open", "Action items still open"),
        ].map { registry.makeGauge(name: $0.0, help: $0.1) }
        router.get(.metrics) { request, _ -> Response in
            guard let token else { throw DomainError.notFound("page") }
            let header = request.headers[.authorization] ?? ""
            guard header.lowercased().hasPrefix("bearer "), WebSession.matches(String(header.dropFirst("bearer ".count)), token) else {
                throw Problem.unauthorized
            }
            let counts = try await insights.operationalCounts(at: clock())
            for (gauge, value) in zip(gauges, [
                counts.reflectionsPending, counts.reflectionsOverdue, counts.debriefsOpen, counts.debriefsOverdue, counts.questionsOpen,
                counts.actionItemsOpen,
            ]) {
                gauge.set(Double(value))
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
