/// Everything wrong with a graph (or with the ops a builder was asked to make), each issue
/// naming the node, its op and the layer scope it was built in.
public struct GraphError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One problem.
    public struct Issue: Hashable, Sendable, CustomStringConvertible {
        /// The node concerned, when there is one.
        public var node: ValueID?
        /// Name of the node's op (`matmul`), or empty.
        public var op: String
        /// The layer scope (`head.blocks.0.attn`), or empty.
        public var scope: String
        public var message: String

        public init(node: ValueID?, op: String, scope: String, message: String) {
            self.node = node
            self.op = op
            self.scope = scope
            self.message = message
        }

        /// `%12 matmul in head.blocks.0.attn: matmul inner extents differ: ...`
        public var description: String {
            var location = [node?.description, op.isEmpty ? nil : op].compactMap { $0 }.joined(separator: " ")
            if !scope.isEmpty { location += (location.isEmpty ? "" : " ") + "in \(scope)" }
            return location.isEmpty ? message : "\(location): \(message)"
        }
    }

    public var issues: [Issue]

    public init(issues: [Issue]) { self.issues = issues }

    /// One line per issue.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
