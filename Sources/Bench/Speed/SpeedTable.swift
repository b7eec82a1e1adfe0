import Foundation

/// The table `polspec bench speed` prints: environment steps per second without camera images
/// (state fields only), and for suites with cameras the frames per second of each camera (steps
/// that render that camera's image every step), on one thread and on all cores; medians of repeats.
public enum SpeedTable {
    public static func measure(suite: any BenchSuite, selection: TaskSelection, steps: Int, repeats: Int,
                               cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> String {
        let fields = suite.observationFields(for: selection)
        let cheap = Set(fields.filter { $0.kind != .uint8 && !$0.name.hasSuffix("keypoints") }.map(\.name))
        var rows: [(String, Set<String>?)] = [("steps/s", cheap)]
        if let side = selection.imageSize {
            for camera in CameraRig.names where fields.contains(where: { $0.name == camera }) {
                rows.append(("\(camera) \(side)x\(side) frames/s", [camera]))
            }
        }
        var out = "\(suite.name) · tasks \(selection.name) · random actions · median of \(repeats)\n\n"
        out += "measure                        threads      per second   per thread   ratio to 1 thread\n"
        for (label, reading) in rows {
            var single = 0.0
            for threads in Set([1, cores]).sorted() {
                let runs = (0..<repeats).map { _ in
                    EnvironmentSpeed.measure(suite: suite, selection: selection, stepsPerThread: steps, threads: threads, reading: reading)
                }.sorted { $0.stepsPerSecond < $1.stepsPerSecond }
                let median = runs[runs.count / 2]
                if threads == 1 { single = median.stepsPerSecond }
                out += label.padding(toLength: 30, withPad: " ", startingAt: 0)
                    + String(format: " %7d   %13.0f   %10.0f   %17.2f\n", threads, median.stepsPerSecond,
                             median.stepsPerSecondPerThread, median.stepsPerSecond / single)
            }
        }
        return out
    }
}
