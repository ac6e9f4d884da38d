import Foundation
import MLCCore

/// What a person at a terminal sees during a run: from the first second one line per entity — its state (waiting,
/// reading page N, waiting on the sink, done, failed), rows read and written, rate, elapsed — and a line for a
/// back-off in progress ("backing off HTTP 429 — retry in 4 s (3/8)"), redrawn in place once a second and as the
/// entities move (at most ten times a second: a fast read must not spend its time drawing). Warnings and errors are
/// printed above the block, never lost under it. No line is wider than the terminal. `NO_COLOR` drops colour;
/// `TERM=dumb` (or no terminal) draws nothing and lets event lines through as they are.
final class TerminalDisplay: @unchecked Sendable {
    /// The run's display on standard error, when standard error is a terminal that can redraw.
    static let shared = TerminalDisplay()

    static var usable: Bool {
        isatty(2) == 1 && ProcessInfo.processInfo.environment["TERM"].map { $0 != "dumb" && !$0.isEmpty } ?? false
    }

    private struct Line {
        var summary: EntitySummary?
        var started: ContinuousClock.Instant?
        var done: Bool { summary?.phase == .done }
        /// The phase the screen shows: a change of phase is drawn at once, whatever the throttle.
        var drawnPhase: EntityPhase?
    }

    private let lock = NSLock()
    private var order: [String] = []
    private var lines: [String: Line] = [:]
    private var backoff: (text: String, until: Date)?
    private var drawn = 0
    private var lastDrawn = ContinuousClock.now
    private var active = false
    private var started = ContinuousClock.now
    private var ticker: Task<Void, Never>?
    private let color = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    private let write: (String) -> Void = { FileHandle.standardError.write($0.data(using: .utf8)!) }

    /// Starts drawing the entities' lines, and redraws once a second until `finish`.
    func start(entities: [String]) {
        lock.withLock {
            order = entities
            lines = Dictionary(uniqueKeysWithValues: entities.map { ($0, Line()) })
            started = .now
            active = true
            redraw()
        }
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                self?.lock.withLock { self?.redraw() }
            }
        }
    }

    func update(_ summary: EntitySummary) {
        lock.withLock {
            var line = lines[summary.entity] ?? Line()
            line.started = line.started ?? .now
            line.summary = summary
            lines[summary.entity] = line
            if line.done || summary.phase != line.drawnPhase || ContinuousClock.now - lastDrawn >= .milliseconds(100) {
                redraw()
            }
        }
    }

    /// An event line: above the block while it is drawn (a back-off also shows in it), as it is otherwise.
    func event(_ text: String) {
        lock.withLock {
            if text.contains(" http.retry ") { noteBackoff(text) }
            guard active else { return write(text + "\n") }
            clear()
            write(Self.wrap(text, width: width) + "\n")
            drawn = 0
            redraw()
        }
    }

    /// Stops drawing; the block stays as the last state, and the summary table follows it.
    func finish() {
        ticker?.cancel()
        lock.withLock {
            guard active else { return }
            redraw()
            active = false
            drawn = 0
        }
    }

    // MARK: drawing (under the lock)

    private var width: Int { Self.width(of: 2) }

    private func clear() {
        guard drawn > 0 else { return }
        // Up to the block's first line, then clear to the end of the screen.
        write("\r\u{1B}[\(drawn)A\u{1B}[J")
    }

    private func redraw() {
        guard active else { return }
        let elapsed = ContinuousClock.now - started
        var rows = order.map { render($0, lines[$0] ?? Line()) }
        for name in order {
            let phase = lines[name]?.summary?.phase
            lines[name]?.drawnPhase = phase
        }
        if let backoff, backoff.until > Date() {
            let left = Int(backoff.until.timeIntervalSinceNow.rounded(.up))
            rows.append(paint(backoff.text.replacingOccurrences(of: "{s}", with: "\(left) s"), 33))
        }
        rows.append("elapsed \(Self.clock(Self.seconds(elapsed)))")
        clear()
        // Each row is cut to the terminal's width before it is painted: escapes take no columns.
        write(rows.map { $0 + "\u{1B}[K" }.joined(separator: "\n") + "\n")
        drawn = rows.count
        lastDrawn = .now
    }

    private func render(_ name: String, _ line: Line) -> String {
        let columns = max(20, width)
        guard let s = line.summary else { return cut("\(pad(name)) waiting", columns) }
        let seconds = line.done ? s.seconds : (line.started.map { Self.seconds(ContinuousClock.now - $0) } ?? 0)
        let rate = seconds > 0.5 ? " · \(Int(Double(s.read) / seconds))/s" : ""
        let state: String
        if s.error != nil {
            state = paint("failed", 31)
        } else if line.done {
            state = paint("done", 32)
        } else if s.phase == .waitingOnSink {
            state = paint("waiting on the sink", 36)
        } else {
            state = "reading page \(s.pages + 1)"
        }
        let text =
            "\(pad(name)) \(state) · \(s.read) read · \(s.written) written"
            + (s.parked > 0 ? " · \(s.parked) parked" : "") + rate + " · \(Self.clock(seconds))"
        return cut(text, columns)
    }

    private func pad(_ name: String) -> String {
        let width = min(22, order.map(\.count).max() ?? 0)
        return name.count >= width
            ? String(name.prefix(width)) : name + String(repeating: " ", count: width - name.count)
    }

    /// `text` cut to `columns` visible characters, escape sequences kept whole and not counted.
    private func cut(_ text: String, _ columns: Int) -> String {
        var out = ""
        var visible = 0
        var inEscape = false
        for c in text {
            if c == "\u{1B}" { inEscape = true }
            if inEscape {
                out.append(c)
                if c == "m" { inEscape = false }
                continue
            }
            guard visible < columns - 1 else { break }
            out.append(c)
            visible += 1
        }
        return out + (color ? "\u{1B}[0m" : "")
    }

    private func paint(_ text: String, _ code: Int) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// `http.retry … attempt=3 of=8 cause=HTTP 429 backoffSeconds=4.00` as a status with its countdown.
    private func noteBackoff(_ text: String) {
        func field(_ name: String) -> String? {
            guard let range = text.range(of: " \(name)=") else { return nil }
            let rest = text[range.upperBound...]
            let next = rest.range(of: #" [a-zA-Z]+="#, options: .regularExpression)?.lowerBound ?? rest.endIndex
            return String(rest[..<next])
        }
        guard let seconds = field("backoffSeconds").flatMap(Double.init) else { return }
        let cause = field("cause") ?? "an error"
        backoff = (
            "backing off \(cause) — retry in {s} (\(field("attempt") ?? "?")/\(field("of") ?? "?"))",
            Date().addingTimeInterval(seconds)
        )
    }

    /// `text` in lines no wider than `width`, broken at spaces where it can, continuations indented: long
    /// warnings and summary lines stay whole and readable instead of running off the screen.
    static func wrap(_ text: String, width: Int) -> String {
        let width = max(20, width)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var rest = Substring(line)
            var out: [Substring] = []
            while rest.count > width - (out.isEmpty ? 0 : 4) {
                let room = width - (out.isEmpty ? 0 : 4)
                let head = rest.prefix(room)
                let cut = head.lastIndex(of: " ").map { $0 > head.startIndex ? $0 : head.endIndex } ?? head.endIndex
                out.append(rest[..<cut])
                rest = rest[cut...].drop { $0 == " " }
            }
            out.append(rest)
            return out.enumerated().map { $0 == 0 ? String($1) : "    " + $1 }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The width of the terminal behind `descriptor` (2 for the display, 1 for the summary), else `COLUMNS`.
    static func width(of descriptor: Int32) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds)
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
