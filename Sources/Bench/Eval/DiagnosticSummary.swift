/// One diagnostic a policy reported with every chunk of an episode (``ActionChunkBatch/diagnostics``),
/// summarised over the episode's policy calls.
public struct DiagnosticSummary: Sendable, Equatable, Codable {
    /// Policy calls that reported it.
    public var calls: Int
    public var mean: Double
    public var min: Double
    public var max: Double
    /// The value at the episode's last call.
    public var last: Double

    /// The summary of one value.
    init(_ value: Double) {
        (calls, mean, min, max, last) = (1, value, value, value, value)
    }

    /// Adds the value of the next call.
    mutating func add(_ value: Double) {
        calls += 1
        mean += (value - mean) / Double(calls)
        min = Swift.min(min, value)
        max = Swift.max(max, value)
        last = value
    }
}

extension [String: DiagnosticSummary] {
    /// Adds row `row` of each of a policy call's `diagnostics`.
    mutating func add(row: Int, of diagnostics: [String: [Float]]) {
        for (name, values) in diagnostics {
            let value = Double(values[row])
            if self[name] == nil { self[name] = DiagnosticSummary(value) } else { self[name]!.add(value) }
        }
    }
}
