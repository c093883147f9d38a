import Domain
import Features
import Foundation
import Hummingbird
import MultipartKit
import Storage

/// Uploading a CRM export: the same importer as `rebound import`, validated first, with a report of
/// every bad line. Admins and managers import; the uploader is the importer of record.
struct ImportPages {
    let importer: CRMImporter
    let renderer: PageRenderer

    struct Upload: Decodable {
        let format: String?
        let mapping: String?
        let dryRun: String?
        let skipInvalid: String?
        let noDebriefs: String?
        let numbers: String?
        let dateOrder: String?
        let file: Data?
    }

    struct Model {
        struct Result {
            struct BadLine {
                let line: Int
                let reason: String
            }

            let rows: Int
            let badLines: [BadLine]
            let badCount: Int
            let accountsCreated: Int
            let dealsCreated: Int
            let dealsUpdated: Int
            let dealsUnchanged: Int
            let unmatchedOwners: String?
            let debriefsOpened: Int
            let anyDebriefs: Bool
            let wroteNothing: Bool
            let dryRun: Bool
        }

        let chrome: Chrome
        let formats: [String]
        let path: String
        let debriefsPath: String
        let result: Result?
        let errors: [FieldError]
    }

    func addRoutes(to router: RouterGroup<WebContext>) {
        router.get(.importDeals, use: page)
        router.post(.importDeals, use: upload)
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        try requireManager(context)
        return render(context, result: nil, errors: [], status: .ok)
    }

    @Sendable func upload(_ request: Request, context: WebContext) async throws -> Response {
        try requireManager(context)
        guard let boundary = request.multipartBoundary else {
            return render(context, result: nil, errors: [FieldError("file", "send the form as multipart/form-data with a file")], status: .unprocessableContent)
        }
        var request = request
        let body = try await request.collectBody(upTo: WebContext.maxFileUploadSize)
        let form: Upload
        do {
            form = try FormDataDecoder().decode(Upload.self, from: body, boundary: boundary)
        } catch {
            return render(context, result: nil, errors: [FieldError("file", "the upload could not be read: \(error)")], status: .badRequest)
        }
        guard let data = form.file, !data.isEmpty else {
            return render(context, result: nil, errors: [FieldError("file", "choose a CSV file to import")], status: .unprocessableContent)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-upload-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            try data.write(to: file)
            let format = try ImportFormat.parse(form.format ?? "csv", field: "format")
            var mapping = ColumnMapping.forFormat(format)
            if let spec = form.mapping?.trimmingCharacters(in: .whitespaces), !spec.isEmpty { mapping = try mapping.overridden(by: spec) }
            var options = ImportOptions()
            options.dryRun = form.dryRun != nil
            options.skipInvalid = form.skipInvalid != nil
            options.openDebriefs = form.noDebriefs == nil
            if let numbers = form.numbers, !numbers.isEmpty {
                guard let convention = NumberConvention(rawValue: numbers) else { throw DomainError.invalid("numbers", "choose how the file writes numbers") }
                options.numberConvention = convention
            }
            if let order = form.dateOrder, !order.isEmpty {
                guard let dateOrder = DateOrder(rawValue: order) else { throw DomainError.invalid("dateOrder", "choose mdy or dmy") }
                options.dateOrder = dateOrder
            }
            let report = try await importer.run(file: file.path, mapping: mapping, importer: context.user, options: options)
            let result = Model.Result(
                rows: report.rows, badLines: report.badRows.map { .init(line: $0.line, reason: $0.reason) }, badCount: report.badRows.count,
                accountsCreated: report.accountsCreated,
                dealsCreated: report.dealsCreated, dealsUpdated: report.dealsUpdated, dealsUnchanged: report.dealsUnchanged,
                unmatchedOwners: report.unmatchedOwners.isEmpty ? nil : report.unmatchedOwners.joined(separator: ", "), debriefsOpened: report.debriefsOpened, anyDebriefs: report.debriefsOpened > 0 && !report.wroteNothing,
                wroteNothing: report.wroteNothing, dryRun: options.dryRun)
            let refused = report.wroteNothing && !options.dryRun
            return render(context, result: result, errors: [], status: refused ? .unprocessableContent : .ok)
        } catch DomainError.invalid(let errors) {
            return render(context, result: nil, errors: errors, status: .unprocessableContent)
        }
    }

    private func requireManager(_ context: WebContext) throws {
        try Self.requireManager(context.user)
    }

    static func requireManager(_ user: Member) throws {
        guard user.canManage else { throw DomainError.forbidden("Only an admin or a manager can import deals.") }
    }

    private func render(_ context: WebContext, result: Model.Result?, errors: [FieldError], status: HTTPResponse.Status) -> Response {
        let model = Model(
            chrome: Chrome(title: "Import deals", user: context.user, csrf: context.csrf, section: "Settings"),
            formats: ImportFormat.allCases.map(\.rawValue), path: SiteURL.importDeals.path, debriefsPath: SiteURL.debriefs.path, result: result,
            errors: errors)
        return renderer.render(.importDeals, model, status: status)
    }
}
