import Foundation

/// Steps per second through the environment protocol (`polspec bench speed --env CMD`): random
/// actions (seeded), each process stepping its own episodes, resets counted apart. Compare with the
/// environment stepped directly in its own language (tools/envs/metaworld_env.py --speed).
public enum BridgeSpeed {
    /// One row: `processes` processes stepping concurrently.
    public struct Row: Sendable {
        public var processes: Int
        public var encoding: EnvProtocol.Encoding
        /// Median over the repeats of all processes' steps per second together.
        public var stepsPerSecond: Double
        /// Median seconds per reset.
        public var secondsPerReset: Double
    }

    /// Measures `steps` steps per process, for 1 and for `processes` processes, `repeats` times each.
    public static func measure(pool: EnvWorkerPool, selection: TaskSelection, steps: Int, repeats: Int, processes: Int) throws -> [Row] {
        var rows: [Row] = []
        for count in Set([1, processes]).sorted() {
            var connections: [EnvConnection] = []
            defer { for c in connections { pool.giveBack(c) } }
            for _ in 0..<count { connections.append(try pool.lease()) }
            var rates: [Double] = [], resets: [Double] = []
            for repeat_ in 0..<repeats {
                let results = LaneResults(count)
                let started = Date()
                // One thread per process (not a lane per core): the processes step concurrently whatever the core count.
                let group = DispatchGroup()
                for lane in 0..<count {
                    group.enter()
                    nonisolated(unsafe) let connection = connections[lane]
                    let thread = Thread {
                        let result = run(connection, selection: selection, steps: steps, seed: UInt64(repeat_ * 1000 + lane),
                                         dimension: pool.hello.actionDimension, cap: pool.hello.maxSteps)
                        results.set(lane, result)
                        group.leave()
                    }
                    thread.start()
                }
                group.wait()
                let seconds = Date().timeIntervalSince(started)
                let lanes = results.values
                if let error = lanes.compactMap(\.3).first { throw error }
                let resetSeconds = lanes.reduce(0) { $0 + $1.2 }, resetCount = lanes.reduce(0) { $0 + $1.1 }
                rates.append(Double(lanes.reduce(0) { $0 + $1.0 }) / max(seconds - resetSeconds / Double(count), 1e-9))
                resets.append(resetSeconds / Double(max(resetCount, 1)))
            }
            rows.append(Row(processes: count, encoding: pool.hello.encoding, stepsPerSecond: median(rates), secondsPerReset: median(resets)))
        }
        return rows
    }

    private static func run(_ connection: EnvConnection, selection: TaskSelection, steps: Int, seed: UInt64, dimension: Int,
                            cap: Int) -> (Int, Int, Double, Error?) {
        var rng = SimRandom(keys: seed, SimRandom.hash("bridge-speed"))
        var action = [Float](repeating: 0, count: dimension)
        var done = 0, resets = 0, resetSeconds = 0.0, inEpisode = 0
        do {
            while done < steps {
                if inEpisode == 0 || inEpisode >= cap {
                    let t = Date()
                    _ = try connection.reset(task: selection.tasks[resets % selection.tasks.count].name, seed: resets, expert: false)
                    resetSeconds += Date().timeIntervalSince(t)
                    resets += 1
                    inEpisode = 0
                }
                for k in 0..<dimension { action[k] = Float(rng.uniform(-1, 1)) }
                let reply = try action.withUnsafeBufferPointer { try connection.step($0) }
                done += 1
                inEpisode = reply.done ? 0 : inEpisode + 1
            }
            return (done, resets, resetSeconds, nil)
        } catch {
            return (done, resets, resetSeconds, error)
        }
    }

    private static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    /// The table `polspec bench speed --env` prints.
    public static func table(_ rows: [Row], pool: EnvWorkerPool, selection: TaskSelection, steps: Int) -> String {
        var out = "environment \(pool.hello.identity) · tasks \(selection.name) · \(pool.hello.encoding.rawValue) encoding · random actions · \(steps) steps per process\n"
        out += "processes   steps/s (all)   steps/s per process   ms per reset\n"
        for r in rows {
            out += String(format: "%9d   %13.0f   %19.0f   %12.2f\n", r.processes, r.stepsPerSecond, r.stepsPerSecond / Double(r.processes),
                          1000 * r.secondsPerReset)
        }
        return out
    }
}

/// Each measuring thread's (steps, resets, reset seconds, error).
private final class LaneResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(Int, Int, Double, Error?)]

    init(_ count: Int) { stored = Array(repeating: (0, 0, 0, nil), count: count) }

    func set(_ lane: Int, _ value: (Int, Int, Double, Error?)) {
        lock.lock(); stored[lane] = value; lock.unlock()
    }

    var values: [(Int, Int, Double, Error?)] {
        lock.lock(); defer { lock.unlock() }
        return stored
    }
}
