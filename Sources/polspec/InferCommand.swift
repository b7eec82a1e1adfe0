import ArgumentParser
import Backends
import Compiler
import Lowering
import Foundation
import SpecLang

/// `--backend` values of `polspec infer`.
enum InferBackend: String, ExpressibleByArgument, CaseIterable {
    case blas, reference
}

/// `polspec infer`: run a spec's policy forward on given observation tensors.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Run a policy forward on observation tensors from a safetensors file.",
        discussion: """
            Reads one tensor per observation the policy uses from --input (named like the \
            observation: f32 [batch, (frames,) ...], i32 token ids for text), runs the policy \
            with the weights of --weights (PyTorch names, docs/weights.md) or freshly \
            initialised from --init-seed, and writes the action chunk `action` f32 \
            [batch, chunk, action.dim] to --output. A denoising head draws its noise from \
            --noise-seed (default: the recipe's seed), or reads `noise.initial` (and for ddpm \
            `noise.steps`) from --input with --noise-from-input. It runs the compiled program \
            on the BLAS backend (--backend reference: the graph's plain loops, the oracle the \
            compiled program is tested against).
            Every problem with the inputs or weights (missing, extra, mis-shaped, wrong dtype) \
            is reported before anything runs. Nothing is written unless the run succeeds.
            Exit status: 0 ok, 1 spec errors, 2 usage errors, 3 bad tensors, a kind that is not \
            lowered yet, or a failure while running.

            Examples:
              polspec infer specs/mlp-bc-state.yaml --init-seed 0 --save-weights w.safetensors \\
                  --input obs.safetensors --output act.safetensors
              polspec infer specs/mlp-bc-state.yaml --weights w.safetensors --input obs.safetensors --output act.safetensors
            """
    )

    @Argument(help: "The spec file.")
    var spec: String

    @Option(help: ArgumentHelp("Weights to run with (safetensors, PyTorch names).", valueName: "file"))
    var weights: String?

    @Option(help: ArgumentHelp("Initialise the weights from this seed instead (PyTorch-default init).", valueName: "seed"))
    var initSeed: UInt64?

    @Option(help: ArgumentHelp("With --init-seed: also write the initial weights here.", valueName: "file"))
    var saveWeights: String?

    @Option(help: ArgumentHelp("Observation tensors (safetensors).", valueName: "file"))
    var input: String

    @Option(help: ArgumentHelp("Where to write the action chunk (safetensors).", valueName: "file"))
    var output: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a spec value, e.g. head.depth=8 (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Seed of a denoising head's sampling noise (default: recipe.seed).", valueName: "seed"))
    var noiseSeed: UInt64?

    @Flag(help: "Read a denoising head's noise from --input (noise.initial, and noise.steps for ddpm).")
    var noiseFromInput = false

    @Option(help: "Backend: blas (the compiled program: fused, memory-planned, OpenBLAS) or reference (plain loops over the graph).")
    var backend: InferBackend = .blas

    @Option(help: "Threads of the blas backend (results are deterministic for a fixed count).")
    var threads: Int = 1

    func validate() throws {
        guard (weights == nil) != (initSeed == nil) else {
            throw ValidationError("give exactly one of --weights and --init-seed")
        }
        if saveWeights != nil && initSeed == nil { throw ValidationError("--save-weights needs --init-seed") }
        if noiseFromInput && noiseSeed != nil { throw ValidationError("give at most one of --noise-seed and --noise-from-input") }
        if threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let checked = try CheckedSpec(path: spec, overrides: overrides)
        let spec = checked.spec
        let (inputs, inputProblems) = try InferTensors.read(input, what: "input")
        let batch = FeedCheck.batch(of: inputs.mapValues(\.type), spec: spec) ?? 1
        let noise: SamplingNoise = noiseFromInput ? .fed : .seeded(noiseSeed ?? UInt64(spec.recipe.seed))
        let policy: PolicyGraph
        do {
            policy = try PolicyGraph(spec, batch: batch, noise: noise)
        } catch {
            throw checked.fail(error)
        }
        if noiseFromInput && policy.requests.isEmpty {
            throw UsageError("--noise-from-input: the \(spec.head.config.kindName) head of \(spec.name) draws no noise")
        }
        var problems = inputProblems + FeedCheck.inputProblems(inputs, policy: policy)
        var parameters: [String: HostTensor] = [:]
        if let weights {
            let (loaded, weightTypeProblems) = try InferTensors.read(weights, what: "weights")
            problems += weightTypeProblems + FeedCheck.weightProblems(loaded.mapValues(\.type), graph: policy.graph)
            parameters = loaded
        } else if let initSeed {
            parameters = policy.graph.initialParameters(seed: initSeed)
        }
        guard problems.isEmpty else { throw runtimeFailure(problems) }
        let feeds = inputs.merging(parameters) { a, _ in a }
        // The chunk and what the head reports per row (`diagnostic.<name>`, e.g. ebt's energy).
        let names = [PolicyGraph.actionOutput] + policy.diagnostics.map { PolicyGraph.diagnosticPrefix + $0 }
        var outputs: [String: HostTensor] = [:]
        do {
            switch backend {
            case .reference:
                outputs = try ReferenceBackend<Float>().run(Program(unplanned: policy.graph), feeds: feeds).filter { names.contains($0.key) }
            case .blas:
                let executable = BLASExecutable(program: try compile(policy.graph).program, threads: threads)
                try executable.set(feeds)
                try executable.run()
                for name in names { outputs[name] = executable.output(name) }
            }
        } catch let error as BackendError {
            throw runtimeFailure(["running \(spec.name) failed: \(error)"])
        } catch let error as GraphError {
            throw checked.fail(LoweringError(.graph(error)))
        }
        guard outputs.count == names.count else { throw runtimeFailure(["the policy graph lacks an output of \(names)"]) }
        let metadata = ["format": "pt", "polspec.spec": spec.name, "polspec.hash": spec.hash]
        if let saveWeights, let initSeed {
            try InferTensors.write(parameters, metadata: metadata.merging(["polspec.init_seed": "\(initSeed)"]) { a, _ in a }, to: saveWeights)
        }
        try InferTensors.write(outputs, metadata: metadata, to: output)
    }
}
