/// Marks the calls whose results stay the same from run to run until a parameter is set:
/// every operand a parameter that no state update writes, a constant or another such result
/// (a diffusion head's timestep-embedding products, the weight copies of
/// `WeightTransposition`). They move to the front of the schedule, after the constants, as
/// `invariant` calls; a backend runs them when the parameters change instead of on every run,
/// and the memory planner keeps their results.
///
/// Random numbers, calls without operands and calls whose result a state update reads stay
/// per run.
public struct InvariantHoisting: Sendable {
    public init() {}

    public func apply(_ program: Program, stateUpdates: [Program.StateUpdate]) -> Program {
        let written = Set(stateUpdates.map(\.binding))
        var invariant = Set(program.parameters.filter { !written.contains($0.name) }.map(\.slot.index))
        let updateOutputs = Set(stateUpdates.compactMap { program.output(named: $0.output)?.slot.index })
        var result = program
        var constants: [Program.KernelCall] = []
        var hoisted: [Program.KernelCall] = []
        var rest: [Program.KernelCall] = []
        for var call in program.calls {
            if case .op(.constant) = call.kernel {
                invariant.insert(call.result.index)
                constants.append(call)
                continue
            }
            if case .op(.random) = call.kernel {
                rest.append(call)
                continue
            }
            if call.invariant || (!call.operands.isEmpty && !updateOutputs.contains(call.result.index)
                                  && call.operands.allSatisfy { invariant.contains($0.index) }) {
                call.invariant = true
                invariant.insert(call.result.index)
                hoisted.append(call)
            } else {
                rest.append(call)
            }
        }
        result.calls = constants + hoisted + rest
        return result
    }
}
