import Compiler
import SpecLang

/// Why a checked spec could not be lowered to a graph.
///
/// A spec that passed `polspec check` is valid; lowering can still refuse a batch, a stage or
/// a mode it is asked for, or report that the graph builder rejected what the layers made (a
/// bug, reported with the node and scope).
public struct LoweringError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// The requested batch size is not positive.
        case invalidBatch(Int)
        /// The graph's values at this batch would need more than ``BatchLimit/maximumBytes``;
        /// `maximum` is the largest batch that fits (0 when not even batch 1 does).
        case batchTooLarge(Int, maximum: Int)
        /// No recipe stage has that name.
        case unknownStage(String, available: [String])
        /// The head answers no inference query of that name.
        case unknownMode(String, head: String, available: [String])
        /// The graph builder or verifier rejected the lowered graph.
        case graph(GraphError)
    }

    public var reason: Reason

    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// `error: message`.
    public var description: String {
        switch reason {
        case .invalidBatch(let batch):
            return "error: the batch size must be at least 1, got \(batch)"
        case .batchTooLarge(let batch, let maximum):
            return "error: a batch of \(batch) is too large: the graph's values would need more than \(BatchLimit.maximumBytes >> 40) TiB; "
                + "the largest batch for this spec is \(maximum)"
        case .unknownStage(let name, let available):
            return "error: no recipe stage is called '\(name)'; stages: \(available.joined(separator: ", "))"
        case .unknownMode(let mode, let head, let available):
            return "error: the \(head) head answers no inference mode '\(mode)'; "
                + (available.isEmpty ? "it has only the policy" : "its modes: policy, \(available.joined(separator: ", "))")
        case .graph(let error):
            return "error: the lowered graph is invalid (a compiler bug, please report it):\n\(error)"
        }
    }
}
