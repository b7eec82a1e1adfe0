import Dispatch

/// Median and spread of repeated timings, in milliseconds.
public struct LatencyStatistics: Hashable, Sendable {
    public var medianMs: Double
    public var p10Ms: Double
    public var p90Ms: Double
    public var runs: Int
}

/// Times repeated calls the way tools/perf/reference_workloads.py does: two warm-up calls,
/// then calls until there are at least `minimumRuns` and `minimumSeconds` have passed (at
/// most 2000); percentiles pick `sorted[Int(q · runs)]`.
public enum Stopwatch {
    public static func measure(minimumRuns: Int, minimumSeconds: Double, _ body: () throws -> Void) throws -> LatencyStatistics {
        try withoutActuallyEscaping(body) { body in
            try interleaved([body], minimumRuns: minimumRuns, minimumSeconds: minimumSeconds)[0]
        }
    }

    /// Times several bodies round by round (each round calls every body once), so that all of
    /// them see the same machine load; returns one statistic per body. `minimumSeconds` counts
    /// the time of the first body only.
    public static func interleaved(_ bodies: [() throws -> Void], minimumRuns: Int, minimumSeconds: Double) throws -> [LatencyStatistics] {
        for body in bodies {
            try body()
            try body()
        }
        var times = [[Double]](repeating: [], count: bodies.count)
        var spent = 0.0
        while times[0].count < minimumRuns || spent < minimumSeconds {
            for (index, body) in bodies.enumerated() {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try body()
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-6
                times[index].append(elapsed)
                if index == 0 { spent += elapsed * 1e-3 }
            }
            if times[0].count >= 2000 { break }
        }
        return times.map { samples in
            let sorted = samples.sorted()
            func pick(_ q: Double) -> Double { sorted[Swift.min(sorted.count - 1, Int(q * Double(sorted.count)))] }
            return LatencyStatistics(medianMs: pick(0.5), p10Ms: pick(0.1), p90Ms: pick(0.9), runs: sorted.count)
        }
    }
}
