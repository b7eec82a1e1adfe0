import Bench
import Foundation
import Testing

@Test func expertProbe() throws {
    guard let names = ProcessInfo.processInfo.environment["PROBE"] else { return }
    let suite = MetaWorldSuite()
    let sel = try suite.select(names)
    let verbose = ProcessInfo.processInfo.environment["VERBOSE"] != nil
    for (ti, info) in sel.tasks.enumerated() {
        let task = MetaWorldTasks.named(info.name)!
        var ok = 0, steps = 0
        var fails: [Int] = []
        for g in 0..<50 {
            let env = suite.environment(selection: sel, taskIndex: ti, configuration: g)
            var done = false
            while !done {
                let o = env.observation(privileged: true)
                let a = task.expert(o)
                let fa = [Float(a.x), Float(a.y), Float(a.z), Float(a.w)]
                let out = fa.withUnsafeBufferPointer { env.step($0) }
                if verbose && g == Int(ProcessInfo.processInfo.environment["GOAL"] ?? "-1") && env.stepsTaken % (Int(ProcessInfo.processInfo.environment["EVERY"] ?? "5")!) == 0 {
                    print(env.stepsTaken, o.values[0..<14].map { String(format: "%.3f", $0) }.joined(separator: " "), "a", fa)
                }
                done = out.done
            }
            if env.succeeded { ok += 1; steps += env.stepsTaken } else { fails.append(g) }
        }
        print(String(format: "%-28@ %3d/50  mean steps %.0f  fails %@", info.name as NSString, ok, Double(steps) / Double(max(ok, 1)), fails.prefix(8).description))
    }
}
