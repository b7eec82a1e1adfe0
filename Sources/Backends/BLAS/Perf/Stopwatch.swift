import Dispatch

/// Median and spread of repeated timings, in milliseconds.
public struct LatencyStatistics: Hashable, Sendable {
    public var medianMs: Double
    public var p10Ms: Double
    public var p90Ms: Double
    public var runs: Int

    /// The statistics of `samples` (milliseconds, at least one): percentile q is
    /// `sorted[Int(q · count)]`, as tools/perf/reference_workloads.py picks it.
    public init(milliseconds samples: [Double]) {
        let sorted = samples.sorted()
        func pick(_ q: Double) -> Double { sorted[Swift.min(sorted.count - 1, Int(q * Double(sorted.count)))] }
        self.init(medianMs: pick(0.5), p10Ms: pick(0.1), p90Ms: pick(0.9), runs: sorted.count)
    }

    init(medianMs: Double, p10Ms: Double, p90Ms: Double, runs: Int) {
        self.medianMs = medianMs
        self.p10Ms = p10Ms
        self.p90Ms = p90Ms
        self.runs = runs
    }
}

/// Times repeated calls the way tools/perf/reference_workloads.py does: two warm-up calls,
/// then calls until there are at least `minimumRuns` and `minimumSeconds` have passed (at
/// most 2000); percentiles pick `sorted[Int(q · runs)]`.
public enum Stopwatch {
    /// Times several bodies in alternating blocks, so that all of them see the same machine
    /// load, while each timed call finds its own data as warm as when one program runs again
    /// and again (the way the reference frameworks are timed): a body that takes under 20 ms
    /// runs in blocks of about 10 ms, each opened by an untimed call; a longer body (whose
    /// data no cache holds between calls anyway) runs one timed call per block. Returns one
    /// statistic per body; `minimumSeconds` counts the timed calls of the first body.
    public static func interleaved(_ bodies: [() throws -> Void], minimumRuns: Int, minimumSeconds: Double) throws -> [LatencyStatistics] {
        var blocks: [(warm: Bool, runs: Int)] = []
        for body in bodies {
            try body()
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            blocks.append(seconds < 0.02 ? (true, Swift.min(20, Swift.max(3, Int(0.01 / Swift.max(seconds, 1e-6))))) : (false, 1))
        }
        var times = [[Double]](repeating: [], count: bodies.count)
        var spent = 0.0
        while times[0].count < minimumRuns || spent < minimumSeconds {
            for (index, body) in bodies.enumerated() {
                if blocks[index].warm { try body() }
                for _ in 0..<blocks[index].runs {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    try body()
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-6
                    times[index].append(elapsed)
                    if index == 0 { spent += elapsed * 1e-3 }
                }
            }
            if times[0].count >= 2000 { break }
        }
        return times.map { LatencyStatistics(milliseconds: $0) }
    }
}
