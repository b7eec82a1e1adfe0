import Bench
import Compiler
import Lowering
import SpecLang

/// Where one observation input of a lowered spec comes from: the suite's observation field of
/// the same name, and how a frame of it becomes the port's values.
///
/// | port | field | frame values |
/// |---|---|---|
/// | `image` [C, H, W] | `uint8` [C, H, W] | bytes / 255, in [0, 1] |
/// | `image` [C, H, W] | `float32` [C, H, W] | as stored |
/// | `vector` [d] | `float32` of d values in any shape (e.g. [8, 3] for 24), flattened row-major | standardised (``Normalization``) |
/// | `keypoints`, `tokens` | `float32` of the port's frame shape | as stored |
/// | `text` [max_tokens] | `text` | the instruction's ids from the suites' word tokenizer (``tokenizer``), padded |
public struct ObservationSource: Sendable, Equatable {
    /// How a frame is read.
    public enum Encoding: Sendable, Hashable {
        case floats
        /// Bytes scaled to [0, 1].
        case bytes
        /// The instruction as token ids of ``tokenizer`` (i32).
        case text
    }

    public let input: ObservationInput
    public let field: FieldSpec
    public let encoding: Encoding

    /// Values of one frame (token ids for text).
    public var frameSize: Int { input.port.type.elementCount }
    /// Frames per sample (1 for text, whatever the history).
    public var frames: Int { input.port.frames }
    public var name: String { input.name }

    /// The tokenizer of text observations: lower-case words over every built-in suite's
    /// instructions, 0 padding, 1 unknown (Bench's `InstructionTokenizer.standard`).
    public static let tokenizer = InstructionTokenizer.standard

    /// The token ids a text observation reads for `instruction`.
    public func tokens(_ instruction: String) -> [Int32] {
        Self.tokenizer.encode(instruction, maxTokens: frameSize)
    }

    /// The value of an image byte: `byte / 255`, in [0, 1].
    @inline(__always)
    public static func byteValue(_ byte: UInt8) -> Float { Float(byte) * (1 / 255) }

    /// The source of every input in `inputs`, read from `fields` (a suite's observation fields
    /// or a dataset's). Every mismatch is reported at once.
    public static func resolve(_ inputs: [ObservationInput], fields: [FieldSpec], suite: String) throws(TrainingDataError) -> [ObservationSource] {
        var sources: [ObservationSource] = []
        var problems: [String] = []
        for input in inputs {
            guard let field = fields.first(where: { $0.name == input.name }) else {
                let offered = fields.map { "\($0.name) (\(describe($0)))" }.joined(separator: ", ")
                problems.append("the spec observes '\(input.name)', but \(suite) has no such observation; it offers \(offered)")
                continue
            }
            switch encoding(of: input.port.type, field: field) {
            case .success(let encoding): sources.append(ObservationSource(input: input, field: field, encoding: encoding))
            case .failure(let problem): problems.append("observation '\(input.name)': \(problem)")
            }
        }
        guard problems.isEmpty else { throw TrainingDataError(problems.joined(separator: "\n")) }
        return sources
    }

    private static func encoding(of type: PortType, field: FieldSpec) -> Result<Encoding, TrainingDataError> {
        let provided = "\(field.name) is \(describe(field))"
        switch type {
        case .text:
            guard field.kind == .text else { return .failure(TrainingDataError("the spec declares text, but \(provided)")) }
            guard case .text(_, let vocab) = type, vocab >= tokenizer.vocabularySize else {
                return .failure(TrainingDataError("the instruction tokenizer uses \(tokenizer.vocabularySize) token ids, more than the spec's vocab; set vocab: \(tokenizer.vocabularySize) or more"))
            }
            return .success(.text)
        case .image:
            guard field.kind != .text, field.shape == type.frameShape else {
                return .failure(TrainingDataError("the spec declares \(type), but \(provided)"))
            }
            return .success(field.kind == .uint8 ? .bytes : .floats)
        case .vector(let dim):
            guard field.kind == .float32, field.rowCount == dim else {
                return .failure(TrainingDataError("the spec declares \(type), but \(provided) (a vector reads a float field of \(dim) values, flattened)"))
            }
            return .success(.floats)
        case .keypoints, .tokens:
            guard field.kind == .float32, field.shape == type.frameShape else {
                return .failure(TrainingDataError("the spec declares \(type) (frame shape \(type.frameShape)), but \(provided)"))
            }
            return .success(.floats)
        }
    }

    /// `float32 [39]`, `uint8 [3, 64, 64]`, `text`.
    static func describe(_ field: FieldSpec) -> String {
        field.kind == .text ? "text" : "\(field.kind.rawValue) \(field.shape)"
    }
}
