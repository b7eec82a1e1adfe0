/// Unified diffs (`diff -u` style) between two texts, line by line, for `polspec fmt --diff`.
///
/// The edit script is Myers' O((N + M)·D) shortest edit script; past ``maxEdits`` edits the
/// texts are treated as entirely different (one hunk replacing everything), which keeps
/// memory bounded for unrelated files.
public enum UnifiedDiff {
    /// Edits beyond which the diff is one hunk replacing the whole text.
    public static let maxEdits = 2_000

    /// The diff of `old` and `new` with `context` unchanged lines around each change, or ""
    /// when they are equal.
    public static func render(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        guard old != new else { return "" }
        let a = lines(old), b = lines(new)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks(editScript(a, b), context: context) {
            let oldCount = hunk.filter { $0.kind != .insert }.count, newCount = hunk.filter { $0.kind != .delete }.count
            // A side's start is its first line in the hunk, or the lines before it when it has none.
            let oldStart = hunk.first { $0.kind != .insert }.map { $0.old + 1 } ?? hunk[0].old
            let newStart = hunk.first { $0.kind != .delete }.map { $0.new + 1 } ?? hunk[0].new
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for edit in hunk {
                let (mark, line) = edit.kind == .insert ? ("+", b[edit.new]) : (edit.kind == .delete ? "-" : " ", a[edit.old])
                out += mark + line.text + "\n" + (line.terminated ? "" : "\\ No newline at end of file\n")
            }
        }
        return out
    }

    /// The lines of `old` (1-based, inclusive) that turning it into `new` replaces or deletes,
    /// one range per change; an insertion counts as the line before it (the first line at the top).
    public static func changedLines(old: String, new: String) -> [ClosedRange<Int>] {
        guard old != new else { return [] }
        // Each run of consecutive edits is one change.
        var runs: [[Edit]] = []
        var previousWasEdit = false
        for edit in editScript(lines(old), lines(new)) {
            let isEdit = edit.kind != .equal
            if isEdit { previousWasEdit ? runs[runs.count - 1].append(edit) : runs.append([edit]) }
            previousWasEdit = isEdit
        }
        return runs.map { run in
            let removed = run.filter { $0.kind == .delete }.map { $0.old + 1 }
            if let first = removed.first, let last = removed.last { return first...last }
            let line = max(1, run[0].old)
            return line...line
        }
    }

    /// A line and whether a newline ends it (only the last line of a text may lack one).
    struct Line: Hashable {
        var text: String
        var terminated: Bool
    }

    /// One step of an edit script: keep old line `old` (= new line `new`), delete old line
    /// `old`, or insert new line `new`. Indexes are 0-based; a deletion's `new` and an
    /// insertion's `old` count the lines of the other text before it.
    struct Edit: Equatable {
        enum Kind { case equal, delete, insert }
        var kind: Kind
        var old: Int
        var new: Int
    }

    static func lines(_ text: String) -> [Line] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let terminated = text.hasSuffix("\n")
        if terminated || parts.last == "" { parts.removeLast() }
        return parts.enumerated().map { i, part in Line(text: part, terminated: terminated || i + 1 < parts.count) }
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    /// A shortest edit script turning `a` into `b` (Myers 1986).
    static func editScript<T: Equatable>(_ a: [T], _ b: [T]) -> [Edit] {
        let n = a.count, m = b.count
        let limit = min(n + m, maxEdits)
        // v[offset + k]: the furthest x reached on diagonal k = x − y. trace[d] is v before
        // step d for k in −(d + 1)...(d + 1), stored at index k + d + 1.
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        for d in 0...limit {
            trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
            for k in stride(from: -d, through: d, by: 2) {
                let down = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                var x = down ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { return backtrack(trace, n: n, m: m) }
            }
        }
        return (0..<n).map { Edit(kind: .delete, old: $0, new: 0) } + (0..<m).map { Edit(kind: .insert, old: n, new: $0) }
    }

    private static func backtrack(_ trace: [[Int]], n: Int, m: Int) -> [Edit] {
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let down = k == -d || (k != d && v[k - 1 + d + 1] < v[k + 1 + d + 1])
            let prevK = down ? k + 1 : k - 1
            let prevX = v[prevK + d + 1], prevY = prevX - prevK
            while x > prevX && y > prevY {
                edits.append(Edit(kind: .equal, old: x - 1, new: y - 1))
                x -= 1
                y -= 1
            }
            if d > 0 {
                edits.append(down ? Edit(kind: .insert, old: x, new: y - 1) : Edit(kind: .delete, old: x - 1, new: y))
            }
            x = prevX
            y = prevY
        }
        return edits.reversed()
    }

    /// The edits grouped into hunks: each change with up to `context` equal lines around it,
    /// changes closer than 2 · `context` lines sharing a hunk.
    static func hunks(_ script: [Edit], context: Int) -> [[Edit]] {
        let changes = script.indices.filter { script[$0].kind != .equal }
        var hunks: [[Edit]] = []
        var i = 0
        while i < changes.count {
            var j = i
            while j + 1 < changes.count && changes[j + 1] - changes[j] <= 2 * context { j += 1 }
            let lo = max(0, changes[i] - context), hi = min(script.count - 1, changes[j] + context)
            hunks.append(Array(script[lo...hi]))
            i = j + 1
        }
        return hunks
    }
}
