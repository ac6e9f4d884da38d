import CSQLite
import MLCCore

/// The parameters of executions of a prepared statement, gathered without allocating: text is
/// appended to one reused byte buffer and bound in place (SQLITE_STATIC) just for the step, so a
/// row of twenty columns costs no string copies, no SQLite mallocs and no `SQLValue`s.
/// One buffer holds one execution's parameters, or several rows closed with `endRow()`.
public struct ParameterBuffer: Sendable {
    enum Parameter {
        case null
        case int(Int64)
        case double(Double)
        case text(start: Int, end: Int)
    }

    private var bytes: [UInt8] = []
    private var parameters: [Parameter] = []
    /// Where each closed row ends: (parameters, bytes).
    private var rowEnds: [(parameters: Int, bytes: Int)] = []

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    public var count: Int { parameters.count }
    public var rowCount: Int { rowEnds.count }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        parameters.removeAll(keepingCapacity: true)
        rowEnds.removeAll(keepingCapacity: true)
    }

    /// Closes the row being appended; returns its index for `run(_:row:)`.
    @discardableResult
    public mutating func endRow() -> Int {
        rowEnds.append((parameters.count, bytes.count))
        return rowEnds.count - 1
    }

    /// Forgets what was appended since the last closed row (a row that could not be completed).
    public mutating func discardOpenRow() {
        let end = rowEnds.last ?? (0, 0)
        parameters.removeSubrange(end.parameters...)
        bytes.removeSubrange(end.bytes...)
    }

    public mutating func appendNull() { parameters.append(.null) }
    public mutating func append(_ value: Int64) { parameters.append(.int(value)) }
    public mutating func append(_ value: Double) { parameters.append(.double(value)) }

    public mutating func append(_ text: String) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        parameters.append(.text(start: start, end: bytes.count))
    }

    /// A text parameter written straight into the buffer (a timestamp's ISO form, say).
    public mutating func appendText(_ write: (inout [UInt8]) -> Void) {
        let start = bytes.count
        write(&bytes)
        parameters.append(.text(start: start, end: bytes.count))
    }

    public mutating func append(_ value: SQLValue) {
        switch value {
        case .null: appendNull()
        case .int(let i): append(i)
        case .double(let d): append(d)
        case .text(let s): append(s)
        case .blob(let b): appendText { $0.append(contentsOf: b) }
        }
    }

    /// Binds the parameters of `row` (every parameter when nil) from index 1, runs the statement to
    /// completion and leaves it reset with no bindings, so nothing points into the buffer afterwards.
    func run(_ statement: Statement, row: Int? = nil) throws {
        let range =
            row.map { ($0 == 0 ? 0 : rowEnds[$0 - 1].parameters)..<rowEnds[$0].parameters } ?? parameters.indices
        defer {
            sqlite3_reset(statement.handle)
            sqlite3_clear_bindings(statement.handle)
        }
        try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { chars in
                // A non-null pointer even for an empty buffer: a null one would bind NULL, not ''.
                let base = chars.baseAddress ?? UnsafePointer(bitPattern: 1)!
                for (i, parameter) in parameters[range].enumerated() {
                    let index = Int32(i + 1)
                    let rc: Int32
                    switch parameter {
                    case .null: rc = sqlite3_bind_null(statement.handle, index)
                    case .int(let v): rc = sqlite3_bind_int64(statement.handle, index, v)
                    case .double(let v): rc = sqlite3_bind_double(statement.handle, index, v)
                    case .text(let start, let end):
                        rc = mlc_sqlite_bind_text_static(statement.handle, index, base + start, Int32(end - start))
                    }
                    guard rc == SQLITE_OK else { throw MLCError(.state, "SQLite bind: \(statement.db.lastError)") }
                }
            }
            while try statement.step() {}
        }
    }
}

extension Statement {
    /// Runs the statement once with the buffer's parameters (see `ParameterBuffer`).
    public func run(_ parameters: ParameterBuffer) throws { try parameters.run(self) }

    /// Runs the statement once with one closed row of the buffer.
    public func run(_ parameters: ParameterBuffer, row: Int) throws { try parameters.run(self, row: row) }
}
