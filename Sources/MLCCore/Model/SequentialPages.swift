/// Several readers' pages, one reader after the other (a re-read by key split over requests).
public final class SequentialPages: PageReader {
    private var readers: [any PageReader]

    public init(readers: [any PageReader]) { self.readers = readers }

    public func next() async throws -> Page? {
        while let reader = readers.first {
            if let page = try await reader.next() { return page }
            readers.removeFirst()
        }
        return nil
    }
}
