import Foundation

/// Parses iCalendar output with Python's `icalendar` package, a real RFC 5545 parser.
public enum PythonICalendar {
    public static let available: Bool = runBlocking(["-c", "import icalendar"]) == 0

    /// Runs a Python script over an .ics file and returns its standard output lines. The process is
    /// awaited without holding a Swift concurrency thread (there are only as many as cores, and the
    /// suite's timing tests share them).
    public static func evaluate(_ script: String, on ics: Data) async throws -> (status: Int32, lines: [String]) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-\(UUID().uuidString).ics")
        try ics.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await run(["-c", script, file.path])
        return (result.status, result.output.split(separator: "\n").map(String.init))
    }

    private static func process(_ arguments: [String]) -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        return (process, output)
    }

    private static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let (process, output) = process(arguments)
        let (exited, exit) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exit.finish() }
        try process.run()
        let data = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: output.fileHandleForReading.readDataToEndOfFile()) }
        }
        for await _ in exited {}
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Once, when the suite starts.
    private static func runBlocking(_ arguments: [String]) -> Int32? {
        let (process, output) = process(arguments)
        guard (try? process.run()) != nil else { return nil }
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
