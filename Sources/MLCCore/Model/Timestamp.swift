/// A UTC instant in microseconds since the Unix epoch: cheap to compare, exact to store.
/// Parsing accepts ISO 8601 (`2024-03-11T14:02:44.003Z`, offsets too), the SQL form
/// (`2024-03-11 14:02:44.003`, read as UTC) and the compact form Infor's Mongoose runtime sends
/// (`20240311 14:02:44.003`, also without milliseconds), and the all-digit `20240311140244` (with the
/// fraction's digits straight after, `20240311140244003`) of Landmark's stamps — ERP APIs use them all.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }
    public init(seconds: Int64) { self.microseconds = seconds * 1_000_000 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    /// Saturates at the representable range instead of trapping: a huge offset is a far date, not a crash.
    public func adding(seconds: Double) -> Timestamp {
        let offset = (seconds * 1_000_000).rounded()
        guard offset.isFinite, abs(offset) < 9.0e18 else {
            return Timestamp(microseconds: offset < 0 ? Int64.min / 2 : Int64.max / 2)
        }
        let (sum, overflow) = microseconds.addingReportingOverflow(Int64(offset))
        return overflow
            ? Timestamp(microseconds: offset < 0 ? Int64.min / 2 : Int64.max / 2) : Timestamp(microseconds: sum)
    }

    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(microseconds: Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000)
    }

    /// ISO 8601 in UTC with microseconds: `2024-03-11T14:02:44.003000Z` (fixed width, so text order is time order).
    public var iso8601: String {
        var out: [UInt8] = []
        out.reserveCapacity(27)
        appendISO8601(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS.ffffffZ` (27 bytes), or only its date part, without making a String.
    /// (Sinks write three per record: digits are stored straight, with no intermediate buffer.)
    public func appendISO8601(to out: inout [UInt8], dateOnly: Bool = false) {
        let (days, rem) = microseconds.floorDivided(by: 86_400_000_000)
        let (y, m, d) = Timestamp.civil(fromDays: days)
        @inline(__always) func digit(_ v: Int64) -> UInt8 { UInt8(truncatingIfNeeded: 0x30 + v) }
        @inline(__always) func two(_ v: Int64) {
            out.append(digit(v / 10))
            out.append(digit(v % 10))
        }
        // Years outside 0…9999 do not occur in ERP data; they are clamped rather than mis-aligned.
        let year = Swift.min(Swift.max(y, 0), 9999)
        two(year / 100)
        two(year % 100)
        out.append(0x2D)
        two(m)
        out.append(0x2D)
        two(d)
        if dateOnly { return }
        let secs = rem / 1_000_000
        let micros = rem % 1_000_000
        out.append(UInt8(ascii: "T"))
        two(secs / 3600)
        out.append(0x3A)
        two(secs / 60 % 60)
        out.append(0x3A)
        two(secs % 60)
        out.append(0x2E)
        two(micros / 10_000)
        two(micros / 100 % 100)
        two(micros % 100)
        out.append(UInt8(ascii: "Z"))
    }

    public var description: String { iso8601 }

    /// Whether an ISO 8601 text names its zone (`Z` or an offset after the time); zone-less forms are in some
    /// clock the text does not say.
    public static func namesZone(_ text: String) -> Bool {
        text.hasSuffix("Z") || text.dropFirst(19).contains { $0 == "+" || $0 == "-" }
    }

    public init?(parsing text: String) {
        var text = text
        guard let micros = text.withUTF8({ Timestamp.parse($0) }) else { return nil }
        self.microseconds = micros
    }

    /// Parses UTF-8 without allocating; nil when the text is not one of the accepted forms.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        if bytes.first == UInt8(ascii: "/") { return parseWCF(bytes) }
        var i = 0
        func at(_ k: Int) -> UInt8 { k < bytes.count ? bytes[k] : 0 }
        func number(_ n: Int) -> Int64? {
            var v: Int64 = 0
            for _ in 0..<n {
                let b = at(i)
                guard b >= 0x30 && b <= 0x39 else { return nil }
                v = v * 10 + Int64(b - 0x30)
                i += 1
            }
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            if at(i) == c {
                i += 1
                return true
            }
            return false
        }
        // `yyyy-MM-dd` or the compact `yyyyMMdd`: the separator after the year decides for both.
        guard let y = number(4) else { return nil }
        let separated = expect(UInt8(ascii: "-"))
        guard let mo = number(2), !separated || expect(UInt8(ascii: "-")), let d = number(2),
            (1...12).contains(mo), (1...31).contains(d)
        else { return nil }
        var micros = Timestamp.days(fromCivil: y, mo, d) * 86_400_000_000
        if !separated && at(i) >= 0x30 && at(i) <= 0x39 {
            // `yyyyMMddHHmmss`, optionally with the fraction's digits straight after (Landmark's stamps).
            guard let h = number(2), let mi = number(2), let s = number(2), h < 24, mi < 60, s < 61 else { return nil }
            micros += (h * 3600 + mi * 60 + s) * 1_000_000
            var scale: Int64 = 100_000
            while at(i) >= 0x30 && at(i) <= 0x39 {
                micros += Int64(at(i) - 0x30) * scale
                scale /= 10
                i += 1
            }
        } else if at(i) == UInt8(ascii: "T") || at(i) == UInt8(ascii: " ") {
            i += 1
            guard let h = number(2), expect(UInt8(ascii: ":")), let mi = number(2), h < 24, mi < 60 else { return nil }
            var s: Int64 = 0
            if expect(UInt8(ascii: ":")) {
                guard let sv = number(2), sv < 61 else { return nil }
                s = sv
            }
            micros += (h * 3600 + mi * 60 + s) * 1_000_000
            if expect(UInt8(ascii: ".")) || expect(UInt8(ascii: ",")) {
                var frac: Int64 = 0
                var digits = 0
                while at(i) >= 0x30 && at(i) <= 0x39 {
                    if digits < 6 {
                        frac = frac * 10 + Int64(at(i) - 0x30)
                        digits += 1
                    }
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<6 { frac *= 10 }
                micros += frac
            }
            if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            } else if at(i) == UInt8(ascii: "+") || at(i) == UInt8(ascii: "-") {
                let sign: Int64 = at(i) == UInt8(ascii: "+") ? 1 : -1
                i += 1
                guard let oh = number(2) else { return nil }
                _ = expect(UInt8(ascii: ":"))
                let om = number(2) ?? 0
                micros -= sign * (oh * 3600 + om * 60) * 1_000_000
            }
        }
        guard i == bytes.count else { return nil }
        return micros
    }

    /// WCF's JSON date, `/Date(1710165764003)/` or `/Date(1710165764003+0100)/`: milliseconds since the epoch in
    /// UTC (the offset only says where the value came from). SyteLine's REST v1 is a WCF service.
    static func parseWCF(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let prefix = Array("/Date(".utf8)
        guard bytes.count > prefix.count + 2, bytes.starts(with: prefix), bytes[bytes.count - 2] == UInt8(ascii: ")"),
            bytes[bytes.count - 1] == UInt8(ascii: "/")
        else { return nil }
        var i = prefix.count
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var ms: Int64 = 0
        var digits = 0
        while i < bytes.count - 2, bytes[i] >= 0x30, bytes[i] <= 0x39, digits < 15 {
            ms = ms * 10 + Int64(bytes[i] - 0x30)
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        if i < bytes.count - 2 {
            // The offset: a sign and four digits, nothing else.
            guard bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-"), bytes.count - 2 - i == 5,
                bytes[(i + 1)..<(bytes.count - 2)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            else { return nil }
        }
        let signed = negative ? -ms : ms
        // Years 0001 to 9999, as the forms with four-digit years: anything else is not a date a tenant stores.
        guard (-62_135_596_800_000...253_402_300_799_999).contains(signed) else { return nil }
        return signed * 1_000
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian).
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Int64 {
    func floorDivided(by d: Int64) -> (Int64, Int64) {
        let q = self / d
        let r = self % d
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}
