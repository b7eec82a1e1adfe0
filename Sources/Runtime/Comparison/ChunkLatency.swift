import Backends
import Compiler
import Foundation
import Lowering
import SpecLang

/// How long a spec's compiled policy takes for one action chunk at batch 1: the policy program
/// `polspec bench` runs (encoders, then the head's whole inference: regression, sampler, descent
/// or unmasking loop), compiled as `SpecPolicy` compiles it (sampling noise fed per row) and run
/// on the BLAS backend with inputs and PyTorch-default weights drawn from a fixed seed (the time
/// does not depend on the values: every program is a fixed list of kernels).
public struct ChunkLatency: Sendable, Equatable, Codable {
    public var medianMs: Double
    public var p10Ms: Double
    public var p90Ms: Double
    /// Timed calls (after two warm-up calls).
    public var runs: Int
    /// Threads of the BLAS backend.
    public var threads: Int

    /// Times `spec`'s policy: at least `minimumRuns` calls and `minimumSeconds` of them.
    public static func measure(_ spec: Spec, threads: Int = 1, minimumRuns: Int = 20, minimumSeconds: Double = 1) throws -> ChunkLatency {
        let graph = try PolicyGraph(spec, batch: 1, noise: .fed).graph
        let instance = ReferenceWorkload.Instance(graph: graph)
        let executable = BLASBackend(threads: threads).prepare(try compile(graph).program)
        try executable.set(instance.feeds)
        let statistics = try Stopwatch.interleaved([{ try executable.run() }], minimumRuns: minimumRuns, minimumSeconds: minimumSeconds)[0]
        return ChunkLatency(medianMs: statistics.medianMs, p10Ms: statistics.p10Ms, p90Ms: statistics.p90Ms, runs: statistics.runs,
                            threads: threads)
    }

    enum CodingKeys: String, CodingKey {
        case runs, threads
        case medianMs = "median_ms"
        case p10Ms = "p10_ms"
        case p90Ms = "p90_ms"
    }
}
