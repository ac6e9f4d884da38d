/// Builds short ASCII values (keys, amounts, account strings) straight into a String's storage:
/// string interpolation costs more than the rest of a generated record. Up to 15 bytes, so the
/// result is a small (inline) string and nothing is allocated.
struct ShortText {
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    static let capacity = 15

    static func make(_ build: (inout ShortText) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var text = ShortText(buffer: buffer)
            build(&text)
            return text.count
        }
    }

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func put(_ s: StaticString) {
        precondition(count + s.utf8CodeUnitCount <= buffer.count, "ShortText holds \(ShortText.capacity) bytes")
        for i in 0..<s.utf8CodeUnitCount {
            buffer[count] = s.utf8Start[i]
            count += 1
        }
    }

    /// A non-negative number in at least `width` digits, zero-padded.
    mutating func put(_ n: Int, width: Int = 1) {
        var digits = 1
        var v = n / 10
        while v > 0 {
            digits += 1
            v /= 10
        }
        let total = max(digits, width)
        precondition(count + total <= buffer.count, "ShortText holds \(ShortText.capacity) bytes")
        v = n
        for i in stride(from: count + total - 1, through: count, by: -1) {
            buffer[i] = UInt8(0x30 + v % 10)
            v /= 10
        }
        count += total
    }
}
