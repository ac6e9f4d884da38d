import Foundation

/// Structured events from the runtime: one line per event, as text or JSON (`--log-format json`).
/// Values are plain strings; callers never pass secrets (tokens, keys) into an event.
public final class EventLog: @unchecked Sendable {
    public enum Level: String, Sendable { case debug, info, warning, error }
    public enum Format: String, Sendable { case text, json, quiet }

    public let format: Format
    private let lock = NSLock()
    private let write: (String) -> Void

    public init(
        format: Format,
        write: @escaping (String) -> Void = { FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!) }
    ) {
        self.format = format
        self.write = write
    }

    public static let quiet = EventLog(format: .quiet)

    public func emit(_ level: Level, _ event: String, _ fields: [(String, String)] = []) {
        guard format != .quiet, level != .debug || ProcessInfo.processInfo.environment["MLC_DEBUG"] != nil else {
            return
        }
        let line: String
        switch format {
        case .json:
            var w = JSONWriter()
            w.write(
                .object(
                    [
                        JSONMember("ts", .string(Timestamp.now().iso8601)),
                        JSONMember("level", .string(level.rawValue)),
                        JSONMember("event", .string(event)),
                    ] + fields.map { JSONMember($0.0, .string($0.1)) }))
            line = w.string
        case .text:
            line =
                "\(level == .info ? "" : level.rawValue.uppercased() + " ")\(event)"
                + fields.map { " \($0.0)=\($0.1)" }.joined()
        case .quiet: return
        }
        lock.lock()
        defer { lock.unlock() }
        write(line)
    }

    public func info(_ event: String, _ fields: [(String, String)] = []) { emit(.info, event, fields) }
    public func warning(_ event: String, _ fields: [(String, String)] = []) { emit(.warning, event, fields) }
    public func error(_ event: String, _ fields: [(String, String)] = []) { emit(.error, event, fields) }
}
