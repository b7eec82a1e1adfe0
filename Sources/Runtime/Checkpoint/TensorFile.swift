import Compiler
import Foundation
import SafeTensors

/// Host tensors as safetensors bytes and back (F32 and I32 tensors, names sorted).
public enum TensorFile {
    /// The safetensors image of `tensors` with `metadata`.
    public static func bytes(_ tensors: [String: HostTensor], metadata: [String: String]) throws -> [UInt8] {
        var writer = SafeTensorsWriter(metadata: metadata)
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            switch tensor.storage {
            case .f32(let values): try writer.add(name, float32: values, shape: tensor.shape.dims)
            case .i32(let values): try writer.add(name, int32: values, shape: tensor.shape.dims)
            }
        }
        return writer.serialized()
    }

    /// Every F32 and I32 tensor of a validated safetensors image, and its metadata.
    static func tensors(_ bytes: [UInt8]) throws -> (tensors: [String: HostTensor], metadata: [String: String]) {
        let file = try SafeTensorsFile(bytes: bytes)
        var tensors: [String: HostTensor] = [:]
        for name in file.names {
            let entry = try file.entry(name)
            switch entry.dtype {
            case .f32: tensors[name] = HostTensor(shape: Shape(entry.shape), floats: try file.float32(name))
            case .i32: tensors[name] = HostTensor(shape: Shape(entry.shape), ints: try file.int32(name))
            default: throw CheckpointError("tensor '\(name)' is \(entry.dtype.rawValue); checkpoints hold F32 and I32 tensors")
            }
        }
        return (tensors, file.metadata)
    }
}
