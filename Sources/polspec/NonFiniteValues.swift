import Compiler

/// NaN and infinity in the tensors `infer` reads or writes: a policy fed them gives NaN
/// actions, so they are refused with the tensor and the first bad element named (exit 3,
/// nothing written) rather than passed on silently.
enum NonFiniteValues {
    /// One problem per F32 tensor of `tensors` that holds a NaN or an infinity; `what` names
    /// the file's role (`input`, `weights`).
    static func problems(_ tensors: [String: HostTensor], what: String) -> [String] {
        tensors.keys.sorted().compactMap { name in
            guard case .f32(let values) = tensors[name]!.storage, let first = values.firstIndex(where: { !$0.isFinite }) else { return nil }
            let nans = values.lazy.filter(\.isNaN).count, infinities = values.lazy.filter(\.isInfinite).count
            return "\(what) tensor '\(name)' holds \(nans) NaN and \(infinities) infinite values (the first, \(values[first]), at \(position(first, in: tensors[name]!.shape))); polspec runs only finite values"
        }
    }

    /// `[i, j, ...]`: the multi-index of flat element `index` in `shape`.
    static func position(_ index: Int, in shape: Shape) -> String {
        var rest = index
        var indices: [Int] = []
        for extent in shape.dims.reversed() {
            indices.append(extent > 0 ? rest % extent : 0)
            rest = extent > 0 ? rest / extent : 0
        }
        return "[" + indices.reversed().map(String.init).joined(separator: ", ") + "]"
    }
}
