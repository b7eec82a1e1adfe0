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

    init(region: [RegionNode], operands: [(pointer: UnsafeMutablePointer<Float>, type: TensorType)]) {
        self.region = region
        self.operands = operands
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
        return ElementwiseProgram(shape: shape, loads: loads, immediates: immediates, instructions: instructions,
                                  result: result, registerCount: registerCount, output: output)
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
