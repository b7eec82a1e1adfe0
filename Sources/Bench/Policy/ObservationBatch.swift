/// The element type and per-row shape of one observation field.
public struct FieldSpec: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Float32 values, e.g. `state` [39].
        case float32
        /// Bytes, e.g. an RGB image [3, H, W].
        case uint8
        /// One string per row, e.g. `instruction`.
        case text
    }

    /// The field's name; it maps one-to-one onto a spec's observation port of the same name.
    public var name: String
    public var kind: Kind
    /// Shape of one row (empty for text).
    public var shape: [Int]
    /// Ground-truth simulator state that a real robot's sensors would not give (object positions,
    /// keypoints, CALVIN's `scene_obs`); false for sensors (images, proprioception, the
    /// instruction, the task id, camera calibration). A policy reading any privileged field is on
    /// the "state" track (``ObservationTrack``).
    public var privileged: Bool

    public init(name: String, kind: Kind, shape: [Int], privileged: Bool = false) {
        self.name = name
        self.kind = kind
        self.shape = shape
        self.privileged = privileged
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, shape, privileged
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        kind = try c.decode(Kind.self, forKey: .kind)
        shape = try c.decode([Int].self, forKey: .shape)
        privileged = try c.decodeIfPresent(Bool.self, forKey: .privileged) ?? false
    }

    /// Elements per row.
    public var rowCount: Int { shape.reduce(1, *) }
}

/// A batch of observations: named fields, each stored contiguously as [rows, shape...] so that a
/// policy can hand a whole field to a kernel without copying.
///
/// ```swift
/// let state = batch.floats("state")   // rows * 39 values
/// let text = batch.texts("instruction")
/// ```
public struct ObservationBatch: Sendable {
    public let fields: [FieldSpec]
    public private(set) var rows: Int
    /// The evaluator slot each row belongs to (what `Policy.reset(slot:episode:)` was told).
    public var slots: [Int]
    /// Per field, whether the policy reads it. Environments skip the fields nobody reads (camera
    /// images cost a rendering each); those keep stale values.
    public let requested: [Bool]
    /// Values per row of the expert channel: the scripted expert's action, written by environments
    /// for privileged (oracle) rows; 0 when the batch has no expert channel.
    public let expertDimension: Int
    private var floatStore: [[Float]]
    private var byteStore: [[UInt8]]
    private var textStore: [[String]]
    private var expertStore: [Float]
    private let storeIndex: [Int]
    private let capacityRows: Int

    /// A batch of `rows` rows of `fields`. `requested` names the fields the policy reads (nil: all);
    /// `expertDimension` > 0 adds the expert channel that oracle policies read.
    public init(fields: [FieldSpec], rows: Int, requested: Set<String>? = nil, expertDimension: Int = 0) {
        self.fields = fields
        self.rows = rows
        self.requested = fields.map { requested?.contains($0.name) ?? true }
        self.expertDimension = expertDimension
        expertStore = [Float](repeating: 0, count: rows * expertDimension)
        slots = Array(0..<rows)
        var floats: [[Float]] = [], bytes: [[UInt8]] = [], texts: [[String]] = []
        var index: [Int] = []
        for f in fields {
            switch f.kind {
            case .float32:
                index.append(floats.count)
                floats.append([Float](repeating: 0, count: rows * f.rowCount))
            case .uint8:
                index.append(bytes.count)
                bytes.append([UInt8](repeating: 0, count: rows * f.rowCount))
            case .text:
                index.append(texts.count)
                texts.append([String](repeating: "", count: rows))
            }
        }
        floatStore = floats
        byteStore = bytes
        textStore = texts
        storeIndex = index
        capacityRows = rows
    }

    /// The position of field `name` in `fields`.
    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// The rows in use of a float field, row-major; nil if there is no such float field.
    public func floats(_ name: String) -> ArraySlice<Float>? {
        guard let i = fieldIndex(name), fields[i].kind == .float32 else { return nil }
        return floatStore[storeIndex[i]][0..<(rows * fields[i].rowCount)]
    }

    /// The rows in use of a byte field, row-major; nil if there is no such byte field.
    public func bytes(_ name: String) -> ArraySlice<UInt8>? {
        guard let i = fieldIndex(name), fields[i].kind == .uint8 else { return nil }
        return byteStore[storeIndex[i]][0..<(rows * fields[i].rowCount)]
    }

    /// One string per row in use; nil if there is no such text field.
    public func texts(_ name: String) -> ArraySlice<String>? {
        guard let i = fieldIndex(name), fields[i].kind == .text else { return nil }
        return textStore[storeIndex[i]][0..<rows]
    }

    /// Writes row `row` of float field number `field` through a pointer to its `rowCount` values.
    @inline(__always)
    public mutating func withFloatRow<R>(field: Int, row: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> R) -> R {
        let n = fields[field].rowCount
        return floatStore[storeIndex[field]].withUnsafeMutableBufferPointer {
            body(UnsafeMutableBufferPointer(rebasing: $0[(row * n)..<(row * n + n)]))
        }
    }

    /// Writes row `row` of byte field number `field`.
    @inline(__always)
    public mutating func withByteRow<R>(field: Int, row: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> R) -> R {
        let n = fields[field].rowCount
        return byteStore[storeIndex[field]].withUnsafeMutableBufferPointer {
            body(UnsafeMutableBufferPointer(rebasing: $0[(row * n)..<(row * n + n)]))
        }
    }

    /// Whether field number `field` is read by the policy (environments skip the others).
    @inline(__always)
    public func isRequested(_ field: Int) -> Bool { requested[field] }

    /// Writes the expert's action for row `row` (`expertDimension` values); nothing happens without
    /// an expert channel.
    @inline(__always)
    public mutating func withExpertRow(_ row: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        guard expertDimension > 0 else { return }
        let n = expertDimension
        expertStore.withUnsafeMutableBufferPointer { body(UnsafeMutableBufferPointer(rebasing: $0[(row * n)..<(row * n + n)])) }
    }

    /// The expert's action for row `row`; nil without an expert channel.
    public func expertAction(row: Int) -> ArraySlice<Float>? {
        guard expertDimension > 0, row < rows else { return nil }
        return expertStore[(row * expertDimension)..<((row + 1) * expertDimension)]
    }

    /// Sets row `row` of text field number `field`.
    public mutating func setText(field: Int, row: Int, _ value: String) {
        textStore[storeIndex[field]][row] = value
    }

    /// Uses only the first `count` rows; storage stays allocated for reuse. The caller sets `slots`.
    public mutating func setRows(_ count: Int) {
        precondition(count <= capacity, "more rows than the batch was built for")
        rows = count
    }

    /// Rows the storage holds.
    public var capacity: Int { capacityRows }
}

/// A batch of action chunks: [rows, horizon, dimension], row-major.
public struct ActionChunkBatch: Sendable, Equatable {
    public let rows: Int
    public let horizon: Int
    public let dimension: Int
    public var values: [Float]
    /// Optional named per-row scalars the policy reports about each row's chunk (an energy
    /// policy's descent steps and energy), `rows` values each; the evaluator summarises them per
    /// episode (``EpisodeRecord/diagnostics``).
    public var diagnostics: [String: [Float]] = [:]

    public init(rows: Int, horizon: Int, dimension: Int, values: [Float]) {
        precondition(values.count == rows * horizon * dimension, "action chunk values do not match [rows, horizon, dimension]")
        self.rows = rows
        self.horizon = horizon
        self.dimension = dimension
        self.values = values
    }

    /// Zero actions.
    public init(rows: Int, horizon: Int, dimension: Int) {
        self.init(rows: rows, horizon: horizon, dimension: dimension, values: [Float](repeating: 0, count: rows * horizon * dimension))
    }

    /// Action `t` of row `row`.
    public func action(row: Int, step t: Int) -> ArraySlice<Float> {
        let start = (row * horizon + t) * dimension
        return values[start..<(start + dimension)]
    }
}
