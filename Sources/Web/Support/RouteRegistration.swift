import Features
import Hummingbird

/// Routes are registered only from the route enums, so every path the server answers is one the
/// enums (and through them the links and the OpenAPI check) know of.
extension RouterMethods where Context: OperationContext {
    /// The handler sees which operation it serves (`context.operation`), so a JSON body is held to the
    /// fields the document lists for it.
    @discardableResult
    func add(_ route: APIRoute, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(route.pattern), method: route.method.http) { request, context in
            var context = context
            context.operation = route
            return try await handler(request, context)
        }
    }
}

extension RouterMethods {

    @discardableResult
    func get(_ route: PageRoute, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(route.pattern), method: .get, use: handler)
    }

    @discardableResult
    func post(_ route: PageRoute, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(route.pattern), method: .post, use: handler)
    }

    @discardableResult
    func get(_ route: ServiceRoute, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(route.pattern), method: .get, use: handler)
    }

    @discardableResult
    func post(_ route: ServiceRoute, use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(route.pattern), method: .post, use: handler)
    }
}

extension RouteMethod {
    var http: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        case .put: .put
        case .patch: .patch
        case .delete: .delete
        }
    }
}
