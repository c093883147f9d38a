import Domain
import Features
import Foundation
import Hummingbird

/// Serves the OpenAPI 3.1 document kept in `Sources/Web/Resources/openapi.json`, with the parts that
/// come from a list in the code filled in at start-up (one property per `ReflectionPrompt`), so the
/// document cannot fall behind them. A test checks that it lists exactly the routes the router has.
struct OpenAPIController {
    static let document: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url),
            let filled = try? OpenAPIDocument.filled(data)
        else {
            fatalError("openapi.json is missing from the Web module's resources or is not a JSON object")
        }
        return ByteBuffer(bytes: filled)
    }()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.add(.getOpenAPIDocument) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: Self.document))
        }
    }
}

public enum OpenAPIDocument {
    /// The document exactly as `GET /openapi.json` serves it (`rebound openapi`).
    public static var served: Data { Data(buffer: OpenAPIController.document) }

    /// The top-level fields each operation's JSON body may have, read from the document once. A body
    /// with any other field is refused: a misspelt field would otherwise be ignored without a word, and
    /// the server can never read a field the document does not describe. Operations whose body schema
    /// leaves `additionalProperties` open (the CRM webhook) are not listed.
    static let requestFields: [APIRoute: Set<String>] = {
        guard let document = try? JSONSerialization.jsonObject(with: served) as? [String: Any],
            let paths = document["paths"] as? [String: [String: Any]],
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        else { return [:] }
        func resolve(_ node: Any?) -> [String: Any]? {
            var node = node as? [String: Any]
            while let reference = node?["$ref"] as? String { node = schemas[String(reference.split(separator: "/").last ?? "")] as? [String: Any] }
            return node
        }
        var fields: [APIRoute: Set<String>] = [:]
        for (_, operations) in paths {
            for case let operation as [String: Any] in operations.values {
                guard let id = operation["operationId"] as? String, let route = APIRoute(rawValue: id),
                    let body = resolve(((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                        .flatMap { ($0 as? [String: Any])?["schema"] }),
                    let properties = body["properties"] as? [String: Any], body["additionalProperties"] as? Bool != true
                else { continue }
                fields[route] = Set(properties.keys)
            }
        }
        return fields
    }()

    /// The schemas that carry a reflection's answers, and whether an answer may be sent as null there.
    static let promptSchemas: [(name: String, nullable: Bool)] = [
        ("Reflection", false), ("ReflectionNotes", false), ("ReflectionNotesPatch", true),
    ]

    static func filled(_ data: Data) throws -> Data {
        guard var document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            var components = document["components"] as? [String: Any], var schemas = components["schemas"] as? [String: Any]
        else { throw CocoaError(.coderReadCorrupt) }
        for (name, nullable) in promptSchemas {
            guard var schema = schemas[name] as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
            var properties = schema["properties"] as? [String: Any] ?? [:]
            for prompt in ReflectionPrompt.allCases {
                properties[prompt.rawValue] = [
                    "type": nullable ? ["string", "null"] as Any : "string", "maxLength": 10_000, "description": prompt.question,
                ] as [String: Any]
            }
            schema["properties"] = properties
            schemas[name] = schema
        }
        components["schemas"] = schemas
        document["components"] = components
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
