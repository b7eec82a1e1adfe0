import SpecLang

/// Normalisation statistics computed from the training data and stored with every checkpoint,
/// so that evaluation feeds the policy exactly what training fed it.
///
/// - Vector observations (but those with `normalize: false`, fed as stored) are standardised
///   per feature: `(x − mean) / std`, with the
///   population standard deviation; a feature whose std is below ``minimumSpread`` (constant
///   in the data, like an unused one-hot slot) is only centred (std taken as 1).
/// - Actions are mapped per dimension onto the spec's `action.range` (`[-1, 1]` by default),
///   the range the head predicts in. With `action.normalize: minmax`, affinely from the data's
///   `[min, max]`: `n = (a − (min + max)/2) · s + (low + high)/2` with
///   `s = (high − low) / (max − min)`; a dimension with `max − min` below ``minimumSpread`` gets
///   `s = 1`. With `quantile`, through the dimension's empirical CDF: the knots
///   `q_k` (k = 0 … ``quantileIntervals``, the data's k/1024 quantiles) map to
///   `low + (high − low)·k/1024`, linearly in between (values outside [q_0, q_last] clamp).
///   The policy maps its predictions back with the inverse.
/// - Images, keypoints and tokens are fed as they are (images as bytes / 255).
public struct Normalization: Sendable, Equatable {
    /// Per-feature mean and standard deviation of one vector observation.
    public struct Moments: Sendable, Equatable {
        public var mean: [Float]
        public var std: [Float]

        public init(mean: [Float], std: [Float]) {
            self.mean = mean
            self.std = std
        }
    }

    /// Spreads below this are treated as constant features.
    public static let minimumSpread = 1e-4

    /// Statistics of each vector observation, by name.
    public var observations: [String: Moments]
    /// Per-dimension minimum and maximum of the demonstrated actions.
    public var actionMin: [Float]
    public var actionMax: [Float]
    /// The spec's `action.range`.
    public var actionRange: [Double]
    /// With `action.normalize: quantile`: per dimension, the ``quantileIntervals`` + 1 knots of
    /// the data's distribution (strictly increasing).
    public var actionQuantiles: [[Float]]?

    /// Intervals of the quantile map.
    public static let quantileIntervals = 1024

    public init(observations: [String: Moments], actionMin: [Float], actionMax: [Float], actionRange: [Double],
                actionQuantiles: [[Float]]? = nil) {
        self.observations = observations
        self.actionMin = actionMin
        self.actionMax = actionMax
        self.actionRange = actionRange
        self.actionQuantiles = actionQuantiles
    }

    /// The statistics of `data` for `spec`: every vector observation of the spec that the data
    /// has as a float field of the same width, and the actions, mapped onto `action.range`.
    public init(_ data: TrainingData, spec: Spec) {
        var observations: [String: Moments] = [:]
        for observation in spec.observations {
            guard case .vector(let dim) = observation.port.type, (observation.config.base as? VectorObservation)?.normalize != false,
                  let field = data.fields.first(where: { $0.name == observation.name }),
                  field.kind == .float32, field.rowCount == dim, let values = data.floatColumns[field.name] else { continue }
            observations[observation.name] = Self.moments(values, width: dim)
        }
        let d = data.actionDimension
        var low = [Float](repeating: .infinity, count: d), high = [Float](repeating: -.infinity, count: d)
        for (i, a) in data.actions.enumerated() {
            low[i % d] = Swift.min(low[i % d], a)
            high[i % d] = Swift.max(high[i % d], a)
        }
        let quantiles = spec.action.normalize == .quantile ? Self.quantiles(data.actions, width: d) : nil
        self.init(observations: observations, actionMin: low, actionMax: high, actionRange: spec.action.range, actionQuantiles: quantiles)
    }

    /// The ``quantileIntervals`` + 1 knots of each column of a row-major `[rows, width]` array
    /// (linear interpolation between order statistics, numpy's default), nudged to be strictly
    /// increasing so that the map can be inverted (a value repeated in the data spans the
    /// smallest representable interval).
    static func quantiles(_ values: [Float], width: Int) -> [[Float]] {
        let rows = values.count / width
        return (0..<width).map { column in
            let sorted = (0..<rows).map { values[$0 * width + column] }.sorted()
            var knots = (0...quantileIntervals).map { k -> Float in
                guard rows > 1 else { return sorted.first ?? 0 }
                let position = Double(k) / Double(quantileIntervals) * Double(rows - 1)
                let below = Int(position.rounded(.down)), above = Swift.min(below + 1, rows - 1)
                let fraction = Float(position - Double(below))
                return sorted[below] + (sorted[above] - sorted[below]) * fraction
            }
            for k in 1..<knots.count where knots[k] <= knots[k - 1] { knots[k] = knots[k - 1].nextUp }
            return knots
        }
    }

    /// Mean and population std per column of a row-major `[rows, width]` array, accumulated in double.
    static func moments(_ values: [Float], width: Int) -> Moments {
        let rows = max(1, values.count / width)
        var sum = [Double](repeating: 0, count: width), squares = [Double](repeating: 0, count: width)
        for (i, v) in values.enumerated() { sum[i % width] += Double(v) }
        let mean = sum.map { $0 / Double(rows) }
        for (i, v) in values.enumerated() {
            let d = Double(v) - mean[i % width]
            squares[i % width] += d * d
        }
        let std = squares.map { ($0 / Double(rows)).squareRoot() }
        return Moments(mean: mean.map(Float.init), std: std.map(Float.init))
    }

    /// `x ↦ x · scale + offset` per feature: the affine map of vector observation `name`
    /// (nil when it is not standardised).
    public func observationMap(_ name: String) -> AffineMap? {
        guard let m = observations[name] else { return nil }
        let scale = m.std.map { Double($0) < Self.minimumSpread ? 1 : 1 / Double($0) }
        return AffineMap(scale: scale.map(Float.init), offset: zip(m.mean, scale).map { Float(-Double($0) * $1) })
    }

    /// The map from demonstrated actions to the normalised actions the head predicts.
    public var actionMap: ActionMap {
        guard let actionQuantiles else { return .affine(affineActionMap) }
        return .quantile(QuantileMap(knots: actionQuantiles, range: actionRange))
    }

    /// The minmax map of the actions.
    private var affineActionMap: AffineMap {
        let low = actionRange[0], high = actionRange[1]
        var scale: [Float] = [], offset: [Float] = []
        for (lo, hi) in zip(actionMin, actionMax) {
            let spread = Double(hi) - Double(lo)
            let s = spread < Self.minimumSpread ? 1 : (high - low) / spread
            scale.append(Float(s))
            offset.append(Float((low + high) / 2 - (Double(lo) + Double(hi)) / 2 * s))
        }
        return AffineMap(scale: scale, offset: offset)
    }
}

/// A per-feature affine map `y = x · scale + offset` over rows of `scale.count` values.
public struct AffineMap: Sendable, Equatable {
    public let scale: [Float]
    public let offset: [Float]

    public var width: Int { scale.count }

    /// Applies the map in place to consecutive rows.
    public func apply(_ values: UnsafeMutableBufferPointer<Float>) {
        let w = width
        for i in 0..<values.count { values[i] = values[i] * scale[i % w] + offset[i % w] }
    }

    /// Applies the inverse `x = (y − offset) / scale` in place to consecutive rows.
    public func invert(_ values: UnsafeMutableBufferPointer<Float>) {
        let w = width
        for i in 0..<values.count { values[i] = (values[i] - offset[i % w]) / scale[i % w] }
    }
}

/// The map between demonstrated and normalised actions: affine (minmax) or through the data's
/// quantiles.
public enum ActionMap: Sendable, Equatable {
    case affine(AffineMap)
    case quantile(QuantileMap)

    /// Normalises rows of actions in place.
    public func apply(_ values: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .affine(let map): map.apply(values)
        case .quantile(let map): map.apply(values)
        }
    }

    /// Maps rows of normalised actions back in place.
    public func invert(_ values: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .affine(let map): map.invert(values)
        case .quantile(let map): map.invert(values)
        }
    }
}

/// A per-dimension piecewise-linear map: knot `k` of dimension `d` goes to
/// `low + (high − low)·k/(knots − 1)`; values outside the knots clamp to the range.
public struct QuantileMap: Sendable, Equatable {
    /// Per dimension, strictly increasing knots.
    public let knots: [[Float]]
    public let range: [Double]

    public var width: Int { knots.count }

    public func apply(_ values: UnsafeMutableBufferPointer<Float>) {
        let w = width
        for i in 0..<values.count {
            let knots = knots[i % w]
            let upper = knots.partitioningIndex { $0 >= values[i] }
            let position: Double
            if upper == 0 {
                position = 0
            } else if upper == knots.count {
                position = Double(knots.count - 1)
            } else {
                let (a, b) = (Double(knots[upper - 1]), Double(knots[upper]))
                position = Double(upper - 1) + (Double(values[i]) - a) / (b - a)
            }
            values[i] = Float(range[0] + (range[1] - range[0]) * position / Double(knots.count - 1))
        }
    }

    public func invert(_ values: UnsafeMutableBufferPointer<Float>) {
        let w = width
        for i in 0..<values.count {
            let knots = knots[i % w]
            let intervals = Double(knots.count - 1)
            let position = Swift.min(Swift.max((Double(values[i]) - range[0]) / (range[1] - range[0]) * intervals, 0), intervals)
            let below = Swift.min(Int(position), knots.count - 2)
            let fraction = position - Double(below)
            values[i] = Float(Double(knots[below]) + (Double(knots[below + 1]) - Double(knots[below])) * fraction)
        }
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true
    /// along the array (a binary search).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
