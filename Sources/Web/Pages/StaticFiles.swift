import Features
import Foundation
import Hummingbird

/// The stylesheet and the small progressive-enhancement script, loaded once and served from memory.
struct StaticFiles {
    let files: [String: (ByteBuffer, String)]

    static func load() -> StaticFiles {
        var files: [String: (ByteBuffer, String)] = [:]
        for (name, type) in [("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8")] {
            guard let url = Bundle.module.url(forResource: "Static/\(name)", withExtension: nil) ?? Bundle.module.url(forResource: name, withExtension: nil),
                let data = try? Data(contentsOf: url)
            else { fatalError("\(name) is missing from the Web module's resources") }
            files[name] = (ByteBuffer(bytes: data), type)
        }
        return StaticFiles(files: files)
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let files = self.files
        router.get(.staticFile) { _, context in
            guard let name = context.parameters.get("file"), let (body, type) = files[name] else { throw HTTPError(.notFound) }
            return Response(
                status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600", .xContentTypeOptions: "nosniff"],
                body: .init(byteBuffer: body))
        }
    }
}
