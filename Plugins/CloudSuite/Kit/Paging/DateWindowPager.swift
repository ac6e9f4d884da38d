import MLCCore

/// Date-window paging, for lists selected by a change-date range instead of paged by key (M3's
/// `MMS200MI/LstItmByChgDate`, an `EXPORTMI/Select` on a table's change date). The windows move forward in
/// date order, so the cursor after each one is safe to resume from. A window that fills a page may have been
/// cut short, so its rows are dropped and it is asked again half as wide; a single day that still fills a
/// page is asked for whole. A window well under a page doubles the next one. Every answer either narrows the
/// window or moves past it, so the read always ends.
public struct DateWindowPager: Pager {
    private var window: DayWindow
    private let end: Int

    public init(covering range: DayWindow) {
        window = range
        end = range.to
    }

    public var first: PageToken? { .window(window) }

    public mutating func next(after page: inout IONPage, pageSize: Int, place: String) throws -> PageToken? {
        let rows = page.items.count
        if !window.all && rows >= pageSize {
            page.items = []
            if window.from == window.to {
                window.all = true
            } else {
                window.to = window.from + (window.to - window.from) / 2
            }
            return .window(window)
        }
        guard window.to < end else { return nil }
        let width = window.to - window.from + 1
        let nextWidth = rows < pageSize / 2 ? width * 2 : width
        window = DayWindow(from: window.to + 1, to: min(end, window.to + nextWidth))
        return .window(window)
    }
}
