import Backends
import Bench
import Foundation
import Lowering
import Runtime
import SpecLang

/// `polspec perf --defaults`: the training of each built-in default spec as `polspec train`
/// runs it on its suite's expert demos (the head stage at the stage's batch): optimizer
/// steps/s and the share of data assembly, forward, backward and optimizer (`TrainingThroughput`).
struct PerfDefaults {
    let threads: Int
    let vectorISA: VectorISA
    let minimumRuns: Int
    let minimumSeconds: Double
    let demos: Int?
    let format: PerfFormat

    func run() throws {
        if format == .table {
            print(PerfTable.header(threads: threads, vectorISA: vectorISA))
        } else {
            print(PerfTable.machineLine(vectorISA: vectorISA), terminator: "")
        }
        var rows: [(suite: String, spec: String, throughput: TrainingThroughput)] = []
        for defaultSpec in DefaultSpec.all {
            let result = defaultSpec.check()
            guard let spec = result.spec, !result.hasErrors else {
                throw RuntimeFailure(["the built-in default spec of \(defaultSpec.suite) does not check (a bug)"])
            }
            let (suite, selection) = try Suites.resolve(suite: defaultSpec.suite, tasks: defaultSpec.tasks)
            let demoSelection = try Suites.demoSelection(for: selection, of: suite)
            var arguments = try TrainingArguments.parse([])
            arguments.demos = demos ?? defaultSpec.demos
            let data = try arguments.trainingData(suite: suite, selection: demoSelection, demos: defaultSpec.demos, spec: spec, quiet: true)
            let throughput = try TrainingThroughput(spec: spec, stage: LossGraph.headStage(of: spec), data: data,
                                                    backend: BLASBackend(threads: threads, vectorISA: vectorISA),
                                                    minimumSteps: minimumRuns, minimumSeconds: minimumSeconds)
            rows.append((defaultSpec.suite, spec.name, throughput))
            if format == .jsonl { print(PerfTable.trainingLine(suite: defaultSpec.suite, spec: spec.name, threads: threads, throughput), terminator: "") }
            fflush(nil)
        }
        if format == .table { print(PerfTable.training(rows, threads: threads)) }
    }
}
