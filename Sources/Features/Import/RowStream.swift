import CSV
import Domain
import Foundation

/// Reads a CRM export row by row (CSV.swift streams from the file, on a thread of its own), validating each.
public final class RowStream {
    private let rows: RowPrefetch
    private var chunk: [[String]] = []
    private var position = 0
    private let index: [String: Int]
    private let mapping: ColumnMapping
    private let options: ImportOptions
    private var line = 2

    public init(file: String, mapping: ColumnMapping, options: ImportOptions) throws {
        guard let stream = InputStream(fileAtPath: file) else { throw DomainError.invalid("file", "cannot read \(file)") }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw DomainError.invalid("file", "\(file) is not a CSV file: \(error)")
        }
        let header = (reader.headerRow ?? []).map(ScalarSpace.trimmedString)
        let columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let required = [("crmId", mapping.dealID), ("name", mapping.dealName), ("account", mapping.accountName), ("status", mapping.stage)]
        let missing = required.filter { columns[$0.1] == nil }.map { "\($0.1) (\($0.0))" }
        guard missing.isEmpty else {
            throw DomainError.invalid("file", "the header has no column \(missing.joined(separator: ", ")); found: \(header.joined(separator: ", "))")
        }
        index = columns
        self.mapping = mapping
        self.options = options
        rows = RowPrefetch(reader: reader)
    }

    deinit {
        rows.stop()
    }

    /// The next non-blank row, validated; nil at the end of the file.
    public func next() throws -> Result<ImportRow, ImportReport.BadRow>? {
        guard let (start, value) = nextRow() else {
            // CSV.swift reports the end of the stream as `cannotReadFile`; anything else (bad UTF-8, a stream error) is real.
            if let error = rows.error, !(error is CSVError && "\(error)" == "cannotReadFile") {
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
        while let fields = nextFields() {
            let start = line
            // Every line feed is a line, alone or after a carriage return (a lone CR is not): counted in bytes.
            line += 1 + fields.reduce(0) { count, field in field.utf8.reduce(count) { $1 == 0x0A ? $0 + 1 : $0 } }
            if fields.allSatisfy(ScalarSpace.isBlank) { continue }
            let index = self.index
            return (start, { column in
                guard let column, let position = index[column], position < fields.count else { return nil }
                let text = ScalarSpace.trimmedStringWithNewlines(fields[position])
                return text.isEmpty ? nil : text
            })
        }
        return nil
    }

    private func nextFields() -> [String]? {
        if position == chunk.count {
            guard let next = rows.next() else { return nil }
            chunk = next
            position = 0
        }
        position += 1
        return chunk[position - 1]
    }
}
