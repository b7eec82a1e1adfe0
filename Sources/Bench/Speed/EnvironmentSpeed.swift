import Foundation

/// One row of the environment speed table.
public struct SpeedResult: Sendable, Equatable {
    public var threads: Int
    public var steps: Int
    public var seconds: Double
    public var stepsPerSecond: Double { Double(steps) / seconds }
    public var stepsPerSecondPerThread: Double { stepsPerSecond / Double(threads) }
}

/// Measures environment steps per second (step + observation) under random actions: each thread
/// steps its own environments, cycling through the selection's tasks and goals. `reading` names the
/// observation fields filled each step (nil: all; `[]`: only what costs nothing to skip), so that
/// asking for one camera image measures that camera's frames per second in the suite's own scenes.
public enum EnvironmentSpeed {
    public static func measure(suite: any BenchSuite, selection: TaskSelection, stepsPerThread: Int, threads: Int,
                               reading: Set<String>? = nil) -> SpeedResult {
        let fields = suite.observationFields(for: selection)
        var counts = [Int](repeating: 0, count: threads)
        let start = Date()
        counts.withUnsafeMutableBufferPointer { counts in
            Parallel.forEachLane(threads) { lane in
                var rng = SimRandom(keys: 17, UInt64(lane))
                var batch = ObservationBatch(fields: fields, rows: 1, requested: reading)
                var action = [Float](repeating: 0, count: suite.actionDimension)
                var steps = 0, episode = lane
                while steps < stepsPerThread {
                    let t = episode % selection.tasks.count
                    let env = suite.makeEnvironment(selection: selection, taskIndex: t, configuration: .evaluation(episode / selection.tasks.count),
                                                   seed: UInt64(episode))
                    episode += threads
                    var done = false
                    while !done, steps < stepsPerThread {
                        for d in action.indices { action[d] = Float(rng.uniform(-1, 1)) }
                        done = action.withUnsafeBufferPointer { env.step($0) }.done
                        env.writeObservation(into: &batch, row: 0, privileged: false)
                        steps += 1
                    }
                }
                counts[lane] = steps
            }
        }
        return SpeedResult(threads: threads, steps: counts.reduce(0, +), seconds: Date().timeIntervalSince(start))
    }
}
