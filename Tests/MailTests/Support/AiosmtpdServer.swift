import Foundation
import Testing

/// A real SMTP server for a test: Support/smtp_server.py (aiosmtpd) in a child process on 127.0.0.1.
/// Started per test, stopped when the test's closure returns; the script also exits when our end of
/// its stdin closes, so a crashed test run leaves no server behind.
struct AiosmtpdServer: Sendable {
    enum Mode: String, Sendable { case plain, starttls, smtps }

    let port: Int
    let directory: URL
    var maildir: URL { directory.appendingPathComponent("mail") }
    var caCertificate: URL { directory.appendingPathComponent("tls/ca.pem") }

    /// A message as the server received it, with Python's reading of it.
    struct Received: Decodable {
        struct Auth: Decodable { var mechanism: String; var login: String }
        struct Address: Decodable, Equatable { var displayName: String; var address: String }
        struct Part: Decodable {
            var contentType: String
            var params: [String: String]
            var disposition: String?
            var filename: String?
            var transferEncoding: String?
            var defects: [String]
            var content: String?
        }
        struct Parsed: Decodable {
            var subject: String?
            var from: [Address]
            var to: [Address]
            var date: String
            var messageId: String
            var mimeVersion: String?
            var listUnsubscribe: String?
            var listUnsubscribePost: String?
            var headerDefects: [String]
            var parts: [Part]
            var longestLine: Int
            var bareLf: Bool
            var size: Int
        }
        var mailFrom: String
        var rcptTos: [String]
        var mailOptions: [String]
        var tls: Bool
        var authenticated: Bool
        var auth: Auth?
        var parsed: Parsed?
        var parseError: String?
        var raw: [UInt8] = []

        enum CodingKeys: String, CodingKey {
            case mailFrom, rcptTos, mailOptions, tls, authenticated, auth, parsed, parseError
        }
    }

    private struct Ready: Decodable { var port: Int }

    struct AuthAttempt: Decodable { var mechanism: String; var ok: Bool; var tls: Bool }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// The messages received so far, in order.
    func messages() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: maildir.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            var message = try Self.decoder().decode(Received.self, from: Data(contentsOf: maildir.appendingPathComponent(name)))
            let eml = maildir.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml"))
            message.raw = Array(try Data(contentsOf: eml))
            return message
        }
    }

    func authAttempts() throws -> [AuthAttempt] {
        let file = maildir.appendingPathComponent("auth.jsonl")
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return try String(decoding: Data(contentsOf: file), as: UTF8.self).split(separator: "\n").map {
            try Self.decoder().decode(AuthAttempt.self, from: Data($0.utf8))
        }
    }


    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `body` with a fresh server. Needs python3 with aiosmtpd (and openssl for the TLS modes):
    /// `.ci/run` installs them; locally `python3 -m pip install aiosmtpd`.
    static func with<T>(
        _ mode: Mode, user: String? = nil, password: String? = nil, mechanisms: String = "PLAIN,LOGIN", smtpUTF8: Bool = false,
        _ body: (AiosmtpdServer) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rebound-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("mail"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tls"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_server.py")
        var arguments = ["python3", script.path, "--mode", mode.rawValue, "--maildir", directory.appendingPathComponent("mail").path,
                         "--tls-dir", directory.appendingPathComponent("tls").path, "--mechanisms", mechanisms]
        if let user, let password { arguments += ["--user", user, "--password", password] }
        if smtpUTF8 { arguments.append("--smtputf8") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderrFile = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        // Waiting for the exit without blocking a Swift concurrency thread (there are only as many as cores).
        let (exited, exit) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exit.finish() }
        try process.run()
        let pid = process.processIdentifier

        func stop() async {
            try? stdin.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            for await _ in exited {}
        }

        let line = await firstLine(of: stdout.fileHandleForReading, within: .seconds(30), orElse: { _ = kill(pid, SIGTERM) })
        guard let line, let ready = try? JSONDecoder().decode(Ready.self, from: Data(line.utf8)) else {
            await stop()
            let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            throw StartFailure(description: "smtp_server.py did not start (is aiosmtpd installed? python3 -m pip install aiosmtpd): \(stderr)")
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(AiosmtpdServer(port: ready.port, directory: directory)))
        } catch {
            result = .failure(error)
        }
        await stop()
        return try result.get()
    }

    /// Reads up to the first newline on a plain thread (a blocking read must not hold a Swift concurrency
    /// thread); after `within`, `orElse` ends the process, which ends the read with EOF.
    private static func firstLine(of handle: FileHandle, within limit: Duration, orElse stop: @escaping @Sendable () -> Void) async -> String? {
        let timer = Task {
            try await Task.sleep(for: limit)
            stop()
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes: [UInt8] = []
                while !bytes.contains(0x0A) {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    bytes += data
                }
                let line = bytes.split(separator: 0x0A).first.map { String(decoding: $0, as: UTF8.self) }
                continuation.resume(returning: line)
            }
        }
    }
}
