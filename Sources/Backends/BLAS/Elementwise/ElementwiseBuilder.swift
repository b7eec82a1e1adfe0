import CPUKernels
import Compiler

/// Compiles the part of a fused region that a value depends on into an `ElementwiseProgram`
/// writing that value to an output buffer. Kernel operands and `presets` (region values a
/// kernel already holds in memory, such as a GEMM's product in C) become loads, movement
/// nodes become the strides of those loads, fill constants immediates, elementwise ops
/// instructions. Returns nil when the sub-region holds anything else (the caller falls back
/// to running the region node by node).
struct ElementwiseBuilder {
    let region: [RegionNode]
    /// Kernel operand buffers and their types.
    let operands: [(pointer: UnsafeMutablePointer<Float>, type: TensorType)]
    /// The vector kernels the programs run on.
    let kernels: vk_kernels
    /// Region values already in memory: base pointer and layout in the value's own shape.
    var presets: [Int: (pointer: UnsafeMutablePointer<Float>, layout: StridedLayout)] = [:]
    /// Region values taken as 0 (a GEMM's product when computing the sum of what is added to it).
    var zeros: Set<Int> = []

    private var registers: [RegionValue: Int] = [:]
    private var loads: [(register: Int, base: UnsafeMutablePointer<Float>, layout: StridedLayout)] = []
    private var immediates: [(register: Int, value: Float)] = []
    private var instructions: [ElementwiseProgram.Instruction] = []
    private var shape = Shape.scalar
    private var registerCount = 0

    init(region: [RegionNode], operands: [(pointer: UnsafeMutablePointer<Float>, type: TensorType)], kernels: vk_kernels) {
        self.region = region
        self.operands = operands
        self.kernels = kernels
    }

    /// The layout through which `value` can be read in place (operands, presets and movement
    /// chains over them), or nil for computed values.
    func view(_ value: RegionValue) -> (pointer: UnsafeMutablePointer<Float>, layout: StridedLayout)? {
        switch value {
        case .operand(let k):
            return (operands[k].pointer, StridedLayout(contiguous: operands[k].type.shape))
        case .local(let j):
            if let preset = presets[j] { return preset }
            let node = region[j]
            guard isMovement(node.op), let source = view(node.inputs[0]),
                  let layout = source.layout.applying(node.op, resultShape: node.type.shape) else { return nil }
            return (source.pointer, layout)
        }
    }

    /// A program writing region value `target` (shape `shape`) into `output`.
    mutating func program(computing target: RegionValue, shape: Shape, into output: UnsafeMutablePointer<Float>) -> ElementwiseProgram? {
        self.shape = shape
        registers = [:]
        loads = []
        immediates = []
        instructions = []
        registerCount = 0
        guard var result = register(target) else { return nil }
        if !instructions.contains(where: { destination($0) == result }) {
            let copy = fresh()
            instructions.append(.copy(destination: copy, source: result))
            result = copy
        }
        let physical = allocateRegisters(result: result)
        return ElementwiseProgram(shape: shape, loads: loads.map { (physical.map[$0.register], $0.base, $0.layout) },
                                  immediates: immediates.map { (physical.map[$0.register], $0.value) },
                                  instructions: instructions.map { renamed($0, physical.map) },
                                  result: physical.map[result], registerCount: physical.count, output: output, kernels: kernels)
    }

    /// Maps the SSA registers to as few tiles as possible (linear scan), so that long
    /// epilogues keep their live tiles in L1: a register is reused once its value is dead (an
    /// instruction may write over one of its own sources: it reads each element before writing
    /// it). Immediates (filled once per scratch) and the result (the output pointer) keep their
    /// own registers.
    private func allocateRegisters(result: Int) -> (map: [Int], count: Int) {
        var lastUse = [Int](repeating: -1, count: registerCount)
        for (index, instruction) in instructions.enumerated() {
            for source in sources(instruction) { lastUse[source] = index }
        }
        var map = [Int](repeating: -1, count: registerCount)
        var count = 0
        var free: [Int] = []
        func take() -> Int {
            if let reused = free.popLast() { return reused }
            count += 1
            return count - 1
        }
        for immediate in immediates { map[immediate.register] = take() }
        map[result] = take()
        for load in loads { map[load.register] = take() }
        let pinned = Set(immediates.map(\.register) + [result])
        for (index, instruction) in instructions.enumerated() {
            for source in Set(sources(instruction)) where lastUse[source] == index && !pinned.contains(source) {
                free.append(map[source])
            }
            let target = destination(instruction)
            if map[target] < 0 { map[target] = take() }
        }
        return (map, count)
    }

    private func sources(_ instruction: ElementwiseProgram.Instruction) -> [Int] {
        switch instruction {
        case .unary(_, _, let s), .gelu(_, _, let s), .silu(_, let s), .copy(_, let s): return [s]
        case .binary(_, _, let a, let b), .compare(_, _, let a, let b): return [a, b]
        case .select(_, let m, let a, let b): return [m, a, b]
        }
    }

    private func renamed(_ instruction: ElementwiseProgram.Instruction, _ map: [Int]) -> ElementwiseProgram.Instruction {
        switch instruction {
        case .unary(let f, let d, let s): return .unary(f, destination: map[d], source: map[s])
        case .binary(let f, let d, let a, let b): return .binary(f, destination: map[d], map[a], map[b])
        case .compare(let c, let d, let a, let b): return .compare(c, destination: map[d], map[a], map[b])
        case .select(let d, let m, let a, let b): return .select(destination: map[d], mask: map[m], map[a], map[b])
        case .gelu(let t, let d, let s): return .gelu(tanh: t, destination: map[d], source: map[s])
        case .silu(let d, let s): return .silu(destination: map[d], source: map[s])
        case .copy(let d, let s): return .copy(destination: map[d], source: map[s])
        }
    }

    private mutating func fresh() -> Int {
        registerCount += 1
        return registerCount - 1
    }

    private mutating func register(_ value: RegionValue) -> Int? {
        if let existing = registers[value] { return existing }
        if let (pointer, layout) = view(value) {
            guard let broadcast = layout.broadcast(to: shape) else { return nil }
            let register = fresh()
            loads.append((register, pointer, broadcast))
            registers[value] = register
            return register
        }
        guard case .local(let j) = value else { return nil }
        let node = region[j]
        if zeros.contains(j) {
            let register = fresh()
            immediates.append((register, 0))
            registers[value] = register
            return register
        }
        if case .constant(.fill(let fill, let type)) = node.op, type.dtype == .f32, type.shape.broadcasts(to: shape) {
            let register = fresh()
            immediates.append((register, Float(fill)))
            registers[value] = register
            return register
        }
        guard node.type.shape == shape, node.type.dtype == .f32, node.inputs.allSatisfy({ dtype($0) == .f32 }) else { return nil }
        var inputs: [Int] = []
        for input in node.inputs {
            guard let register = register(input) else { return nil }
            inputs.append(register)
        }
        let destination = fresh()
        switch node.op {
        case .unary(let function): instructions.append(.unary(function, destination: destination, source: inputs[0]))
        case .binary(let function): instructions.append(.binary(function, destination: destination, inputs[0], inputs[1]))
        case .compare(let comparison): instructions.append(.compare(comparison, destination: destination, inputs[0], inputs[1]))
        case .select: instructions.append(.select(destination: destination, mask: inputs[0], inputs[1], inputs[2]))
        case .composite(.gelu(let approximation)): instructions.append(.gelu(tanh: approximation == .tanh, destination: destination, source: inputs[0]))
        case .composite(.silu): instructions.append(.silu(destination: destination, source: inputs[0]))
        case .cast(.f32): instructions.append(.copy(destination: destination, source: inputs[0]))
        default: return nil
        }
        registers[value] = destination
        return destination
    }

    private func dtype(_ value: RegionValue) -> DType {
        switch value {
        case .operand(let k): return operands[k].type.dtype
        case .local(let j): return region[j].type.dtype
        }
    }

    private func destination(_ instruction: ElementwiseProgram.Instruction) -> Int {
        switch instruction {
        case .unary(_, let d, _), .binary(_, let d, _, _), .compare(_, let d, _, _), .select(let d, _, _, _),
             .gelu(_, let d, _), .silu(let d, _), .copy(let d, _):
            return d
        }
    }

    private func isMovement(_ op: Op) -> Bool {
        switch op {
        case .reshape, .permute, .slice, .broadcast, .stopGradient: return true
        default: return false
        }
    }
}
