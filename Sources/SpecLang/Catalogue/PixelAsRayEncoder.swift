/// How `pixel_as_ray` turns keypoint rays into features.
public enum RayEncoding: String, SpecEnum, Sendable {
    /// PhysHMR: the perpendicular offset from each tracked joint to its keypoint's ray.
    case offset
    /// Plücker coordinates (d, c × d) of each ray (a common alternative, not PhysHMR's).
    case plucker
}

/// `pixel_as_ray` (PhysHMR): 2D keypoints + camera → world-frame rays → features.
public struct PixelAsRayEncoder: EncoderComponent, Hashable {
    public var input = ""
    public var encoding = RayEncoding.offset
    public var joints: String?
    public var heading = false
    public var confidence = true
    public var output = OutputForm.vector

    public init() {}

    public static let kind = "pixel_as_ray"
    public static let family = Family.encoder
    public static let summary = "PhysHMR pixel-as-ray: keypoints + camera → per-joint ray offsets (or Plücker rays)"
    public static let details = """
        PhysHMR (arXiv 2510.02566). Each keypoint (u, v) is lifted to a world ray: origin the camera \
        centre c, direction d = normalize(R·K⁻¹·[u, v, 1]). With `encoding: offset` (PhysHMR) the \
        feature of keypoint j is the perpendicular offset r_j = (x_j − c) − ((x_j − c)·d_j)·d_j from the \
        tracked joint x_j (read from the `joints` vector) to its ray, rotated into the heading frame \
        when `heading` is set (yaw = the last element of `joints`), plus the confidence. \
        `encoding: plucker` gives (d, c × d) per keypoint instead. Parameter-free geometry, exactly \
        as in the paper; nothing is scaled down.
        """
    public static let example = """
        rays: {kind: pixel_as_ray, input: joints2d, encoding: offset, joints: joint_pos, heading: true}
        """
    public static let parameters: [Parameter<PixelAsRayEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "the keypoints port"),
        Parameter("encoding", \.encoding, .enumeration(RayEncoding.self), "offset (PhysHMR joint-to-ray offsets) or plucker"),
        Parameter("joints", \.joints, .reference(.observation),
                  "vector observation of tracked joint positions (3 per keypoint, + yaw when heading); offset only"),
        Parameter("heading", \.heading, .boolean, "rotate offsets into the heading frame (yaw is the last element of joints)"),
        Parameter("confidence", \.confidence, .boolean, "append each keypoint's confidence"),
        Parameter("output", \.output, .enumeration(OutputForm.self), "one vector [K·F] or tokens [K, F]"),
    ]
    public static let inputs = [
        PortInput("input", accepts: [.keypoints]),
        PortInput("joints", accepts: [.vector], observationOnly: true),
    ]
    public static let outputDoc = "vector[K·F] or tokens[K, F], F = 3 (offset) or 6 (plucker), +1 with confidence; frames kept"
    public static let outputReads = ["input", "encoding", "confidence", "output"]
    public static let rules: [Rule<PixelAsRayEncoder>] = [
        .when(.inconsistentSizes, "offset encoding needs `joints`; plucker takes none", at: "joints",
              reads: ["encoding", "joints"]) { p, _ in
            if p.encoding == .offset && p.joints == nil { return "encoding offset measures joints against rays: set joints to the joint-position vector" }
            if p.encoding == .plucker && p.joints != nil { return "encoding plucker does not use joints; remove it" }
            return nil
        },
        .when(.inconsistentSizes, "`joints` has 3 values per keypoint (+1 yaw with `heading`)", at: "joints",
              reads: ["joints", "input", "heading"]) { p, ctx in
            guard let port = ctx.port("joints"), case .keypoints(let k, _, _)? = ctx.port("input")?.type else { return nil }
            let expected = 3 * k + (p.heading ? 1 : 0)
            return port.type.elementCount == expected ? nil
                : "joints has \(port.type.elementCount) values but \(k) keypoints need \(expected)\(p.heading ? " (3 per joint + yaw)" : " (3 per joint)")"
        },
        .when(.inconsistentSizes, "`heading` needs the offset encoding", at: "heading",
              reads: ["heading", "encoding"]) { p, _ in
            p.heading && p.encoding != .offset ? "heading rotates joint offsets; it has no meaning for plucker rays" : nil
        },
        .when(.portMismatch, "`confidence` needs keypoints with confidence", at: "confidence",
              reads: ["confidence", "input"]) { p, ctx in
            guard p.confidence, case .keypoints(_, let has, _)? = ctx.port("input")?.type, !has else { return nil }
            return "the keypoints carry no confidence; set confidence: false here or on the observation"
        },
    ]

    private func features() -> Int { (encoding == .offset ? 3 : 6) + (confidence ? 1 : 0) }

    public func output(_ context: ComponentContext) -> Port {
        let port = context.port("input")!
        guard case .keypoints(let k, _, _) = port.type else { return port }
        let type: PortType = output == .tokens ? .tokens(count: k, dim: features()) : .vector(dim: k * features())
        return Port(type, frames: port.frames)
    }

    /// About 66 FLOPs per keypoint: unprojection (18), rotation to world (18), normalisation (6),
    /// offset (15) and heading rotation (9).
    public func cost(_ context: ComponentContext) -> Cost {
        let port = context.port("input")!
        guard case .keypoints(let k, _, _) = port.type else { return Cost() }
        var cost = Cost(parameters: 0, flops: Cost.mul(66, k, port.frames))
        cost.produces(Cost.mul(6, k, port.frames))  // the world rays, origin and direction
        return cost
    }
}
