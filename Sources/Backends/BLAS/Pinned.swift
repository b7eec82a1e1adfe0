/// A fixed array in manually managed memory, for what kernels read while running. Iterating a
/// Swift `Array` in an unoptimised build goes through generic stdlib code that allocates
/// coroutine frames; pointer reads never allocate in any build.
final class Pinned<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: Swift.max(count, 1))
        var index = 0
        while index < count {
            (base + index).initialize(to: elements[index])
            index += 1
        }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }
}
