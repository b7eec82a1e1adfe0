import Backends
import Compiler
import Lowering
import Runtime
import SpecLang

/// What `polspec perf SPEC` times for one spec: the policy forward at batch 1 and 32, and one
/// training step at batch 32 as `polspec train` runs it (forward, loss, backward, clipping and
/// the stage's optimiser update in one program, `TrainingGraph`).
struct PerfSpecWorkload {
    /// `<spec name>/b1`, `/b32`, `/train_b32`.
    let bench: String
    let instance: ReferenceWorkload.Instance

    /// The three workloads of `spec`, or for each one that cannot be built (a batch too large
    /// for the spec), the reason.
    static func workloads(of spec: Spec) -> [Result<PerfSpecWorkload, PerfSkip>] {
        let forward = [1, 32].map { batch in
            build("\(spec.name)/b\(batch)") { () throws(LoweringError) in
                let graph = try PolicyGraph(spec, batch: batch).graph
                return ReferenceWorkload.Instance(graph: graph)
            }
        }
        let training = build("\(spec.name)/train_b32") { () throws(LoweringError) in
            let training = try TrainingGraph(spec, stage: LossGraph.headStage(of: spec), batch: 32)
            // The state starts as the trainer starts it: copies of the parameters, zeros.
            let fixed = training.firstStepFeeds(parameters: training.graph.initialParameters(seed: 0), lr: 1e-4)
            return ReferenceWorkload.Instance(graph: training.graph, stateUpdates: training.stateUpdates, fixed: fixed)
        }
        return forward + [training]
    }

    private static func build(_ bench: String, _ body: () throws(LoweringError) -> ReferenceWorkload.Instance)
        -> Result<PerfSpecWorkload, PerfSkip> {
        do {
            return .success(PerfSpecWorkload(bench: bench, instance: try body()))
        } catch {
            return .failure(PerfSkip(bench: bench, reason: error.description))
        }
    }
}

/// A workload `polspec perf` could not build, and why.
struct PerfSkip: Error {
    let bench: String
    let reason: String
}
