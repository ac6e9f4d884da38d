import CSQLite
import MLCCore

/// The parameters of one execution of a prepared statement, gathered without allocating: text is
/// appended to one reused byte buffer and bound in place (SQLITE_STATIC) just for the step, so a
/// row of twenty columns costs no string copies, no SQLite mallocs and no `SQLValue`s.
public struct ParameterBuffer {
    enum Parameter { case null, int(Int64), double(Double), text(start: Int, end: Int) }

    private var bytes: [UInt8] = []
    private var parameters: [Parameter] = []

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    public var count: Int { parameters.count }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        parameters.removeAll(keepingCapacity: true)
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

    /// Binds every parameter from index 1, runs the statement to completion and leaves it reset with
    /// no bindings, so nothing points into the buffer once this returns.
    func run(_ statement: Statement) throws {
        defer { sqlite3_reset(statement.handle); sqlite3_clear_bindings(statement.handle) }
        try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { chars in
                // A non-null pointer even for an empty buffer: a null one would bind NULL, not ''.
                let base = chars.baseAddress ?? UnsafePointer(bitPattern: 1)!
                for (i, parameter) in parameters.enumerated() {
                    let index = Int32(i + 1)
                    let rc: Int32
                    switch parameter {
                    case .null: rc = sqlite3_bind_null(statement.handle, index)
                    case .int(let v): rc = sqlite3_bind_int64(statement.handle, index, v)
                    case .double(let v): rc = sqlite3_bind_double(statement.handle, index, v)
                    case .text(let start, let end): rc = mlc_sqlite_bind_text_static(statement.handle, index, base + start, Int32(end - start))
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
}
