/// Why a safetensors file could not be read or written. Every case names what is wrong so
/// that a user can act on it; none of them is a crash.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    case fileTooShort(size: Int)
    case headerTooLarge(length: UInt64, limit: Int)
    case headerBeyondFile(length: UInt64, fileSize: Int)
    case headerNotJSON(String)
    case badEntry(name: String, reason: String)
    case unknownDType(name: String, dtype: String)
    case sizeMismatch(name: String, expected: Int, actual: Int)
    case offsetsOutOfRange(name: String, end: Int, dataSize: Int)
    case overlap(String, String)
    case hole(at: Int)
    case trailingBytes(covered: Int, dataSize: Int)
    case missingTensor(String)
    case wrongDType(name: String, expected: DType, actual: DType)
    case duplicateName(String)
    /// A header that names a tensor twice (readers disagree on which entry counts).
    case repeatedName(String)
    case shapeMismatch(name: String, shape: [Int], count: Int)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileTooShort(let size):
            "file is too short to be safetensors (\(size) bytes; needs at least 8)"
        case .headerTooLarge(let length, let limit):
            "header length \(length) exceeds the limit of \(limit) bytes"
        case .headerBeyondFile(let length, let fileSize):
            "header length \(length) runs past the end of the file (\(fileSize) bytes): truncated file?"
        case .headerNotJSON(let reason):
            "header is not a JSON object: \(reason)"
        case .badEntry(let name, let reason):
            "tensor '\(name)': \(reason)"
        case .unknownDType(let name, let dtype):
            "tensor '\(name)': unknown dtype '\(dtype)'"
        case .sizeMismatch(let name, let expected, let actual):
            "tensor '\(name)': shape and dtype need \(expected) bytes but its offsets span \(actual)"
        case .offsetsOutOfRange(let name, let end, let dataSize):
            "tensor '\(name)': data ends at byte \(end) but the data section has \(dataSize) bytes: truncated file?"
        case .overlap(let a, let b):
            "tensors '\(a)' and '\(b)' overlap"
        case .hole(let at):
            "data section has a gap at byte \(at)"
        case .trailingBytes(let covered, let dataSize):
            "data section has \(dataSize - covered) bytes that no tensor uses"
        case .missingTensor(let name):
            "no tensor named '\(name)'"
        case .wrongDType(let name, let expected, let actual):
            "tensor '\(name)' has dtype \(actual.rawValue), expected \(expected.rawValue)"
        case .duplicateName(let name):
            "tensor name '\(name)' is used twice"
        case .repeatedName(let name):
            "the header describes tensor '\(name)' twice (Python's json would keep the last entry, other readers the first): refused"
        case .shapeMismatch(let name, let shape, let count):
            "tensor '\(name)': shape \(shape) does not hold \(count) elements"
        case .io(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
