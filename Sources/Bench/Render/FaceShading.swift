extension Render {
    /// What one triangle writes into the covered pixels: its object id and its lit colour(s).
    struct FaceShading {
        /// Segmentation id.
        var id: UInt16
        /// Lit base colour.
        var color: Color
        /// Lit second colour of the pattern (unused when `pattern` is nil).
        var other: Color
        /// Per-pixel pattern lookup, nil for a solid colour.
        var pattern: PatternSampler?
    }

    /// Evaluates a checker or stripe pattern at a pixel from the pixel's depth, without
    /// per-vertex attributes: the object-frame coordinate along an axis is an affine function of
    /// the camera-frame point `z * K⁻¹ [u, v, 1]`.
    struct PatternSampler {
        /// Object coordinate along the first pattern axis: `z * (a.x + a.y * u + a.z * v) - a.w`.
        var a: SIMD4<Double>
        /// Same for the second axis (checker only).
        var b: SIMD4<Double>
        /// Whether the second axis takes part (checker) or not (stripes).
        var usesSecondAxis: Bool
        /// 1 / cell or stripe width.
        var inverseSize: Double

        /// Whether the pixel at `(u, v)` with depth `z` takes the second colour.
        @inline(__always)
        func isOther(u: Double, v: Double, z: Double) -> Bool {
            var cells = Self.floor((z * (a.x + a.y * u + a.z * v) - a.w) * inverseSize)
            if usesSecondAxis {
                cells &+= Self.floor((z * (b.x + b.y * u + b.z * v) - b.w) * inverseSize)
            }
            return cells & 1 != 0
        }

        /// `floor(x)` as an integer without a library call; values beyond ±2^62 saturate.
        @inline(__always)
        static func floor(_ x: Double) -> Int {
            let limit = 4.6e18
            let clamped = x < -limit ? -limit : (x > limit ? limit : x)  // NaN stays NaN
            guard clamped == clamped else { return 0 }
            let t = Int(clamped)  // truncates toward zero
            return Double(t) > clamped ? t - 1 : t
        }
    }

    /// Builds the per-face pattern samplers of one primitive seen from one camera.
    struct PatternAxes {
        /// Coefficients for the object x, y and z coordinates.
        private let x, y, z: SIMD4<Double>
        private let pattern: Pattern

        /// `cameraFromObject` places the primitive in the camera frame.
        init(pattern: Pattern, cameraFromObject: Pose, intrinsics k: Intrinsics) {
            self.pattern = pattern
            let r = cameraFromObject.rotation
            let t = cameraFromObject.translation
            func coefficients(_ c: Vec3) -> SIMD4<Double> {
                SIMD4(c.z - c.x * k.cx / k.fx - c.y * k.cy / k.fy, c.x / k.fx, c.y / k.fy, Render.dot(c, t))
            }
            (x, y, z) = (coefficients(r.c0), coefficients(r.c1), coefficients(r.c2))
        }

        private func axis(_ i: Int) -> SIMD4<Double> { i == 0 ? x : (i == 1 ? y : z) }

        /// The sampler for a face with object-frame normal `normal`, nil for a solid pattern.
        /// Checkers use the two object axes closest to the face's plane.
        func sampler(faceNormal normal: Vec3) -> PatternSampler? {
            switch pattern {
            case .solid:
                return nil
            case .checker(let cell, _):
                let n = Vec3(abs(normal.x), abs(normal.y), abs(normal.z))
                let (i, j) = n.x >= n.y && n.x >= n.z ? (1, 2) : (n.y >= n.z ? (0, 2) : (0, 1))
                return PatternSampler(a: axis(i), b: axis(j), usesSecondAxis: true, inverseSize: 1 / cell)
            case .stripes(let width, _, let along):
                let a = axis(along.rawValue)
                return PatternSampler(a: a, b: a, usesSecondAxis: false, inverseSize: 1 / width)
            }
        }
    }
}
