/// How `pixel_as_ray` turns keypoint rays into features.
public enum RayEncoding: String, SpecEnum, Sendable {
    /// PhysHMR: the perpendicular offset from each tracked point to its keypoint's ray.
    case offset
    /// Plücker coordinates (d, c × d) of each ray (a common alternative, not PhysHMR's).
    case plucker
}

/// Which points `pixel_as_ray` measures against the rays.
public enum TrackedPoints: String, SpecEnum, Sendable {
    /// One point per keypoint (PhysHMR: joint j against the ray of keypoint j); `joints` holds
    /// 3 values per keypoint.
    case perKeypoint = "per_keypoint"
    /// One point against every ray (e.g. the end effector); the first 3 values of `joints`.
    case single
}

/// `pixel_as_ray` (PhysHMR): 2D keypoints + camera → world-frame rays → features.
public struct PixelAsRayEncoder: EncoderComponent, Hashable {
    public var input = ""
    public var intrinsics: String?
    public var extrinsics: String?
    public var encoding = RayEncoding.offset
    public var joints: String?
    public var tracked = TrackedPoints.perKeypoint
    public var heading = false
    public var confidence = true
    public var output = OutputForm.vector

    public init() {}

    public static let kind = "pixel_as_ray"
    public static let family = Family.encoder
    public static let summary = "PhysHMR pixel-as-ray: keypoints + per-frame camera → per-joint ray offsets (or Plücker rays)"
    public static let details = """
        PhysHMR (arXiv 2510.02566). Each keypoint (u, v) of a frame is lifted to a world ray with \
        that frame's camera: origin c = t and direction d = normalize(R·K⁻¹·[u, v, 1]) for the \
        world-from-camera transform [R | t] (OpenCV camera frame) and the pinhole K = [[fx, s, cx], \
        [0, fy, cy], [0, 0, 1]]. The camera comes per frame from the `intrinsics` (9 values, K \
        row-major) and `extrinsics` (16 values, the 4×4 transform row-major) vector observations (a \
        suite's `<camera>_intrinsics` and `<camera>_extrinsics`), so a moving or jittered camera \
        works; without them the keypoints observation's fixed `camera:` matrices are used. With \
        `encoding: offset` (PhysHMR) the feature of keypoint j is the perpendicular offset \
        r_j = (x_j − c) − ((x_j − c)·d_j)·d_j from the tracked point x_j (from `joints`: one point per \
        keypoint, or with `tracked: single` the first three values for every ray) to the ray, rotated \
        into the heading frame, R_z(−yaw)·r_j, when `heading` is set (yaw = the last value of \
        `joints`); `encoding: plucker` gives (d, c × d) instead. The keypoint's confidence is \
        appended with `confidence`. Parameter-free geometry, exactly as in the paper; nothing is \
        scaled down. Camera and point observations must be vectors with `normalize: false` (fed as \
        stored: standardising would break the geometry).
        """
    public static let example = """
        rays:
          kind: pixel_as_ray
          input: agentview_keypoints
          intrinsics: agentview_intrinsics
          extrinsics: agentview_extrinsics
          encoding: offset
          joints: proprio
          tracked: single
        """
    public static let parameters: [Parameter<PixelAsRayEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "the keypoints port"),
        Parameter("intrinsics", \.intrinsics, .reference(.observation),
                  "vector observation [9] of the camera's K per frame, row-major (default: the keypoints' fixed camera)"),
        Parameter("extrinsics", \.extrinsics, .reference(.observation),
                  "vector observation [16] of the world-from-camera transform per frame, row-major (default: the keypoints' fixed camera)"),
        Parameter("encoding", \.encoding, .enumeration(RayEncoding.self), "offset (PhysHMR joint-to-ray offsets) or plucker"),
        Parameter("joints", \.joints, .reference(.observation),
                  "vector observation of the tracked points (3 per keypoint, or 3 first with tracked: single; + yaw last with heading); offset only"),
        Parameter("tracked", \.tracked, .enumeration(TrackedPoints.self),
                  "per_keypoint (joint j against ray j, PhysHMR) or single (one point against every ray)"),
        Parameter("heading", \.heading, .boolean, "rotate offsets into the heading frame (yaw is the last element of joints)"),
        Parameter("confidence", \.confidence, .boolean, "append each keypoint's confidence"),
        Parameter("output", \.output, .enumeration(OutputForm.self), "one vector [K·F] or tokens [K, F]"),
    ]
    public static let inputs = [
        PortInput("input", accepts: [.keypoints]),
        PortInput("joints", accepts: [.vector], observationOnly: true),
        PortInput("intrinsics", accepts: [.vector], observationOnly: true),
        PortInput("extrinsics", accepts: [.vector], observationOnly: true),
    ]
    public static let outputDoc = "vector[K·F] or tokens[K, F], F = 3 (offset) or 6 (plucker), +1 with confidence; frames kept"
    public static let outputReads = ["input", "encoding", "confidence", "output"]
    public static let rules: [Rule<PixelAsRayEncoder>] = [
        .when(.inconsistentSizes, "offset encoding needs `joints`; plucker takes none", at: "joints",
              reads: ["encoding", "joints"]) { p, _ in
            if p.encoding == .offset && p.joints == nil { return "encoding offset measures points against rays: set joints to the tracked-point vector" }
            if p.encoding == .plucker && p.joints != nil { return "encoding plucker does not use joints; remove it" }
            return nil
        },
        .when(.inconsistentSizes, "`joints` has 3 values per keypoint, or at least 3 with `tracked: single` (+1 yaw with `heading`)", at: "joints",
              reads: ["joints", "input", "heading", "tracked"]) { p, ctx in
            guard let port = ctx.port("joints"), case .keypoints(let k, _, _)? = ctx.port("input")?.type else { return nil }
            let yaw = p.heading ? 1 : 0, count = port.type.elementCount
            switch p.tracked {
            case .perKeypoint:
                let expected = 3 * k + yaw
                return count == expected ? nil
                    : "joints has \(count) values but \(k) keypoints need \(expected)\(p.heading ? " (3 per joint + yaw)" : " (3 per joint)")"
            case .single:
                return count >= 3 + yaw ? nil : "joints has \(count) values; one tracked point needs at least \(3 + yaw)\(p.heading ? " (3 + yaw)" : "")"
            }
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
        .when(.inconsistentSizes, "`intrinsics` and `extrinsics` come together", at: "extrinsics",
              reads: ["intrinsics", "extrinsics"]) { p, _ in
            (p.intrinsics == nil) == (p.extrinsics == nil) ? nil
                : "give both intrinsics and extrinsics (the camera of each frame), or neither (the keypoints' fixed camera)"
        },
        .when(.invalidCamera, "without per-frame camera observations the keypoints need explicit camera matrices", at: "input",
              reads: ["input", "intrinsics", "extrinsics"]) { p, ctx in
            guard p.intrinsics == nil, p.extrinsics == nil, case .keypoints(_, _, .named(let camera))? = ctx.port("input")?.type else { return nil }
            return "the keypoints are seen by the suite camera '\(camera)', whose pose and intrinsics are given per frame: set intrinsics: \(camera)_intrinsics and extrinsics: \(camera)_extrinsics (vector observations of 9 and 16 values with normalize: false)"
        },
        .when(.inconsistentSizes, "`intrinsics` has 9 values (K row-major)", at: "intrinsics", reads: ["intrinsics"]) { _, ctx in
            guard let port = ctx.port("intrinsics"), port.type.elementCount != 9 else { return nil }
            return "intrinsics must be the 3×3 K as 9 values, found \(port.type.elementCount)"
        },
        .when(.inconsistentSizes, "`extrinsics` has 16 values (the 4×4 transform row-major)", at: "extrinsics", reads: ["extrinsics"]) { _, ctx in
            guard let port = ctx.port("extrinsics"), port.type.elementCount != 16 else { return nil }
            return "extrinsics must be the 4×4 world-from-camera transform as 16 values, found \(port.type.elementCount)"
        },
        Rule(.portMismatch, "geometry inputs are fed as stored (`normalize: false`)", reads: ["joints", "intrinsics", "extrinsics"]) { p, ctx in
            [("joints", p.joints), ("intrinsics", p.intrinsics), ("extrinsics", p.extrinsics)].compactMap { parameter, name in
                guard let name, let observation = ctx.observations[name]?.base as? VectorObservation, observation.normalize else { return nil }
                return Violation(parameter: parameter,
                                 message: "'\(name)' is standardised with the data's mean and std, which breaks the geometry: set normalize: false on the observation")
            }
        },
    ]

    private func features() -> Int { (encoding == .offset ? 3 : 6) + (confidence ? 1 : 0) }

    public func output(_ context: ComponentContext) -> Port {
        let port = context.port("input")!
        guard case .keypoints(let k, _, _) = port.type else { return port }
        let type: PortType = output == .tokens ? .tokens(count: k, dim: features()) : .vector(dim: k * features())
        return Port(type, frames: port.frames)
    }

    /// The rotation of the camera-frame rays into the world, R·[x, y, 1], as one batched
    /// matrix product per frame: 2·3·3 FLOPs per keypoint (the rest is element-wise).
    public func cost(_ context: ComponentContext) -> Cost {
        let port = context.port("input")!
        guard case .keypoints(let k, _, _) = port.type else { return Cost() }
        var cost = Cost(parameters: 0, flops: Cost.mul(18, k, port.frames))
        cost.produces(Cost.mul(3, k, port.frames))  // the world directions
        return cost
    }
}
