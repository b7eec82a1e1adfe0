import Compiler
import Foundation

/// An elementwise computation compiled for one output buffer: loads of operands through
/// strided views (broadcasts are stride 0), fill immediates, and a list of vector
/// instructions over registers. It evaluates any flat range of the output, a tile of up to
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

    /// Elements per tile (a multiple of the vector width).
    static let tile = 256

    let nest: LoopNest
    /// For nest operand `k` (all but the last, which is the output): its register and base.
    let loads: Pinned<(register: Int, base: UnsafeMutablePointer<Float>)>
    let instructions: Pinned<Instruction>
    let result: Int
    let registerCount: Int
    let output: UnsafeMutablePointer<Float>
    /// Registers filled once with an immediate, with their values.
    let immediates: [(register: Int, value: Float)]
    /// The registers of `immediates`.
    private let immediateRegisters: Pinned<Int>

    init(shape: Shape, loads: [(register: Int, base: UnsafeMutablePointer<Float>, layout: StridedLayout)],
         immediates: [(register: Int, value: Float)], instructions: [Instruction], result: Int, registerCount: Int,
         output: UnsafeMutablePointer<Float>) {
        nest = LoopNest(shape: shape, layouts: loads.map(\.layout) + [StridedLayout(contiguous: shape)])
        self.loads = Pinned(loads.map { ($0.register, $0.base) })
        self.immediates = immediates
        immediateRegisters = Pinned(immediates.map(\.register))
        self.instructions = Pinned(instructions)
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
        while index < instructions.count {
            let instruction = instructions[index]
            index += 1
            switch instruction {
            case .unary(let function, let destination, let source):
                // Sources first: the destination may reuse a source's register.
                let s = pointers[source]
                let d = target(destination, pointers, tiles)
                switch function {
                case .neg: map(count, s, d) { -$0 }
                case .abs: map(count, s, d) { FastMath.magnitude($0) }
                case .exp: map(count, s, d) { FastMath.exp($0) }
                case .log: map(count, s, d) { FastMath.lanes($0) { logf($0) } }
                case .sqrt: map(count, s, d) { FastMath.sqrt($0) }
                case .rsqrt: map(count, s, d) { FastMath.rsqrt($0) }
                case .tanh: map(count, s, d) { FastMath.tanh($0) }
                case .erf: map(count, s, d) { FastMath.erf($0) }
                case .sigmoid: map(count, s, d) { FastMath.sigmoid($0) }
                case .sin: map(count, s, d) { FastMath.lanes($0) { sinf($0) } }
                case .cos: map(count, s, d) { FastMath.lanes($0) { cosf($0) } }
                case .pow(let exponent):
                    if exponent == 2 {
                        map(count, s, d) { $0 * $0 }
                    } else if exponent == 3 {
                        map(count, s, d) { $0 * $0 * $0 }
                    } else if exponent == -1 {
                        map(count, s, d) { 1 / $0 }
                    } else if let integer = Int(exactly: exponent), abs(integer) <= 16 {
                        map(count, s, d) { FastMath.power($0, integer) }
                    } else if exponent == 0.5 {
                        map(count, s, d) { FastMath.sqrt($0) }
                    } else if exponent == -0.5 {
                        map(count, s, d) { FastMath.rsqrt($0) }
                    } else {
                        let e = Float(exponent)
                        map(count, s, d) { FastMath.lanes($0) { powf($0, e) } }
                    }
                }
            case .binary(let function, let destination, let a, let b):
                let (x, y) = (pointers[a], pointers[b])
                let d = target(destination, pointers, tiles)
                switch function {
                case .add: zip(count, x, y, d) { $0 + $1 }
                case .sub: zip(count, x, y, d) { $0 - $1 }
                case .mul: zip(count, x, y, d) { $0 * $1 }
                case .div: zip(count, x, y, d) { $0 / $1 }
                case .max: zip(count, x, y, d) { FastMath.maximum($0, $1) }
                case .min: zip(count, x, y, d) { FastMath.minimum($0, $1) }
                }
            case .compare(let comparison, let destination, let a, let b):
                let (x, y) = (pointers[a], pointers[b])
                let d = target(destination, pointers, tiles)
                let zero = Vector(), one = Vector(repeating: 1)
                switch comparison {
                case .eq: zip(count, x, y, d) { zero.replacing(with: one, where: $0 .== $1) }
                case .ne: zip(count, x, y, d) { zero.replacing(with: one, where: $0 .!= $1) }
                case .lt: zip(count, x, y, d) { zero.replacing(with: one, where: $0 .< $1) }
                case .le: zip(count, x, y, d) { zero.replacing(with: one, where: $0 .<= $1) }
                case .gt: zip(count, x, y, d) { zero.replacing(with: one, where: $0 .> $1) }
                case .ge: zip(count, x, y, d) { zero.replacing(with: one, where: $0 .>= $1) }
                }
            case .select(let destination, let mask, let a, let b):
                let (m, x, y) = (pointers[mask], pointers[a], pointers[b])
                let d = target(destination, pointers, tiles)
                var i = 0
                while i < count {
                    let value = Self.load(y, i).replacing(with: Self.load(x, i), where: Self.load(m, i) .!= 0)
                    Self.store(value, d, i, count)
                    i += 8
                }
            case .gelu(let tanh, let destination, let source):
                let s = pointers[source]
                map(count, s, target(destination, pointers, tiles)) { FastMath.gelu($0, tanhApproximation: tanh) }
            case .silu(let destination, let source):
                let s = pointers[source]
                map(count, s, target(destination, pointers, tiles)) { $0 * FastMath.sigmoid($0) }
            case .copy(let destination, let source):
                let s = pointers[source]
                let d = target(destination, pointers, tiles)
                if d != s { d.update(from: s, count: count) }
            }
        }
    }

    /// Where an instruction writes: the output for the result register, else its tile.
    @inline(__always)
    private func target(_ register: Int, _ pointers: UnsafeMutablePointer<UnsafeMutablePointer<Float>>,
                        _ tiles: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        if register != result { pointers[register] = tiles.advanced(by: register * ElementwiseProgram.tile) }
        return pointers[register]
    }

    @inline(__always)
    private func map(_ count: Int, _ source: UnsafeMutablePointer<Float>, _ destination: UnsafeMutablePointer<Float>,
                     _ function: (Vector) -> Vector) {
        var i = 0
        while i < count {
            Self.store(function(Self.load(source, i)), destination, i, count)
            i += 8
        }
    }

    @inline(__always)
    private func zip(_ count: Int, _ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
                     _ destination: UnsafeMutablePointer<Float>, _ function: (Vector, Vector) -> Vector) {
        var i = 0
        while i < count {
            Self.store(function(Self.load(a, i), Self.load(b, i)), destination, i, count)
            i += 8
        }
    }

    /// Eight floats from `pointer + i` (may read past the last element: arenas and tiles
    /// are padded).
    @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(pointer + i).loadUnaligned(as: Vector.self)
    }

    /// Stores the first `min(8, count - i)` lanes at `pointer + i`.
    @inline(__always)
    static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>, _ i: Int, _ count: Int) {
        if i + 8 <= count {
            UnsafeMutableRawPointer(pointer + i).storeBytes(of: value, as: Vector.self)
        } else {
            var lane = 0
            while lane < count - i {
                pointer[i + lane] = value[lane]
                lane += 1
            }
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
