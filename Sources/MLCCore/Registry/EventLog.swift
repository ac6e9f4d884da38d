import Foundation
import Logging

/// Structured events from the runtime, through swift-log: one line per event, as text with a UTC timestamp or
/// as JSON (`--log-format json`), the pipeline and the run on every line once a run began. Values are plain
/// strings; callers never pass secrets (tokens, keys) into an event. Connectors that want swift-log itself
/// take `logger`, which writes through the same backend.
public final class EventLog: @unchecked Sendable {
    public enum Level: String, Sendable, CaseIterable {
        case debug, info, warning, error

        var swiftLog: Logger.Level {
            switch self {
            case .debug: return .debug
            case .info: return .info
            case .warning: return .warning
            case .error: return .error
            }
        }
    }
    public enum Format: String, Sendable { case text, json, quiet }

    /// The metadata key under which an event's own fields travel, in their order.
    static let fieldsKey = "_fields"

    public let format: Format
    public let level: Level
    private let lock = NSLock()
    private var base: Logger
    private let writer: EventLineHandler.Writer

    public init(
        format: Format, level: Level? = nil,
        write: @escaping (String) -> Void = { FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!) }
    ) {
        self.format = format
        // MLC_DEBUG, as before --log-level, still turns on debug events.
        self.level = level ?? (ProcessInfo.processInfo.environment["MLC_DEBUG"] != nil ? .debug : .info)
        writer = EventLineHandler.Writer(write)
        base = Self.logger(format: format, level: self.level, writer: writer)
    }

    private init(format: Format, level: Level, writer: EventLineHandler.Writer) {
        self.format = format
        self.level = level
        self.writer = writer
        base = Self.logger(format: format, level: level, writer: writer)
    }

    static func logger(format: Format, level: Level, writer: EventLineHandler.Writer) -> Logger {
        var logger = Logger(label: "mlc") { _ in
            EventLineHandler(format: format == .json ? .json : .text, writer: writer)
        }
        logger.logLevel = format == .quiet ? .critical : level.swiftLog
        return logger
    }

    public static let quiet = EventLog(format: .quiet)

    /// The same output with its own metadata: each pipeline of `mlc schedule` names itself on its lines.
    public func scoped() -> EventLog { EventLog(format: format, level: level, writer: writer) }

    /// Metadata on every later line of this log (`pipeline`, `run`).
    public func set(_ key: String, _ value: String) { lock.withLock { base[metadataKey: key] = .string(value) } }

    /// A swift-log `Logger` writing through this log, with its metadata.
    public var logger: Logger { lock.withLock { base } }

    public func emit(_ level: Level, _ event: String, _ fields: [(String, String)] = []) {
        guard format != .quiet else { return }
        let pairs = fields.map { Logger.MetadataValue.array([.string($0.0), .string($0.1)]) }
        logger.log(level: level.swiftLog, "\(event)", metadata: [Self.fieldsKey: .array(pairs)])
    }

    public func debug(_ event: String, _ fields: [(String, String)] = []) { emit(.debug, event, fields) }
    public func info(_ event: String, _ fields: [(String, String)] = []) { emit(.info, event, fields) }
    public func warning(_ event: String, _ fields: [(String, String)] = []) { emit(.warning, event, fields) }
    public func error(_ event: String, _ fields: [(String, String)] = []) { emit(.error, event, fields) }
}
