import Testing
@testable import SpecLang

/// The paper encoders' rules: pixel_as_ray reads geometry as stored and a camera per frame when
/// the keypoints name a suite camera; moment_tokens reads one port or several.
@Suite struct EncoderRuleTests {
    static func spec(observations: String, rays: String) -> String {
        """
        polspec: 1
        name: rays
        observation:
          kp: {kind: keypoints, count: 2, camera: agentview}
          agentview_intrinsics: {kind: vector, dim: 9, normalize: false}
          agentview_extrinsics: {kind: vector, dim: 16, normalize: false}
        \(observations)
        action: {dim: 2}
        encoders:
          rays: \(rays)
        head: {kind: mlp, condition: [rays]}
        recipe: {stages: [{name: s, objective: bc, steps: 1}]}
        """
    }

    /// The error codes (observations left unread give warnings here).
    static func errors(_ result: CheckResult) -> [String] { codes(result).filter { $0.hasPrefix("E") } }

    @Test func pixelAsRayNeedsPerFrameCamerasAndRawGeometry() {
        let raw = "  ee: {kind: vector, dim: 8, normalize: false}"
        let perFrame = "intrinsics: agentview_intrinsics, extrinsics: agentview_extrinsics"
        #expect(Self.errors(check(Self.spec(observations: raw, rays: "{kind: pixel_as_ray, input: kp, \(perFrame), joints: ee, tracked: single}"))) == [])
        // A suite camera moves per frame: its matrices must be observed.
        let fixed = check(Self.spec(observations: raw, rays: "{kind: pixel_as_ray, input: kp, joints: ee, tracked: single}"))
        #expect(Self.errors(fixed) == ["E0305"])
        #expect(fixed.diagnostics.first { $0.code.rawValue == "E0305" }?.message.contains("intrinsics: agentview_intrinsics") == true)
        // Standardised geometry is refused.
        let standardised = check(Self.spec(observations: "  ee: {kind: vector, dim: 8}",
                                           rays: "{kind: pixel_as_ray, input: kp, \(perFrame), joints: ee, tracked: single}"))
        #expect(Self.errors(standardised) == ["E0203"])
        #expect(standardised.diagnostics.first?.message.contains("normalize: false") == true)
        // Both camera inputs or neither; their sizes; one tracked point needs 3 values.
        #expect(Self.errors(check(Self.spec(observations: raw, rays: "{kind: pixel_as_ray, input: kp, intrinsics: agentview_intrinsics, encoding: plucker}")))
            == ["E0307"])
        #expect(Self.errors(check(Self.spec(observations: raw, rays: "{kind: pixel_as_ray, input: kp, intrinsics: agentview_extrinsics, extrinsics: agentview_intrinsics, encoding: plucker}")))
            == ["E0307", "E0307"])
        #expect(Self.errors(check(Self.spec(observations: "  ee: {kind: vector, dim: 2, normalize: false}",
                                      rays: "{kind: pixel_as_ray, input: kp, \(perFrame), joints: ee, tracked: single}"))) == ["E0307"])
        #expect(Self.errors(check(Self.spec(observations: raw, rays: "{kind: pixel_as_ray, input: kp, \(perFrame), joints: ee}"))) == ["E0307"])
    }

    @Test func momentTokensReadOneOrSeveralPorts() throws {
        func spec(_ input: String) -> String {
            """
            polspec: 1
            name: memory
            observation:
              state: {kind: vector, dim: 5}
              feats: {kind: tokens, count: 3, dim: 8}
              instruction: {kind: text}
            action: {dim: 2}
            encoders:
              memory: {kind: moment_tokens, input: \(input), dim: 16, heads: 2, memory_heads: 2, output: features}
            head: {kind: mlp, condition: [memory]}
            recipe: {stages: [{name: s, objective: bc, steps: 1}]}
            """
        }
        let one = try #require(check(spec("state")).spec)
        #expect(one.encoder("memory")?.output == Port(.tokens(count: 1 + 4, dim: 16), frames: 1))
        let two = try #require(check(spec("[feats, state]")).spec)
        #expect(two.encoder("memory")?.output == Port(.tokens(count: 3 + 1 + 4, dim: 16), frames: 1))
        #expect(two.encoder("memory")?.inputs["input"]?.map(\.name) == ["feats", "state"])
        // The canonical form of one name is the name: the spec hash does not depend on the brackets.
        #expect(try #require(check(spec("[state]")).spec).hash == one.hash)
        #expect(codes(check(spec("[feats, instruction]"))) == ["E0203"])
    }
}
