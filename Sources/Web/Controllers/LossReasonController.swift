import Domain
import Features
import Foundation
import Hummingbird
import Logging
import Storage

/// The team's loss reasons and how its CRM's free-text reasons map onto them. Everyone reads them;
/// admins change the list and confirm (or change) the suggested mappings.
struct LossReasonController {
    let lossReasons: LossReasons
    let lossReasonRepository: any LossReasonRepository

    struct ListBody: Decodable {
        let reasons: [LossReason]
    }

    struct MappingBody: Decodable {
        let crmReason: String
        let reason: String
    }

    struct MappingResponse: ResponseEncodable {
        let crmReason: String
        let reason: String
        /// False while it is only the suggestion Rebound made from the text's words.
        let confirmed: Bool
        let updatedAt: Date

        init(_ mapping: LossReasonMapping) {
            crmReason = mapping.crmReason
            reason = mapping.reasonKey
            confirmed = mapping.confirmed
            updatedAt = mapping.updatedAt
        }
    }

    func addRoutes(to router: RouterGroup<AuthenticatedContext>) {
        router.add(.listLossReasons, use: list)
        router.add(.replaceLossReasons, use: replace)
        router.add(.listLossReasonMappings, use: mappings)
        router.add(.confirmLossReasonMapping, use: confirm)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<LossReason> {
        ListResponse(items: try await lossReasonRepository.lossReasons(of: context.team), nextOffset: nil)
    }

    @Sendable func replace(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<LossReason> {
        try context.requireAdmin()
        let body = try await request.decodeJSON(as: ListBody.self, context: context)
        let reasons = try LossReason.validated(body.reasons)
        try await lossReasonRepository.setLossReasons(reasons, of: context.team)
        return ListResponse(items: reasons, nextOffset: nil)
    }

    @Sendable func mappings(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<MappingResponse> {
        let page = try QueryParameters(request).page()
        return ListResponse(paging: try await lossReasonRepository.lossReasonMappings(of: context.team).map(MappingResponse.init), page)
    }

    @Sendable func confirm(_ request: Request, context: AuthenticatedContext) async throws -> MappingResponse {
        try context.requireAdmin()
        let body = try await request.decodeJSON(as: MappingBody.self, context: context)
        return MappingResponse(try await lossReasons.confirm(crmReason: body.crmReason, as: body.reason, team: context.team))
    }
}
