import CSV
import Domain
import Foundation

/// Reads a CRM export row by row (CSV.swift streams from the file), validating each.
public final class RowStream {
    private let reader: CSVReader
    private let index: [String: Int]
    private let mapping: ColumnMapping
    private let options: ImportOptions
    private var line = 2

    public init(file: String, mapping: ColumnMapping, options: ImportOptions) throws {
        guard let stream = InputStream(fileAtPath: file) else { throw DomainError.invalid("file", "cannot read \(file)") }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw DomainError.invalid("file", "\(file) is not a CSV file: \(error)")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        let columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let required = [("crmId", mapping.dealID), ("name", mapping.dealName), ("account", mapping.accountName), ("status", mapping.stage)]
        let missing = required.filter { columns[$0.1] == nil }.map { "\($0.1) (\($0.0))" }
        guard missing.isEmpty else {
            throw DomainError.invalid("file", "the header has no column \(missing.joined(separator: ", ")); found: \(header.joined(separator: ", "))")
        }
        index = columns
        self.mapping = mapping
        self.options = options
    }

    /// The next non-blank row, validated; nil at the end of the file.
    public func next() throws -> Result<ImportRow, ImportReport.BadRow>? {
        guard let (start, value) = nextRow() else {
            // CSV.swift reports the end of the stream as `cannotReadFile`; anything else (bad UTF-8, a stream error) is real.
            if let error = reader.error, !(error is CSVError && "\(error)" == "cannotReadFile") {
                throw DomainError.invalid("file", "the file could not be read past line \(line): \(error)")
            }
            return nil
        }
        return CRMImporter.validate(line: start, value: value, mapping: mapping, options: options)
    }

    /// The next non-blank row's cells by column name, unvalidated.
    public func nextCells() -> ((String?) -> String?)? {
        nextRow()?.cells
    }

    private func nextRow() -> (line: Int, cells: (String?) -> String?)? {
        while let fields = reader.next() {
            let start = line
            line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" || $0 == "\r\n" }.count }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let index = self.index
            return (start, { column in
                guard let column, let position = index[column], position < fields.count else { return nil }
                let text = fields[position].trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            })
        }
        return nil
    }
}
