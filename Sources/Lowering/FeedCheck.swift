import Compiler
import SpecLang

/// Checks the tensors a caller feeds to a lowered graph (`polspec infer`'s input and weights
/// files) before anything runs, and describes every problem at once, one sentence each.
public enum FeedCheck {
    /// The batch the observation tensors imply: the leading extent of the first observation
    /// of `spec` (in spec order) that `tensors` holds, or nil when it holds none (or a scalar).
    public static func batch(of tensors: [String: TensorType], spec: Spec) -> Int? {
        for observation in spec.observations {
            if let type = tensors[observation.name], type.shape.rank >= 1 { return type.shape[0] }
        }
        return nil
    }

    /// Problems of `tensors` as the run-time inputs of `policy` (see the next method).
    public static func inputProblems(_ tensors: [String: HostTensor], policy: PolicyGraph) -> [String] {
        inputProblems(tensors, graph: policy.graph, observations: policy.observations, unread: policy.unreadObservations)
    }

    /// Problems of `tensors` as the run-time inputs of `graph`: missing, extra, wrongly typed
    /// or mis-shaped tensors, and text token ids outside the vocabulary. `observations` are
    /// the graph's observation inputs (for messages); `unread` names spec observations the
    /// policy does not read (fed anyway, they get a specific message).
    public static func inputProblems(_ tensors: [String: HostTensor], graph: Graph,
                                     observations: [ObservationInput], unread: [String] = []) -> [String] {
        var problems: [String] = []
        let expected = graph.inputs
        for input in expected {
            let observation = observations.first { $0.name == input.name }
            let what = observation.map { "observation \($0.port) as \(layout($0))" }
                ?? (input.name.hasPrefix(PolicyGraph.givenPrefix) ? "what the inference mode is given"
                    : input.name.hasPrefix("state.") ? "carried state: the previous call's next.\(input.name), or 1 in state.first_call" : "sampler noise")
            guard let tensor = tensors[input.name] else {
                problems.append("missing input '\(input.name)': expected \(input.type) (\(what))")
                continue
            }
            if tensor.dtype != input.type.dtype {
                problems.append("input '\(input.name)' is \(tensor.dtype), expected \(input.type.dtype) (\(what))")
            } else if tensor.shape != input.type.shape {
                problems.append("input '\(input.name)' has shape \(tensor.shape), expected \(input.type.shape) (\(what))")
            } else if let observation, case let .text(_, vocab) = observation.port.type, case .i32(let ids) = tensor.storage,
                      let bad = ids.firstIndex(where: { $0 < 0 || Int($0) >= vocab }) {
                problems.append("input '\(input.name)' holds token id \(ids[bad]) at flat index \(bad), outside the vocabulary 0..<\(vocab)")
            }
        }
        let names = Set(expected.map(\.name))
        for name in tensors.keys.sorted() where !names.contains(name) {
            if unread.contains(name) {
                problems.append("input '\(name)' is an observation the policy does not read (nothing in the spec uses it); leave it out")
            } else {
                problems.append("unexpected input '\(name)': the policy reads \(expected.map { "'\($0.name)'" }.joined(separator: ", "))")
            }
        }
        return problems
    }

    /// Problems of `tensors` as the parameters of `graph`: missing, extra, wrongly typed or
    /// mis-shaped weights (names and layouts: docs/weights.md).
    public static func weightProblems(_ tensors: [String: TensorType], graph: Graph) -> [String] {
        var problems: [String] = []
        let parameters = graph.parameters
        for parameter in parameters {
            guard let type = tensors[parameter.name] else {
                problems.append("missing weight '\(parameter.name)': expected \(parameter.type)")
                continue
            }
            if type != parameter.type {
                problems.append("weight '\(parameter.name)' is \(type), expected \(parameter.type)")
            }
        }
        let names = Set(parameters.map(\.name))
        for name in tensors.keys.sorted() where !names.contains(name) {
            problems.append("unexpected weight '\(name)': the policy has no parameter of that name")
        }
        return problems
    }

    /// `[batch, frames, C, H, W]`-style axis names of an observation input.
    static func layout(_ input: ObservationInput) -> String {
        var axes = ["batch"]
        if input.port.frames > 1 { axes.append("frames") }
        switch input.port.type {
        case .image: axes += ["C", "H", "W"]
        case .vector: axes += ["dim"]
        case .text: axes += ["max_tokens"]
        case .keypoints(_, let confidence, _): axes += ["count", confidence ? "u v confidence" : "u v"]
        case .tokens: axes += ["count", "dim"]
        }
        return "[" + axes.joined(separator: ", ") + "]"
    }
}
