import Foundation
import Hummingbird

/// Serves the hand-written OpenAPI 3.1 document kept in `Sources/Web/Resources/openapi.json`.
/// A test checks that it lists exactly the routes the router has.
struct OpenAPIController {
    static let document: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            fatalError("openapi.json is missing from the Web module's resources")
        }
        return ByteBuffer(bytes: data)
    }()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: Self.document))
        }
    }
}
