extension Render {
    /// One visible thing: a shape placed in the world with a material and a segmentation id.
    ///
    /// Objects made of several parts (a mug and its handle, a cabinet and its drawer) use one
    /// primitive per part with the same `id`.
    public struct Primitive: Sendable, Hashable {
        /// The object id written to the segmentation image (0 is reserved for background).
        public var id: UInt16
        /// The geometry in the primitive's own frame.
        public var shape: Shape
        /// Where the primitive is: maps its own frame to the world frame.
        public var worldFromObject: Pose
        /// Colour and texture.
        public var material: Material

        /// A primitive from its parts.
        public init(id: UInt16, shape: Shape, pose worldFromObject: Pose, material: Material) {
            self.id = id
            self.shape = shape
            self.worldFromObject = worldFromObject
            self.material = material
        }
    }
}
