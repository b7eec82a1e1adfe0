/// A spec (plus any files it includes and any command-line options) that demonstrates a
/// diagnostic. In `spec` and `files`, `\xHH` stands for the raw byte 0xHH.
public struct DiagnosticExample: Sendable {
    /// The text of `spec.yaml`.
    public var spec: String
    /// Other files next to `spec.yaml`, by relative path.
    public var files: [(path: String, text: String)] = []
    /// `--set` arguments.
    public var overrides: [String] = []
    /// `--max-params`, `--max-flops`, `--max-activation-bytes`, `--max-file-bytes` when not
    /// the defaults.
    public var maxParams: Int?
    public var maxFlops: Int?
    public var maxActivationBytes: Int?
    public var maxFileBytes: Int?
    /// Whether the example is run through `polspec fmt` (for codes only the formatter reports).
    public var formats = false

    /// The options to check the example with.
    public var options: CheckOptions {
        var limits = Limits()
        if let maxParams { limits.maxParameters = maxParams }
        if let maxFlops { limits.maxFlopsPerCall = maxFlops }
        if let maxActivationBytes { limits.maxActivationBytes = maxActivationBytes }
        if let maxFileBytes { limits.maxFileBytes = maxFileBytes }
        return CheckOptions(overrides: overrides, limits: limits)
    }

    /// The command that checks the example.
    public var command: String {
        if formats { return "polspec fmt spec.yaml" }
        var parts = ["polspec check spec.yaml"]
        parts += overrides.map { "--set '\($0)'" }
        if let maxParams { parts.append("--max-params \(maxParams)") }
        if let maxFlops { parts.append("--max-flops \(maxFlops)") }
        if let maxActivationBytes { parts.append("--max-activation-bytes \(maxActivationBytes)") }
        if let maxFileBytes { parts.append("--max-file-bytes \(maxFileBytes)") }
        return parts.joined(separator: " ")
    }

    /// `text` with every `\xHH` replaced by the raw byte.
    public static func bytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count, utf8[i + 1] == UInt8(ascii: "x"),
               let byte = UInt8(String(decoding: utf8[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                out.append(byte)
                i += 4
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        return out
    }
}

/// The documentation of one diagnostic code.
public struct DiagnosticDocumentation: Sendable {
    public var code: DiagnosticCode
    public var title: String
    public var explanation: String
    public var bad: DiagnosticExample
    public var fixed: DiagnosticExample
}

extension DiagnosticCode {
    /// Title, explanation and a bad and a fixed example.
    public var documentation: DiagnosticDocumentation {
        DiagnosticCatalogue.entries.first { $0.code == self }!
    }
}
