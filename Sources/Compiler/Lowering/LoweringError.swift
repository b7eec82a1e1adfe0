import SpecLang

/// Why a checked spec could not be lowered to a graph.
///
/// A spec that passed `polspec check` is valid; lowering can still refuse it when it uses a
/// kind the compiler does not lower yet (the paper kinds, flow-matching sampling), when a
/// stage's objective has no loss graph yet, or when the graph builder rejects what the
/// layers made (a bug, reported with the node and scope).
public struct LoweringError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// `component` (`encoder 'vision'`, `head`) has a kind the compiler does not lower yet;
        /// `gap` names the missing piece of work.
        case notLowered(component: String, kind: String, gap: String)
        /// The requested batch size is not positive.
        case invalidBatch(Int)
        /// The graph's values at this batch would need more than ``BatchLimit/maximumBytes``;
        /// `maximum` is the largest batch that fits (0 when not even batch 1 does).
        case batchTooLarge(Int, maximum: Int)
        /// No recipe stage has that name.
        case unknownStage(String, available: [String])
        /// The graph builder or verifier rejected the lowered graph.
        case graph(GraphError)
    }

    public var reason: Reason
    /// Where the spec wrote the offending value, when known.
    public var location: SourceRange?

    public init(_ reason: Reason, at location: SourceRange? = nil) {
        self.reason = reason
        self.location = location
    }

    /// The message without the location.
    public var message: String {
        switch reason {
        case .notLowered(let component, let kind, let gap):
            return "\(component) has kind \(kind), which polspec cannot lower to a graph yet: \(gap). "
                + "Lowered today: observations of every kind; encoders \(LoweredKinds.encoders); "
                + "head \(LoweredKinds.heads); objective \(LoweredKinds.objectives)"
        case .invalidBatch(let batch):
            return "the batch size must be at least 1, got \(batch)"
        case .batchTooLarge(let batch, let maximum):
            return "a batch of \(batch) is too large: the graph's values would need more than \(BatchLimit.maximumBytes >> 40) TiB; the largest batch for this spec is \(maximum)"
        case .unknownStage(let name, let available):
            return "no recipe stage is called '\(name)'; stages: \(available.joined(separator: ", "))"
        case .graph(let error):
            return "the lowered graph is invalid (a compiler bug, please report it):\n\(error)"
        }
    }

    /// `file:line:col: error: message`, or `error: message` without a location.
    public var description: String {
        guard let location else { return "error: \(message)" }
        return "\(location): error: \(message)"
    }
}

/// The kinds lowering supports, for messages and docs.
public enum LoweredKinds {
    public static let encoders = "mlp, cnn, transformer, text_embedding, proprio"
    public static let heads = "mlp (regression, or a denoiser sampled with ddim or ddpm)"
    public static let objectives = "bc"
}
