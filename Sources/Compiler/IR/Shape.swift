/// The static shape of a tensor: one extent per axis, row-major (the last axis varies fastest).
///
/// A rank-0 shape (`[]`) is a scalar with one element. Extents are never negative; an extent
/// of 0 is allowed and gives an empty tensor.
public struct Shape: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The extent of each axis, outermost first.
    public var dims: [Int]

    public init(_ dims: [Int]) { self.dims = dims }
    public init(arrayLiteral elements: Int...) { self.dims = elements }

    /// The scalar shape `[]`.
    public static let scalar = Shape([])

    /// Number of axes.
    public var rank: Int { dims.count }

    /// Number of elements (1 for a scalar).
    public var elementCount: Int { dims.reduce(1, *) }

    /// Extent of axis `i`.
    public subscript(i: Int) -> Int { dims[i] }

    /// Row-major strides in elements: `strides[i]` is the distance between neighbours on axis `i`.
    public var strides: [Int] {
        var result = [Int](repeating: 1, count: rank)
        var running = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            result[axis] = running
            running *= dims[axis]
        }
        return result
    }

    /// `[2,3,4]`.
    public var description: String { "[" + dims.map(String.init).joined(separator: ",") + "]" }

    /// Maps a possibly negative axis (`-1` = last) to `0..<rank`, or nil when out of range.
    public func normalizedAxis(_ axis: Int) -> Int? {
        let a = axis < 0 ? axis + rank : axis
        return (0..<rank).contains(a) ? a : nil
    }

    /// The numpy broadcast of two shapes (axes aligned on the right; equal extents or 1), or nil.
    public static func broadcast(_ a: Shape, _ b: Shape) -> Shape? {
        let rank = max(a.rank, b.rank)
        var dims = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.rank ? 1 : a.dims[i - (rank - a.rank)]
            let db = i < rank - b.rank ? 1 : b.dims[i - (rank - b.rank)]
            if da == db || db == 1 {
                dims[i] = da
            } else if da == 1 {
                dims[i] = db
            } else {
                return nil
            }
        }
        return Shape(dims)
    }

    /// True when this shape broadcasts to `target` without changing `target`.
    public func broadcasts(to target: Shape) -> Bool {
        guard rank <= target.rank else { return false }
        return Shape.broadcast(self, target) == target
    }

    /// Strides for reading this shape as if broadcast to `target`: 0 on broadcast axes,
    /// one entry per axis of `target`. Requires `broadcasts(to: target)`.
    public func broadcastStrides(to target: Shape) -> [Int] {
        let own = strides
        let offset = target.rank - rank
        return (0..<target.rank).map { axis in
            guard axis >= offset else { return 0 }
            return dims[axis - offset] == 1 && target.dims[axis] != 1 ? 0 : own[axis - offset]
        }
    }
}
