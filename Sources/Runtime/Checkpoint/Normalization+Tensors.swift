import Compiler
import Foundation

/// `normalization.safetensors`: `action.min`, `action.max` `[action dim]`, with quantile
/// normalisation `action.quantiles` `[action dim, 1025]`, and, per standardised observation,
/// `observation.<name>.mean` and `observation.<name>.std` `[dim]`; the metadata holds the action
/// range as `action.range` (`"-1,1"`).
extension Normalization {
    var tensors: [String: HostTensor] {
        var tensors = ["action.min": Self.vector(actionMin), "action.max": Self.vector(actionMax)]
        if let actionQuantiles {
            tensors["action.quantiles"] = HostTensor(shape: [actionQuantiles.count, actionQuantiles.first?.count ?? 0],
                                                     floats: actionQuantiles.flatMap { $0 })
        }
        for (name, moments) in observations {
            tensors["observation.\(name).mean"] = Self.vector(moments.mean)
            tensors["observation.\(name).std"] = Self.vector(moments.std)
        }
        return tensors
    }

    var metadata: [String: String] {
        ["action.range": actionRange.map { "\($0)" }.joined(separator: ",")]
    }

    private static func vector(_ values: [Float]) -> HostTensor { HostTensor(shape: [values.count], floats: values) }

    /// The statistics stored by ``tensors`` and ``metadata``.
    init(tensors: [String: HostTensor], metadata: [String: String], path: String) throws(CheckpointError) {
        let range = (metadata["action.range"] ?? "").split(separator: ",").compactMap { Double($0) }
        guard let low = tensors["action.min"]?.floats, let high = tensors["action.max"]?.floats, low.count == high.count, range.count == 2 else {
            throw CheckpointError("\(path) lacks the action statistics (action.min, action.max, metadata action.range)")
        }
        var observations: [String: Moments] = [:]
        for (name, tensor) in tensors where name.hasPrefix("observation.") && name.hasSuffix(".mean") {
            let base = String(name.dropLast(".mean".count))
            guard let std = tensors[base + ".std"], std.shape == tensor.shape else {
                throw CheckpointError("\(path): \(name) has no matching \(base).std")
            }
            observations[String(base.dropFirst("observation.".count))] = Moments(mean: tensor.floats, std: std.floats)
        }
        var quantiles: [[Float]]?
        if let tensor = tensors["action.quantiles"] {
            guard tensor.shape.rank == 2, tensor.shape[0] == low.count, tensor.shape[1] >= 2 else {
                throw CheckpointError("\(path): action.quantiles has shape \(tensor.shape), expected [\(low.count), knots]")
            }
            let knots = tensor.shape[1], values = tensor.floats
            quantiles = (0..<low.count).map { Array(values[($0 * knots)..<(($0 + 1) * knots)]) }
            guard quantiles!.allSatisfy({ row in zip(row, row.dropFirst()).allSatisfy { $0 < $1 } }) else {
                throw CheckpointError("\(path): action.quantiles must increase strictly along each dimension")
            }
        }
        self.init(observations: observations, actionMin: low, actionMax: high, actionRange: range, actionQuantiles: quantiles)
    }
}
