import Backends
import Lowering

/// The carried state of each evaluator slot's episode (``CarriedState``, e.g. HAMLET's window of
/// step summaries): fed to the policy graph before a call, replaced by the graph's next value
/// after it. A slot without state (a new episode) is fed zeros and `state.first_call` = 1, so
/// the graph fills its state from the current step.
struct CarriedStateSlots {
    let states: [CarriedState]
    /// Per slot, per state input: one row of values.
    private var values: [Int: [String: [Float]]] = [:]

    init(states: [CarriedState]) { self.states = states }

    /// Forgets `slot`'s state: its next call starts an episode.
    mutating func reset(slot: Int) { values[slot] = nil }

    /// Writes each row's state (rows past `slots.count` start episodes) and first-call flags.
    func feed(slots: [Int], into executable: any Executable) {
        guard !states.isEmpty else { return }
        executable.withBinding(CarriedState.firstCallInput) { raw in
            let flags = raw.bindMemory(to: Float.self)
            for row in flags.indices { flags[row] = row < slots.count && values[slots[row]] != nil ? 0 : 1 }
        }
        for state in states {
            let n = state.rowElements
            executable.withBinding(state.input) { raw in
                let out = raw.bindMemory(to: Float.self)
                for row in 0..<(out.count / n) {
                    let stored = row < slots.count ? values[slots[row]]?[state.input] : nil
                    for i in 0..<n { out[row * n + i] = stored?[i] ?? 0 }
                }
            }
        }
    }

    /// Keeps each row's next state for its slot after a run.
    mutating func update(slots: [Int], from executable: any Executable) {
        for state in states {
            let n = state.rowElements
            executable.withOutput(state.output) { raw in
                let next = raw.bindMemory(to: Float.self)
                for (row, slot) in slots.enumerated() {
                    values[slot, default: [:]][state.input] = Array(next[(row * n)..<((row + 1) * n)])
                }
            }
        }
    }
}
