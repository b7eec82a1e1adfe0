import Compiler

/// The maps of a checkpoint's `normalization.safetensors` applied to whole tensors, for running
/// a trained policy on raw observations (`polspec infer --checkpoint`): what `SpecPolicy` does
/// for the bench, tensor by tensor. docs/weights.md shows the same maps in PyTorch.
extension Normalization {
    /// Observation `name` as the policy reads it: a vector observation standardised feature by
    /// feature (every row of its last axis, every frame), anything else unchanged.
    public func normalizedObservation(_ name: String, _ tensor: HostTensor) -> HostTensor {
        guard let map = observationMap(name), case .f32(var values) = tensor.storage,
              tensor.shape.dims.last == map.width else { return tensor }
        values.withUnsafeMutableBufferPointer { map.apply($0) }
        return HostTensor(shape: tensor.shape, floats: values)
    }

    /// Raw actions (`[..., action.dim]`) mapped onto the normalised range the head predicts in.
    public func normalizedActions(_ tensor: HostTensor) -> HostTensor { mapActions(tensor) { actionMap.apply($0) } }

    /// Normalised actions (the head's output) mapped back to raw actions.
    public func rawActions(_ tensor: HostTensor) -> HostTensor { mapActions(tensor) { actionMap.invert($0) } }

    private func mapActions(_ tensor: HostTensor, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> HostTensor {
        guard case .f32(var values) = tensor.storage, tensor.shape.dims.last == actionMin.count else { return tensor }
        values.withUnsafeMutableBufferPointer { body($0) }
        return HostTensor(shape: tensor.shape, floats: values)
    }
}
