import Foundation

/// Parses iCalendar output with Python's `icalendar` package, a real RFC 5545 parser.
public enum PythonICalendar {
    public static let available: Bool = (try? run(["-c", "import icalendar"]).status) == 0

    /// Runs a Python script over an .ics file and returns its standard output lines.
    public static func evaluate(_ script: String, on ics: Data) throws -> (status: Int32, lines: [String]) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-\(UUID().uuidString).ics")
        try ics.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run(["-c", script, file.path])
        return (result.status, result.output.split(separator: "\n").map(String.init))
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
