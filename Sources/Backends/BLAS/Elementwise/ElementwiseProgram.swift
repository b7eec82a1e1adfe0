import CPUKernels
import Compiler

/// An elementwise computation compiled for one output buffer: loads of operands through
/// strided views (broadcasts are stride 0), fill immediates, and a list of vector
/// instructions over registers, each run by a vector kernel of the executable's instruction
/// set (`VectorISA`). It evaluates any flat range of the output, a tile of up to
/// `tile` elements at a time: unit-stride loads are read in place, other loads are gathered
/// into scratch registers, and the last instruction writes straight into the output. It
/// allocates nothing while running.
final class ElementwiseProgram {
    enum Instruction {
        case unary(UnaryFunction, destination: Int, source: Int)
        case binary(BinaryFunction, destination: Int, Int, Int)
        case compare(Comparison, destination: Int, Int, Int)
        case select(destination: Int, mask: Int, Int, Int)
        case gelu(tanh: Bool, destination: Int, source: Int)
        case silu(destination: Int, source: Int)
        case copy(destination: Int, source: Int)
    }

    /// An instruction bound to its kernel (`vk_kernels`), as the program runs it.
    enum Operation {
        case unary(vk_unary, destination: Int, source: Int)
        case parameterized(vk_unary_parameter, Float, destination: Int, source: Int)
        case binary(vk_binary, destination: Int, Int, Int)
        case select(@convention(c) (Int, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?) -> Void,
                    destination: Int, mask: Int, Int, Int)
        case copy(destination: Int, source: Int)
    }

    /// Elements per tile (a multiple of the vector width).
    static let tile = 256

    let nest: LoopNest
    /// For nest operand `k` (all but the last, which is the output): its register and base.
    let loads: Pinned<(register: Int, base: UnsafeMutablePointer<Float>)>
    let operations: Pinned<Operation>
    let result: Int
    let registerCount: Int
    let output: UnsafeMutablePointer<Float>
    /// Registers filled once with an immediate, with their values.
    let immediates: [(register: Int, value: Float)]
    /// The registers of `immediates`.
    private let immediateRegisters: Pinned<Int>

    init(shape: Shape, loads: [(register: Int, base: UnsafeMutablePointer<Float>, layout: StridedLayout)],
         immediates: [(register: Int, value: Float)], instructions: [Instruction], result: Int, registerCount: Int,
         output: UnsafeMutablePointer<Float>, kernels: vk_kernels) {
        nest = LoopNest(shape: shape, layouts: loads.map(\.layout) + [StridedLayout(contiguous: shape)])
        self.loads = Pinned(loads.map { ($0.register, $0.base) })
        self.immediates = immediates
        immediateRegisters = Pinned(immediates.map(\.register))
        operations = Pinned(instructions.map { Operation($0, kernels) })
        self.result = result
        self.registerCount = registerCount
        self.output = output
    }

    /// Number of output elements.
    var count: Int { nest.count }

    /// Scratch one thread needs: `registerCount` tiles and a pointer per register.
    func makeScratch() -> ElementwiseScratch {
        let scratch = ElementwiseScratch(registers: registerCount)
        for (register, value) in immediates {
            scratch.tiles.advanced(by: register * ElementwiseProgram.tile).update(repeating: value, count: ElementwiseProgram.tile)
        }
        return scratch
    }

    /// Evaluates output elements `range` (flat, row-major) into the program's output, or into
    /// `destination` (element `flat` at `destination[flat - range.lowerBound]`).
    func run(_ range: Range<Int>, _ scratch: ElementwiseScratch, into destination: UnsafeMutablePointer<Float>? = nil) {
        var target = output
        if let destination { target = destination - range.lowerBound }
        let rank = nest.rank
        let inner = nest.inner
        let tiles = scratch.tiles
        let pointers = scratch.pointers
        var r = 0
        while r < immediateRegisters.count {
            let register = immediateRegisters[r]
            pointers[register] = tiles.advanced(by: register * ElementwiseProgram.tile)
            r += 1
        }
        var flat = range.lowerBound
        while flat < range.upperBound {
            let column = flat % inner
            let count = Swift.min(inner - column, range.upperBound - flat, ElementwiseProgram.tile)
            let row = flat / inner
            var k = 0
            while k < loads.count {
                let load = loads[k]
                let step = nest.stride(k, rank - 1)
                let source = load.base.advanced(by: nest.rowOffset(k, row) + column * step)
                if step == 1 {
                    pointers[load.register] = source
                } else {
                    let tile = tiles.advanced(by: load.register * ElementwiseProgram.tile)
                    if step == 0 {
                        tile.update(repeating: source.pointee, count: count)
                    } else {
                        var i = 0
                        while i < count {
                            tile[i] = source[i * step]
                            i += 1
                        }
                    }
                    pointers[load.register] = tile
                }
                k += 1
            }
            pointers[result] = target.advanced(by: flat)
            execute(count, pointers, tiles)
            flat += count
        }
    }

    private func execute(_ count: Int, _ pointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>, _ tiles: UnsafeMutablePointer<Float>) {
        var index = 0
        while index < operations.count {
            // Sources are read before the destination is chosen: it may reuse a source's register.
            switch operations[index] {
            case .unary(let kernel, let destination, let source):
                let s = pointers[source]
                kernel(count, s, target(destination, pointers, tiles))
            case .parameterized(let kernel, let parameter, let destination, let source):
                let s = pointers[source]
                kernel(count, s, parameter, target(destination, pointers, tiles))
            case .binary(let kernel, let destination, let a, let b):
                let (x, y) = (pointers[a], pointers[b])
                kernel(count, x, y, target(destination, pointers, tiles))
            case .select(let kernel, let destination, let mask, let a, let b):
                let (m, x, y) = (pointers[mask], pointers[a], pointers[b])
                kernel(count, m, x, y, target(destination, pointers, tiles))
            case .copy(let destination, let source):
                let s = pointers[source]
                let d = target(destination, pointers, tiles)
                if d != s { d.update(from: s, count: count) }
            }
            index += 1
        }
    }

    /// Where an instruction writes: the output for the result register, else its tile.
    @inline(__always)
    private func target(_ register: Int, _ pointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>,
                        _ tiles: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        if register != result { pointers[register] = tiles.advanced(by: register * ElementwiseProgram.tile) }
        return pointers[register]
    }
}

extension ElementwiseProgram.Operation {
    /// `instruction` on the vector kernels of `kernels`.
    init(_ instruction: ElementwiseProgram.Instruction, _ k: vk_kernels) {
        switch instruction {
        case .unary(let function, let d, let s):
            switch function {
            case .neg: self = .unary(k.neg, destination: d, source: s)
            case .abs: self = .unary(k.abs, destination: d, source: s)
            case .exp: self = .unary(k.exp, destination: d, source: s)
            case .log: self = .unary(k.log, destination: d, source: s)
            case .sqrt: self = .unary(k.sqrt, destination: d, source: s)
            case .rsqrt: self = .unary(k.rsqrt, destination: d, source: s)
            case .tanh: self = .unary(k.tanh, destination: d, source: s)
            case .erf: self = .unary(k.erf, destination: d, source: s)
            case .sigmoid: self = .unary(k.sigmoid, destination: d, source: s)
            case .sin: self = .unary(k.sin, destination: d, source: s)
            case .cos: self = .unary(k.cos, destination: d, source: s)
            case .pow(let exponent):
                switch exponent {
                case 2: self = .unary(k.square, destination: d, source: s)
                case 3: self = .unary(k.cube, destination: d, source: s)
                case -1: self = .unary(k.reciprocal, destination: d, source: s)
                case 0.5: self = .unary(k.sqrt, destination: d, source: s)
                case -0.5: self = .unary(k.rsqrt, destination: d, source: s)
                default:
                    if let integer = Int(exactly: exponent), Swift.abs(integer) <= 64 {
                        self = .parameterized(k.power_integer, Float(integer), destination: d, source: s)
                    } else {
                        self = .parameterized(k.power, Float(exponent), destination: d, source: s)
                    }
                }
            }
        case .binary(let function, let d, let a, let b):
            let kernel: vk_binary!
            switch function {
            case .add: kernel = k.add
            case .sub: kernel = k.sub
            case .mul: kernel = k.mul
            case .div: kernel = k.div
            case .max: kernel = k.max
            case .min: kernel = k.min
            }
            self = .binary(kernel, destination: d, a, b)
        case .compare(let comparison, let d, let a, let b):
            let kernel: vk_binary!
            switch comparison {
            case .eq: kernel = k.eq
            case .ne: kernel = k.ne
            case .lt: kernel = k.lt
            case .le: kernel = k.le
            case .gt: kernel = k.gt
            case .ge: kernel = k.ge
            }
            self = .binary(kernel, destination: d, a, b)
        case .select(let d, let mask, let a, let b): self = .select(k.select, destination: d, mask: mask, a, b)
        case .gelu(let tanh, let d, let s): self = .unary(tanh ? k.gelu_tanh : k.gelu, destination: d, source: s)
        case .silu(let d, let s): self = .unary(k.silu, destination: d, source: s)
        case .copy(let d, let s): self = .copy(destination: d, source: s)
        }
    }
}

/// Per-thread scratch of an elementwise program: register tiles and register pointers.
final class ElementwiseScratch {
    let tiles: UnsafeMutablePointer<Float>
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    let registers: Int

    init(registers: Int) {
        self.registers = registers
        let count = Swift.max(registers, 1) * ElementwiseProgram.tile + 8
        tiles = UnsafeMutablePointer<Float>.allocate(capacity: count)
        tiles.initialize(repeating: 0, count: count)
        pointers = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: Swift.max(registers, 1))
        pointers.initialize(repeating: tiles, count: Swift.max(registers, 1))
    }

    deinit {
        tiles.deallocate()
        pointers.deallocate()
    }
}
