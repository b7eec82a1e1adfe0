import Compiler
import SpecLang

/// `pixel_as_ray` (PhysHMR): no parameters. Every frame of the keypoints is lifted with that
/// frame's camera (the `intrinsics` and `extrinsics` observations, or the keypoints' fixed
/// matrices as constants): camera-frame rays [x, y, 1] with y = (v − cy)/fy and
/// x = (u − cx − s·y)/fx, rotated into the world by one batched product with Rᵀ, normalised;
/// then the offsets of the tracked points (or the Plücker moments) and the confidences.
extension PixelAsRayEncoder: EncoderLowering {
    func lower(_ context: EncoderContext) -> PortValue {
        let builder = context.scope.builder
        guard let keypoints = context.inputs["input"]?.first, case .keypoints(let count, let hasConfidence, let camera) = keypoints.port.type else {
            builder.report("pixel_as_ray needs a keypoints port")
            return PortValue(port: context.output, tensor: builder.constant(0, shape: [1]))
        }
        let rows = keypoints.batch * keypoints.port.frames
        /// A per-frame vector input `[rows, width]`, or the fixed matrix's values broadcast.
        func perFrame(_ parameter: String, fixed: [[Double]]?) -> Tensor {
            if let port = context.inputs[parameter]?.first { return port.tensor.reshaped([rows, port.port.type.elementCount]) }
            let values = (fixed ?? []).flatMap { $0 }.map(Float.init)
            return builder.constant(HostTensor(shape: [1, values.count], floats: values)).broadcast(to: [rows, values.count])
        }
        let matrices: CameraMatrices? = if case .explicit(let m) = camera { m } else { nil }
        let value = context.scope.enter { () -> Tensor in
            let points = keypoints.tensor.reshaped([rows, count, hasConfidence ? 3 : 2])
            let intrinsics = perFrame("intrinsics", fixed: matrices?.intrinsics)
            let extrinsics = perFrame("extrinsics", fixed: matrices?.extrinsics).reshaped([rows, 4, 4])
            let k = { (index: Int) in intrinsics.slice(axis: 1, index..<(index + 1)).reshaped([rows, 1, 1]) }
            let (fx, skew, cx, fy, cy) = (k(0), k(1), k(2), k(4), k(5))
            let u = points.slice(axis: 2, 0..<1), v = points.slice(axis: 2, 1..<2)
            let y = (v - cy) / fy
            let x = (u - cx - skew * y) / fx
            let cameraRays = concat([x, y, builder.constant(1, shape: [rows, count, 1])], axis: 2)
            let rotation = extrinsics.slice(axis: 1, 0..<3).slice(axis: 2, 0..<3)
            let world = cameraRays.matmul(rotation, transposeB: true)
            let direction = world * world.squared().sum(axes: [2], keepDims: true).rsqrt()
            let centre = extrinsics.slice(axis: 1, 0..<3).slice(axis: 2, 3..<4).reshaped([rows, 1, 3])
            var features = encoding == .offset
                ? offsets(direction, centre: centre, joints: context.inputs["joints"]?.first, rows: rows, count: count)
                : concat([direction, cross(centre.broadcast(to: [rows, count, 3]), direction)], axis: 2)
            if confidence { features = concat([features, points.slice(axis: 2, 2..<3)], axis: 2) }
            let width = features.shape[2]
            return self.output == .tokens ? features : features.reshaped([rows, count * width])
        }
        return keypoints.framed(value, as: context.output.type).checkedPort(context.output)
    }

    /// PhysHMR's offsets `[rows, K, 3]`: from each tracked point to its ray,
    /// r = w − (w·d)·d with w = x − c, rotated by R_z(−yaw) with `heading`.
    private func offsets(_ direction: Tensor, centre: Tensor, joints: PortValue?, rows: Int, count: Int) -> Tensor {
        let builder = direction.builder
        guard let joints else {
            builder.report("pixel_as_ray offsets need the joints input")
            return direction
        }
        let values = joints.tensor.reshaped([rows, joints.port.type.elementCount])
        let tracked = tracked == .single
            ? values.slice(axis: 1, 0..<3).reshaped([rows, 1, 3]).broadcast(to: [rows, count, 3])
            : values.slice(axis: 1, 0..<(3 * count)).reshaped([rows, count, 3])
        let w = tracked - centre
        let r = w - (w * direction).sum(axes: [2], keepDims: true) * direction
        guard heading else { return r }
        let last = values.shape[1]
        let yaw = values.slice(axis: 1, (last - 1)..<last).reshaped([rows, 1, 1])
        let (cosine, sine) = (yaw.cos(), yaw.sin())
        let (rx, ry, rz) = (r.slice(axis: 2, 0..<1), r.slice(axis: 2, 1..<2), r.slice(axis: 2, 2..<3))
        return concat([cosine * rx + sine * ry, cosine * ry - sine * rx, rz], axis: 2)
    }

    /// a × b over the last axis (of length 3).
    private func cross(_ a: Tensor, _ b: Tensor) -> Tensor {
        let component = { (t: Tensor, i: Int) in t.slice(axis: 2, i..<(i + 1)) }
        let (ax, ay, az) = (component(a, 0), component(a, 1), component(a, 2))
        let (bx, by, bz) = (component(b, 0), component(b, 1), component(b, 2))
        return concat([ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx], axis: 2)
    }
}
