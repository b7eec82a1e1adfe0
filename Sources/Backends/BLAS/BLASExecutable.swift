import Dispatch
import Compiler

/// A program prepared for the BLAS backend: one arena holding every slot at its planned
/// offset, a thread pool, and a step per kernel with every pointer and loop bound computed
/// up front. Bind inputs and parameters once (`set`), then `run()` as often as needed:
/// running allocates nothing. Inputs, parameters and constants keep their bytes between
/// runs; state updates (an optimiser's new weights) take effect at the end of each run.
///
/// Not thread-safe: run one executable from one thread at a time.
public final class BLASExecutable: Executable {
    public let program: Program
    /// Threads used per run (the calling thread and `threads - 1` pool workers).
    public let threads: Int
    /// The instruction set of the vector kernels.
    public let vectorISA: VectorISA
    /// Most threads an executable runs with (more are clamped to it; `--threads` refuses more).
    public static let maximumThreads = WorkerPool.maximumThreads
    private let arena: UnsafeMutableRawPointer
    private let pool: WorkerPool
    private let steps: Pinned<any KernelStep>
    /// The program call each step runs.
    private let stepCalls: [Int]
    /// Steps of the invariant calls, run when `parametersChanged`.
    private let invariantSteps: Pinned<any KernelStep>
    /// Set when a parameter may have new bytes (set, or handed out by `withBinding`).
    private var parametersChanged = true
    private let parameterNames: Set<String>
    /// True when a state update writes a parameter: invariant calls then run on every run.
    private let stateUpdatesWriteParameters: Bool
    private var bindings: [String: Program.Binding] = [:]
    private var outputs: [String: Program.Binding] = [:]
    /// State updates whose output does not already sit on its binding: byte copies after each run.
    private let copies: Pinned<(from: UnsafeMutableRawPointer, to: UnsafeMutableRawPointer, bytes: Int)>

    /// Prepares `program` to run with `threads` threads on the vector kernels of `vectorISA`
    /// (which the processor must support). Loads the BLAS library on first use
    /// (`BLASLibrary`). `onWorkerStart` runs once on each worker thread as it starts
    /// (instrumentation: the allocation tests count on those threads).
    public init(program: Program, threads: Int = 1, vectorISA: VectorISA = .best, onWorkerStart: (@Sendable () -> Void)? = nil) {
        _ = BLASLibrary.loaded()
        self.program = program
        self.threads = Swift.min(Swift.max(1, threads), Self.maximumThreads)
        self.vectorISA = vectorISA
        let bytes = program.arenaBytes + 2 * Program.alignment
        arena = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Program.alignment)
        arena.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        pool = WorkerPool(threadCount: self.threads, onWorkerStart: onWorkerStart)
        for binding in program.inputs + program.parameters { bindings[binding.name] = binding }
        for binding in program.outputs { outputs[binding.name] = binding }
        var steps: [any KernelStep] = []
        var stepCalls: [Int] = []
        var invariantSteps: [any KernelStep] = []
        var copies: [(from: UnsafeMutableRawPointer, to: UnsafeMutableRawPointer, bytes: Int)] = []
        let context = StepContext(program: program, arena: arena, threads: self.threads, kernels: vectorISA.kernels.pointee,
                                  ownProducts: vectorISA != .generic, constantRanges: Self.constantRanges(program))
        let factory = StepFactory(context: context)
        // Invariant calls run once per change of the weights: packing their B would not pay.
        let invariantFactory = StepFactory(context: context.withoutConstantRanges)
        for (index, call) in program.calls.enumerated() {
            if case .op(.constant(let constant)) = call.kernel, program.slots[call.result.index].isExclusive {
                // Persistent bytes: write the constant once.
                ConstantStep(constant, output: arena + program.slots[call.result.index].offset).run(pool)
                continue
            }
            if let step = (call.invariant ? invariantFactory : factory).step(call) {
                if call.invariant {
                    invariantSteps.append(step)
                } else {
                    steps.append(step)
                    stepCalls.append(index)
                }
            }
        }
        // After every invariant call: packing reads weight copies the invariant calls write.
        invariantSteps += steps.compactMap(\.weightPreparation)
        for update in program.stateUpdates {
            guard let output = outputs[update.output], let binding = bindings[update.binding] else { continue }
            let (from, to) = (program.slots[output.slot.index].offset, program.slots[binding.slot.index].offset)
            if from != to { copies.append((arena + from, arena + to, program.slots[binding.slot.index].byteCount)) }
        }
        self.steps = Pinned(steps)
        self.stepCalls = stepCalls
        self.invariantSteps = Pinned(invariantSteps)
        let parameterNames = Set(program.parameters.map(\.name))
        self.parameterNames = parameterNames
        stateUpdatesWriteParameters = !invariantSteps.isEmpty && program.stateUpdates.contains { parameterNames.contains($0.binding) }
        self.copies = Pinned(copies)
    }

    deinit { arena.deallocate() }

    /// The arena ranges whose bytes stay the same from run to run: parameters, invariant
    /// results and persistent constants — none when a state update writes a parameter.
    private static func constantRanges(_ program: Program) -> [Range<Int>] {
        let parameters = Set(program.parameters.map(\.name))
        guard !program.stateUpdates.contains(where: { parameters.contains($0.binding) }) else { return [] }
        var slots = program.parameters.map(\.slot)
        for call in program.calls where call.invariant { slots.append(call.result) }
        for call in program.calls {
            if case .op(.constant) = call.kernel, program.slots[call.result.index].isExclusive { slots.append(call.result) }
        }
        return slots.map { program.slots[$0.index].offset ..< program.slots[$0.index].offset + program.slots[$0.index].byteCount }
    }

    /// Copies `tensor` into the input or parameter `name` (it keeps the value until set again).
    public func set(_ name: String, _ tensor: HostTensor) throws(BackendError) {
        guard let binding = bindings[name] else { throw .unknownFeed(name: name) }
        guard tensor.type == binding.type else { throw .feedTypeMismatch(name: name, expected: binding.type, got: tensor.type) }
        let destination = arena + program.slots[binding.slot.index].offset
        if parameterNames.contains(name) { parametersChanged = true }
        tensor.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    /// The bytes of input or parameter `name`, for filling in place without a copy (nil when
    /// there is no such binding). A parameter counts as changed.
    @discardableResult
    public func withBinding<R>(_ name: String, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R? {
        guard let binding = bindings[name] else { return nil }
        if parameterNames.contains(name) { parametersChanged = true }
        let slot = program.slots[binding.slot.index]
        return try body(UnsafeMutableRawBufferPointer(start: arena + slot.offset, count: slot.byteCount))
    }

    /// Runs the program once on the bound inputs and parameters. OpenBLAS is kept
    /// single-threaded (the pool splits GEMMs itself; see `GemmStep`).
    public func run() throws(BackendError) {
        BLASLibrary.setThreads(1)
        try runInvariantCallsIfNeeded()
        var index = 0
        while index < steps.count {
            try steps[index].run(pool)
            index += 1
        }
        index = 0
        while index < copies.count {
            let copy = copies[index]
            copy.to.copyMemory(from: copy.from, byteCount: copy.bytes)
            index += 1
        }
        if stateUpdatesWriteParameters { parametersChanged = true }
    }

    /// Runs the invariant calls (weight copies) when a parameter changed since they last ran.
    private func runInvariantCallsIfNeeded() throws(BackendError) {
        guard parametersChanged else { return }
        var index = 0
        while index < invariantSteps.count {
            try invariantSteps[index].run(pool)
            index += 1
        }
        parametersChanged = false
    }

    /// The bytes of output `name` after a run (valid until the next run).
    public func withOutput<R>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        guard let binding = outputs[name] else { return nil }
        let slot = program.slots[binding.slot.index]
        return try body(UnsafeRawBufferPointer(start: arena + slot.offset, count: slot.byteCount))
    }

    /// Output `name` as a host tensor (a copy).
    public func output(_ name: String) -> HostTensor? {
        guard let binding = outputs[name] else { return nil }
        return withOutput(name) { HostTensor(binding.type, bytes: $0) }
    }

    /// The current value of input or parameter `name` (after state updates), as a host tensor.
    public func binding(_ name: String) -> HostTensor? {
        guard let binding = bindings[name] else { return nil }
        let slot = program.slots[binding.slot.index]
        return HostTensor(binding.type, bytes: UnsafeRawBufferPointer(start: arena + slot.offset, count: slot.byteCount))
    }
}

extension BLASExecutable {
    /// How long one kernel took.
    public struct StepTiming: Sendable {
        /// Index of the program call the step runs.
        public var call: Int
        /// Seconds over the profiled runs (median or minimum).
        public var seconds: Double
        /// The BLAS products of the step.
        public var gemms: [GEMMShape]
    }

    /// How `profile` summarises a kernel's times.
    public enum ProfileStatistic: Sendable {
        case median, minimum
    }

    /// Runs the program `runs` times timing every kernel separately (slower than `run()`:
    /// a clock read around each kernel).
    public func profile(runs: Int, statistic: ProfileStatistic = .median) throws(BackendError) -> [StepTiming] {
        BLASLibrary.setThreads(1)
        try runInvariantCallsIfNeeded()
        var samples = [[Double]](repeating: [], count: steps.count)
        for _ in 0..<Swift.max(runs, 1) {
            for index in 0..<steps.count {
                let start = DispatchTime.now().uptimeNanoseconds
                try steps[index].run(pool)
                samples[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            }
            for index in 0..<copies.count {
                let copy = copies[index]
                copy.to.copyMemory(from: copy.from, byteCount: copy.bytes)
            }
        }
        return (0..<steps.count).map { index in
            let sorted = samples[index].sorted()
            return StepTiming(call: stepCalls[index], seconds: statistic == .median ? sorted[sorted.count / 2] : sorted[0],
                              gemms: steps[index].gemms)
        }
    }
}
