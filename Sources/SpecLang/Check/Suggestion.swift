/// "Did you mean" suggestions for misspelt keys, kinds and references.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance (adjacent swaps count once), if it
    /// is close enough to be a plausible typo.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let lower = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates.sorted() {  // sorted: ties break the same way every run
            let d = distance(lower, candidate.lowercased())
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        let allowed = max(1, min(word.count, candidate.count) / 3)
        return d <= allowed && d > 0 ? candidate : (d == 0 ? candidate : nil)
    }

    /// "did you mean 'x'?" or nil.
    static func help(for word: String, among candidates: [String]) -> String? {
        closest(to: word, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// Optimal string alignment distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(prev[j] + 1, current[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, current) = (prev, current, prev2)
        }
        return prev[b.count]
    }
}
