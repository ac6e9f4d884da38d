import Foundation
import Logging

/// mlc's swift-log backend: one line per event on standard error (or any writer), as text —
/// `2026-12-03T13:01:36.123456Z WARNING http.retry pipeline=acme run=… attempt=2` — or as JSON with typed
/// values (numbers and booleans as themselves). Every line carries the logger's metadata (the pipeline and the
/// run), then the event's own fields in the order given.
public struct EventLineHandler: LogHandler {
    public enum Format: Sendable { case text, json }

    /// One writer per process: lines of concurrent entities never interleave.
    public final class Writer: @unchecked Sendable {
        private let lock = NSLock()
        private let write: (String) -> Void
        public init(_ write: @escaping (String) -> Void) { self.write = write }
        func line(_ text: String) { lock.withLock { write(text) } }
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    /// The metadata keys in the order they were first set (the pipeline before the run).
    var order: [String] = []
    let format: Format
    let writer: Writer

    public init(format: Format, writer: Writer) {
        self.format = format
        self.writer = writer
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set {
            if newValue != nil, !order.contains(key) { order.append(key) }
            metadata[key] = newValue
        }
    }

    public func log(event: LogEvent) {
        var fields = order.compactMap { key in metadata[key].map { (key, "\($0)") } }
        // The event's fields keep their order: EventLog passes them as a list under one key.
        if case .array(let pairs)? = event.metadata?[EventLog.fieldsKey] {
            for case .array(let pair) in pairs where pair.count == 2 { fields.append(("\(pair[0])", "\(pair[1])")) }
        }
        for (key, value) in (event.metadata ?? [:]).sorted(by: { $0.key < $1.key }) where key != EventLog.fieldsKey {
            fields.append((key, "\(value)"))
        }
        let level = event.level == .warning ? "warning" : event.level.rawValue
        switch format {
        case .text:
            writer.line(
                "\(Timestamp.now().iso8601) \(level.uppercased()) \(event.message)"
                    + fields.map { " \($0.0)=\($0.1)" }.joined())
        case .json:
            var w = JSONWriter()
            w.write(
                .object(
                    [
                        JSONMember("ts", .string(Timestamp.now().iso8601)), JSONMember("level", .string(level)),
                        JSONMember("event", .string("\(event.message)")),
                    ] + fields.map { JSONMember($0.0, Self.typed($0.1)) }))
            writer.line(w.string)
        }
    }

    /// A number or a boolean as itself, everything else as text.
    static func typed(_ text: String) -> JSON {
        if text == "true" || text == "false" { return .bool(text == "true") }
        if let first = text.first, first == "-" || first.isNumber, Double(text) != nil, !text.hasSuffix("."),
            !(text.count > 1 && text.hasPrefix("0") && !text.hasPrefix("0."))
        {
            return .number(text)
        }
        return .string(text)
    }
}
