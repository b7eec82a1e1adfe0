/// The built-in tokenizer of `text` observation ports: lower-case words over the instructions of
/// every suite (metaworld-like, libero-like, calvin-like), with a padding and an unknown token.
///
/// - A text is cut into words at every character that is not a letter or a digit, and lower-cased
///   ("Take the red block" -> `take`, `the`, `red`, `block`).
/// - Ids: 0 is `<pad>`, 1 is `<unk>` (a word no instruction uses), then the vocabulary's words in
///   sorted order from 2.
/// - `encode(_:maxTokens:)` gives exactly `maxTokens` ids: the first words, then padding.
///
/// ```swift
/// let ids = InstructionTokenizer.standard.encode("put the bowl on the plate", maxTokens: 16)  // [Int32] x 16
/// ```
public struct InstructionTokenizer: Sendable, Equatable {
    public static let padID: Int32 = 0
    public static let unknownID: Int32 = 1
    public static let specialTokens = ["<pad>", "<unk>"]

    /// The words, in id order from 2.
    public let words: [String]
    private let ids: [String: Int32]

    /// A tokenizer over the words of `texts`.
    public init(texts: [String]) {
        words = Array(Set(texts.flatMap(Self.split))).sorted()
        ids = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, Int32($0 + Self.specialTokens.count)) })
    }

    /// The tokenizer over every built-in suite's instructions.
    public static let standard = InstructionTokenizer(texts: Suites.all.flatMap { $0.tasks.map(\.instruction) })

    /// Ids in use: the special tokens and the words.
    public var vocabularySize: Int { Self.specialTokens.count + words.count }

    /// A text's lower-case words.
    public static func split(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// The id of each word of `text` (unknown words get `unknownID`).
    public func tokens(_ text: String) -> [Int32] {
        Self.split(text).map { ids[$0] ?? Self.unknownID }
    }

    /// Exactly `maxTokens` ids: the text's first words, then `padID`.
    public func encode(_ text: String, maxTokens: Int) -> [Int32] {
        var out = Array(tokens(text).prefix(maxTokens))
        out += [Int32](repeating: Self.padID, count: max(0, maxTokens - out.count))
        return out
    }

    /// A batch of texts as a row-major [texts.count, maxTokens] array of ids.
    public func encode(_ texts: some Collection<String>, maxTokens: Int) -> [Int32] {
        texts.flatMap { encode($0, maxTokens: maxTokens) }
    }

    /// The words of `ids` (padding dropped; ids outside the vocabulary read as `<unk>`), for reading
    /// encoded batches back.
    public func decode(_ ids: some Collection<Int32>) -> [String] {
        ids.compactMap { id in
            if id == Self.padID { return nil }
            let k = Int(id) - Self.specialTokens.count
            return words.indices.contains(k) ? words[k] : Self.specialTokens[1]
        }
    }
}
