import Compiler
import Foundation
import Runtime
import SafeTensors

/// Safetensors files as the host tensors a graph takes and gives back.
enum InferTensors {
    /// Every tensor of the file at `path`: F32 and I32 tensors by name, and one problem for
    /// each tensor of another dtype (`what` names the file's role in messages).
    static func read(_ path: String, what: String) throws -> (tensors: [String: HostTensor], problems: [String]) {
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no such \(what) file: \(path)") }
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw runtimeFailure(["\(what) file \(path) is not a valid safetensors file: \(error)"])
        }
        var tensors: [String: HostTensor] = [:]
        var problems: [String] = []
        for name in file.names {
            let entry = try file.entry(name)
            let shape = Shape(entry.shape)
            switch entry.dtype {
            case .f32: tensors[name] = HostTensor(shape: shape, floats: try file.float32(name))
            case .i32: tensors[name] = HostTensor(shape: shape, ints: try file.int32(name))
            default: problems.append("\(what) tensor '\(name)' is \(entry.dtype.rawValue); polspec reads F32 (and I32 for text token ids)")
            }
        }
        return (tensors, problems)
    }

    /// Writes `tensors` (sorted by name) with `metadata` atomically to `url`.
    static func write(_ tensors: [String: HostTensor], metadata: [String: String], to url: URL) throws {
        do {
            try AtomicFile.write(try TensorFile.bytes(tensors, metadata: metadata), to: url)
        } catch {
            throw runtimeFailure(["cannot write \(url.path): \(error)"])
        }
    }
}
