import Compiler

/// Why a backend could not run a program.
public enum BackendError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No tensor was fed for an input or parameter.
    case missingFeed(name: String, expected: TensorType)
    /// A fed tensor's shape or dtype differs from what the program binds.
    case feedTypeMismatch(name: String, expected: TensorType, got: TensorType)
    /// A fed name that is no input or parameter of the program.
    case unknownFeed(name: String)
    /// The backend has no kernel for these ops.
    case unsupportedOps([String])
    /// A kernel met a value it cannot compute with (an index out of range, a cast of a
    /// non-finite value to i32), naming the call's node and scope.
    case invalidValue(node: ValueID, op: String, scope: String, message: String)

    public var description: String {
        switch self {
        case .missingFeed(let name, let expected):
            return "no tensor given for \"\(name)\" (expected \(expected))"
        case .feedTypeMismatch(let name, let expected, let got):
            return "tensor \"\(name)\" is \(got), expected \(expected)"
        case .unknownFeed(let name):
            return "\"\(name)\" is not an input or parameter of this program"
        case .unsupportedOps(let names):
            return "the backend has no kernel for: " + names.joined(separator: ", ")
        case .invalidValue(let node, let op, let scope, let message):
            return "\(node) \(op)" + (scope.isEmpty ? "" : " in \(scope)") + ": \(message)"
        }
    }
}
