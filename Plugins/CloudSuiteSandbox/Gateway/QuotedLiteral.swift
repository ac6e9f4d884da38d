/// A quoted text literal of a filter language, its quote doubled inside (`'O''Brien'`, `"say ""hi"""`): OData's
/// `$filter` and Landmark's `_lplFilter` write them the same way, each with its own quote.
enum QuotedLiteral {
    /// The literal opening at `start` (on its quote): its value and where the text goes on after it.
    static func read(
        _ text: String, at start: String.Index, quote: Character, in language: String
    ) throws -> (
        value: String, end: String.Index
    ) {
        var value = ""
        var j = text.index(after: start)
        while true {
            guard j < text.endIndex else { throw SandboxError("unterminated text in \(language)") }
            let next = text.index(after: j)
            if text[j] == quote {
                guard next < text.endIndex, text[next] == quote else { return (value, next) }
                value.append(quote)
                j = text.index(after: next)
                continue
            }
            value.append(text[j])
            j = next
        }
    }
}
