/// One thing wrong with a manifest: where (JSON path), what was expected and found, how to fix it.
public struct ManifestIssue: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var hint: String?

    public init(_ path: String, _ message: String, hint: String? = nil) {
        self.path = path
        self.message = message
        self.hint = hint
    }

    public var description: String { "\(path): \(message)" + (hint.map { "\n    hint: \($0)" } ?? "") }
}

/// Every issue found in a manifest, reported together.
public struct ManifestError: Error, CustomStringConvertible {
    public var file: String
    public var issues: [ManifestIssue]
    public var description: String {
        "\(file): \(issues.count) problem\(issues.count == 1 ? "" : "s") in the manifest\n"
            + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// Suggests the closest known name for a misspelt one.
public func closest(to name: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var prev = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
    let lower = Array(name.lowercased())
    let best = candidates.map { ($0, distance(lower, Array($0.lowercased()))) }.min { $0.1 < $1.1 }
    guard let best, best.1 <= max(2, name.count / 3) else { return nil }
    return best.0
}
