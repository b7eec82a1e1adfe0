import Compiler
import Lowering
import Foundation
import Runtime
import SafeTensors

/// Safetensors files as the host tensors a graph takes and gives back.
enum InferTensors {
    /// Every tensor of the file at `path`: F32 and I32 tensors by name, U8 tensors named in
    /// `bytes` as F32 in [0, 1] (raw camera images: byte / 255), and one problem for each tensor
    /// of another dtype (`what` names the file's role in messages).
    static func read(_ path: String, what: String, bytes: Set<String> = []) throws -> (tensors: [String: HostTensor], problems: [String]) {
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no such \(what) file: \(path)") }
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RuntimeFailure(["\(what) file \(path) is not a valid safetensors file: \(error)"])
        }
        var tensors: [String: HostTensor] = [:]
        var problems: [String] = []
        for name in file.names {
            let entry = try file.entry(name)
            let shape = Shape(entry.shape)
            switch entry.dtype {
            case .f32: tensors[name] = HostTensor(shape: shape, floats: try file.float32(name))
            case .i32: tensors[name] = HostTensor(shape: shape, ints: try file.int32(name))
            case .u8 where bytes.contains(name): tensors[name] = HostTensor(shape: shape, floats: try file.uint8(name).map { Float($0) / 255 })
            default:
                problems.append("\(what) tensor '\(name)' is \(entry.dtype.rawValue); polspec reads F32 (and I32 for text token ids"
                                + (bytes.isEmpty ? ")" : ", U8 for images)"))
            }
        }
        return (tensors, problems)
    }

    /// `inputs` with the frames axis of single-frame observations dropped: an observation of
    /// one frame may come as `[batch, 1, ...frame]` as well as `[batch, ...frame]`.
    static func droppingSingleFrames(_ inputs: [String: HostTensor], policy: PolicyGraph) -> [String: HostTensor] {
        var inputs = inputs
        for observation in policy.observations where observation.port.frames == 1 {
            guard let tensor = inputs[observation.name], tensor.shape.rank == observation.type.shape.rank + 1, tensor.shape.dims[1] == 1,
                  Array(tensor.shape.dims[2...]) == Array(observation.type.shape.dims.dropFirst()) else { continue }
            let dims = [tensor.shape.dims[0]] + tensor.shape.dims[2...]
            inputs[observation.name] = HostTensor(shape: Shape(dims), storage: tensor.storage) ?? tensor
        }
        return inputs
    }

    /// Writes `tensors` (sorted by name) with `metadata` atomically to `url`.
    static func write(_ tensors: [String: HostTensor], metadata: [String: String], to url: URL) throws {
        do {
            try AtomicFile.write(try TensorFile.bytes(tensors, metadata: metadata), to: url)
        } catch {
            throw RuntimeFailure(["cannot write \(url.path): \(error)"])
        }
    }
}
