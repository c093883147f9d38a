import Foundation
import Testing
@testable import Web

/// Templates are checked when the server starts: a page can never answer "template missing" with 200.
@Suite struct PageRendererTests {
    static var templates: String { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Web/Templates").path }

    @Test func everyTemplateAPageRendersIsInTheRepository() throws {
        _ = try PageRenderer.load(directory: Self.templates)
    }

    @Test func aMissingTemplateStopsTheServerFromStartingAndIsNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-templates-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.templates) where file != "brief.mustache" {
            try FileManager.default.copyItem(atPath: Self.templates + "/" + file, toPath: directory + "/" + file)
        }

        #expect(throws: PageRenderer.MissingTemplates.self) { try PageRenderer.load(directory: directory) }
        do {
            _ = try PageRenderer.load(directory: directory)
        } catch let missing as PageRenderer.MissingTemplates {
            #expect(missing.names == ["brief"])
        }
    }
}
