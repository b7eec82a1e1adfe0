import ArgumentParser
import Backends
import Compiler
import Lowering
import Runtime
import Foundation
import SafeTensors
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
            compiled program is tested against). --mode asks a head that answers other queries \
            (uwm: forward_dynamics, inverse_dynamics, video) for them instead of the policy: what \
            the query is given comes from --input as `given.<name>` (`given.action` [batch, chunk, \
            action.dim], normalised; `given.future.<observation>` [batch, frames, C, H, W]), and \
            every output it has (`action`, `future.<observation>`) is written.
            --checkpoint DIR runs a trained run (or one of its checkpoint folders) as a deployment \
            would: SPEC may be left out (the checkpoint's own spec is used; a SPEC given must have \
            its interface and architecture), the EMA weights when it has them, raw observations in \
            (vector observations standardised with the checkpoint's normalization.safetensors; \
            images as F32 in [0, 1] or U8 bytes) and raw actions out (mapped back from \
            action.range with its minmax or quantile map). An observation of one frame may come \
            with or without its frames axis.
            Every problem with the inputs or weights (missing, extra, mis-shaped, wrong dtype) \
            is reported before anything runs. Nothing is written unless the run succeeds.
            Exit status: 0 ok, 1 spec errors, 2 usage errors, 3 bad tensors or a failure while \
            running.

            Examples:
              polspec infer specs/mlp-bc-state.yaml --init-seed 0 --save-weights w.safetensors \\
                  --input obs.safetensors --output act.safetensors
              polspec infer specs/mlp-bc-state.yaml --weights w.safetensors --input obs.safetensors --output act.safetensors
              polspec infer --checkpoint runs/bc --input raw-obs.safetensors --output raw-actions.safetensors
            """
    )

    @Argument(help: "The spec file (optional with --checkpoint).")
    var spec: String?

    @Option(help: ArgumentHelp("Weights to run with (safetensors, PyTorch names).", valueName: "file"))
    var weights: String?

    @Option(help: ArgumentHelp("Run this trained run or checkpoint folder on raw observations, giving raw actions.", valueName: "dir"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("Initialise the weights from this seed instead (PyTorch-default init).", valueName: "seed"))
    var initSeed: UInt64?

    @Option(help: ArgumentHelp("With --init-seed: also write the initial weights here.", valueName: "file"))
    var saveWeights: String?

    @Option(help: ArgumentHelp("Observation tensors (safetensors).", valueName: "file"))
    var input: String

    @Option(help: ArgumentHelp("Where to write the action chunk (or the --mode query's outputs) (safetensors).", valueName: "file"))
    var output: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a spec value, e.g. head.depth=8 (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Seed of a denoising head's sampling noise (default: recipe.seed).", valueName: "seed"))
    var noiseSeed: UInt64?

    @Flag(help: "Read a denoising head's noise from --input (noise.initial, and noise.steps for ddpm).")
    var noiseFromInput = false

    @Option(help: ArgumentHelp("Inference query of heads that answer several (uwm): policy (default), forward_dynamics, inverse_dynamics, video.",
                               valueName: "mode"))
    var mode: String?

    @Option(help: "Backend: blas (the compiled program: fused, memory-planned, OpenBLAS) or reference (plain loops over the graph).")
    var backend: InferBackend = .blas

    @Option(help: "Threads of the blas backend (results are deterministic for a fixed count).")
    var threads: Int = 1

    @Flag(help: "Replace an existing --output or --save-weights file even if it is not a safetensors file.")
    var force = false

    func validate() throws {
        guard [weights != nil, initSeed != nil, checkpoint != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --weights, --init-seed and --checkpoint")
        }
        if spec == nil && checkpoint == nil { throw ValidationError("give the spec file (or --checkpoint, whose spec is used)") }
        if saveWeights != nil && initSeed == nil { throw ValidationError("--save-weights needs --init-seed") }
        if noiseFromInput && noiseSeed != nil { throw ValidationError("give at most one of --noise-seed and --noise-from-input") }
        guard (1...BLASExecutable.maximumThreads).contains(threads) else {
            throw ValidationError("--threads must be 1...\(BLASExecutable.maximumThreads), got \(threads)")
        }
    }

    func run() throws {
        let (outputURL, saveWeightsURL) = try outputFiles()
        let trained = try checkpoint.map(Self.readCheckpoint)
        let checked = try checkedSpec(trained)
        let spec = checked.spec
        let images = trained == nil ? [] : Set(spec.observations.filter { $0.port.type.kind == .image }.map(\.name))
        let (read, inputProblems) = try InferTensors.read(input, what: "input", bytes: images)
        let batch = FeedCheck.batch(of: read.mapValues(\.type), spec: spec) ?? 1
        let noise: SamplingNoise = noiseFromInput ? .fed : .seeded(noiseSeed ?? UInt64(spec.recipe.seed))
        let policy: PolicyGraph
        do {
            policy = try PolicyGraph(spec, batch: batch, noise: noise, mode: mode)
        } catch {
            if case .unknownMode = error.reason { throw UsageError(error.description.replacingOccurrences(of: "error: ", with: "")) }
            throw error
        }
        if noiseFromInput && policy.requests.isEmpty {
            throw UsageError("--noise-from-input: the \(spec.head.config.kindName) head of \(spec.name) draws no noise")
        }
        let inputs = policy.startingEpisodes(InferTensors.droppingSingleFrames(read, policy: policy))
        var problems = inputProblems + FeedCheck.inputProblems(inputs, policy: policy) + NonFiniteValues.problems(inputs, what: "input")
        var parameters: [String: HostTensor] = [:]
        if let trained {
            let weights = trained.evaluationWeights
            problems += FeedCheck.weightProblems(weights.mapValues(\.type), graph: policy.graph)
            parameters = weights
        } else if let weights {
            let (loaded, weightTypeProblems) = try InferTensors.read(weights, what: "weights")
            problems += weightTypeProblems + FeedCheck.weightProblems(loaded.mapValues(\.type), graph: policy.graph)
                + NonFiniteValues.problems(loaded, what: "weights")
            parameters = loaded
        } else if let initSeed {
            parameters = policy.graph.initialParameters(seed: initSeed)
        }
        guard problems.isEmpty else { throw RuntimeFailure(problems) }
        let feeds = (trained.map { Self.normalized(inputs, $0.normalization) } ?? inputs).merging(parameters) { a, _ in a }
        var outputs: [String: HostTensor]
        do {
            switch backend {
            case .reference:
                outputs = try ReferenceBackend<Float>().run(Program(unplanned: policy.graph), feeds: feeds)
            case .blas:
                outputs = try BLASBackend(threads: threads).run(try compile(policy.graph).program, feeds: feeds)
            }
        } catch let error as BackendError {
            throw RuntimeFailure(["running \(spec.name) failed: \(error)"])
        } catch let error as GraphError {
            throw LoweringError(.graph(error))
        }
        let nonFinite = NonFiniteValues.problems(outputs, what: "output")
        guard nonFinite.isEmpty else { throw RuntimeFailure(nonFinite + ["the finite inputs and weights overflow float32 in \(spec.name); nothing was written"]) }
        var metadata = ["format": "pt", "polspec.spec": spec.name, "polspec.hash": spec.hash]
        if let trained, let action = outputs[PolicyGraph.actionOutput] {
            outputs[PolicyGraph.actionOutput] = trained.normalization.rawActions(action)
            metadata["polspec.actions"] = "raw"
        }
        if let saveWeightsURL, let initSeed {
            try InferTensors.write(parameters, metadata: metadata.merging(["polspec.init_seed": "\(initSeed)"]) { a, _ in a }, to: saveWeightsURL)
        }
        try InferTensors.write(outputs, metadata: metadata, to: outputURL)
    }

    /// The checkpoint of `--checkpoint` (a run folder or a checkpoint folder).
    private static func readCheckpoint(_ path: String) throws -> Checkpoint {
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no such checkpoint or run folder: \(path)") }
        do {
            return try Checkpoint.read(from: try RunDirectory.checkpointDirectory(URL(fileURLWithPath: path)))
        } catch {
            throw RuntimeFailure(["\(error)"])
        }
    }

    /// The spec to run: SPEC (which must fit the checkpoint's weights), else the checkpoint's own.
    private func checkedSpec(_ trained: Checkpoint?) throws -> CheckedSpec {
        guard let trained else { return try CheckedSpec(path: spec!, overrides: overrides) }
        guard let spec else {
            if !overrides.isEmpty { throw UsageError("--set changes a spec file; give SPEC with --checkpoint to override its values") }
            return try CheckedSpec(result: SpecChecker.check(text: trained.specJSON, path: "\(checkpoint!)/\(Checkpoint.specFile)"))
        }
        let checked = try CheckedSpec(path: spec, overrides: overrides)
        do {
            if let mismatch = try trained.evaluationMismatch(checked.spec) {
                throw UsageError("\(spec) cannot run the weights of \(checkpoint!): \(mismatch)")
            }
        } catch let error as CheckpointError {
            throw RuntimeFailure(["\(error)"])
        }
        return checked
    }

    /// The raw inputs as the policy reads them: observations standardised, `given.action` normalised.
    private static func normalized(_ inputs: [String: HostTensor], _ normalization: Runtime.Normalization) -> [String: HostTensor] {
        var mapped: [String: HostTensor] = [:]
        for (name, tensor) in inputs {
            mapped[name] = name == PolicyGraph.givenPrefix + "action" ? normalization.normalizedActions(tensor)
                : normalization.normalizedObservation(name, tensor)
        }
        return mapped
    }

    /// Where --output and --save-weights go (OutputPaths: not an input, not each other, a
    /// safetensors or new file unless --force).
    private func outputFiles() throws -> (output: URL, saveWeights: URL?) {
        var paths = OutputPaths(inputs: (spec.map { [("the spec", $0)] } ?? []) + [("--input", input)] + (weights.map { [("--weights", $0)] } ?? []))
        let saveWeights = try saveWeights.map { try paths.file("--save-weights", $0, kind: .safetensors, force: force) }
        return (try paths.file("--output", output, kind: .safetensors, force: force), saveWeights)
    }
}
