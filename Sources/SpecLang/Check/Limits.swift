/// Bounds the checker enforces so that no input, however hostile or oversized, can crash
/// it, hang it or make a later stage allocate too much.
public struct Limits: Sendable, Hashable {
    /// Largest spec file, in bytes (default 1 MiB).
    public var maxFileBytes: Int = 1 << 20
    /// Deepest nesting of YAML mappings and lists.
    public var maxDepth: Int = 64
    /// Most YAML nodes that alias references (`*name`) may expand to in one file.
    public var maxAliasNodes: Int = 10_000
    /// Most files one spec may pull in through `include:` (transitively).
    public var maxIncludedFiles: Int = 64
    /// Largest parameter count a spec may declare (default 200 M).
    public var maxParameters: Int = 200_000_000
    /// Largest FLOP count of one policy call (default 1 TFLOP).
    public var maxFlopsPerCall: Int = 1_000_000_000_000
    /// Largest peak activation memory of one policy call at batch 1, in bytes (default 4 GiB).
    public var maxActivationBytes: Int = 4 << 30

    public init() {}
}
