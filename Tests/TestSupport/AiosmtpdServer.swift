import Foundation
import Testing

/// A real SMTP server for a test: smtp_server.py (next to this file) (aiosmtpd) in a child process on 127.0.0.1.
/// Started per test, stopped when the test's closure returns; the script also exits when our end of
/// its stdin closes, so a crashed test run leaves no server behind.
public struct AiosmtpdServer: Sendable {
    public enum Mode: String, Sendable { case plain, starttls, smtps }

    public let port: Int
    public let directory: URL
    public var maildir: URL { directory.appendingPathComponent("mail") }
    public var caCertificate: URL { directory.appendingPathComponent("tls/ca.pem") }

    /// A message as the server received it, with Python's reading of it.
    public struct Received: Decodable {
        public struct Auth: Decodable { public var mechanism: String; public var login: String }
        public struct Address: Decodable, Equatable {
            public var displayName: String
            public var address: String
            public init(displayName: String, address: String) {
                self.displayName = displayName
                self.address = address
            }
        }
        public struct Part: Decodable {
            public var contentType: String
            public var params: [String: String]
            public var disposition: String?
            public var filename: String?
            public var transferEncoding: String?
            public var defects: [String]
            public var content: String?
        }
        public struct Parsed: Decodable {
            public var subject: String?
            public var from: [Address]
            public var to: [Address]
            public var date: String
            public var messageId: String
            public var mimeVersion: String?
            public var listUnsubscribe: String?
            public var listUnsubscribePost: String?
            public var headerDefects: [String]
            public var parts: [Part]
            public var longestLine: Int
            public var bareLf: Bool
            public var size: Int
        }
        public var mailFrom: String
        public var rcptTos: [String]
        public var mailOptions: [String]
        public var tls: Bool
        public var authenticated: Bool
        public var auth: Auth?
        public var parsed: Parsed?
        public var parseError: String?
        public var raw: [UInt8] = []

        public enum CodingKeys: String, CodingKey {
            case mailFrom, rcptTos, mailOptions, tls, authenticated, auth, parsed, parseError
        }
    }

    private struct Ready: Decodable { var port: Int }

    public struct AuthAttempt: Decodable { public var mechanism: String; public var ok: Bool; public var tls: Bool }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// The messages received so far, in order.
    public func messages() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: maildir.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            var message = try Self.decoder().decode(Received.self, from: Data(contentsOf: maildir.appendingPathComponent(name)))
            let eml = maildir.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml"))
            message.raw = Array(try Data(contentsOf: eml))
            return message
        }
    }

    public func authAttempts() throws -> [AuthAttempt] {
        let file = maildir.appendingPathComponent("auth.jsonl")
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return try String(decoding: Data(contentsOf: file), as: UTF8.self).split(separator: "\n").map {
            try Self.decoder().decode(AuthAttempt.self, from: Data($0.utf8))
        }
    }


    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `body` with a fresh server. Needs python3 with aiosmtpd (and openssl for the TLS modes):
    /// `.ci/run` installs them; locally `python3 -m pip install aiosmtpd`.
    public static func with<T>(
        _ mode: Mode, user: String? = nil, password: String? = nil, mechanisms: String = "PLAIN,LOGIN", smtpUTF8: Bool = false, rejecting: [String] = [],
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
        for address in rejecting { arguments += ["--reject", address] }

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
