/// What surrounds a simulated world in camera images: the table top (the simulator's z = 0 plane
/// is drawn only where the table is), the floor below it, the light and the background.
public struct Stage: Sendable, Equatable {
    /// The table top's footprint in the world, metres.
    public var tableMin: SIMD2<Double>
    public var tableMax: SIMD2<Double>
    /// Thickness of the drawn table top below z = 0.
    public var tableThickness: Double
    public var tableMaterial: Render.Material
    /// Height of the floor (drawn as a large plane).
    public var floorHeight: Double
    public var floorMaterial: Render.Material
    public var light: Render.Light
    public var background: Render.Color

    public init(tableMin: SIMD2<Double>, tableMax: SIMD2<Double>, tableThickness: Double = 0.05,
                tableMaterial: Render.Material, floorHeight: Double = -0.75,
                floorMaterial: Render.Material = Render.Material(Render.Color(hex: 0x6F747C)),
                light: Render.Light = Render.Light(towardLight: Render.Vec3(0.3, -0.5, 1)),
                background: Render.Color = Render.Color(hex: 0x2B3240)) {
        self.tableMin = tableMin
        self.tableMax = tableMax
        self.tableThickness = tableThickness
        self.tableMaterial = tableMaterial
        self.floorHeight = floorHeight
        self.floorMaterial = floorMaterial
        self.light = light
        self.background = background
    }
}
