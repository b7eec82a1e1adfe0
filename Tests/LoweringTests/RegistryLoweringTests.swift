import Foundation
import SpecLang
import Testing
@testable import Lowering

/// Every kind the spec language registers lowers: each encoder, head and objective kind
/// conforms to its lowering protocol, so a spec that checks also builds and trains (a new kind
/// cannot land without its lowering).
@Suite struct RegistryLoweringTests {
    @Test func everyRegisteredKindLowers() {
        for type in Registry.componentTypes(.encoder) { #expect(type is any EncoderLowering.Type, "encoder kind \(type.kind)") }
        for type in Registry.componentTypes(.head) { #expect(type is any HeadLowering.Type, "head kind \(type.kind)") }
        for type in Registry.componentTypes(.objective) { #expect(type is any ObjectiveLowering.Type, "objective kind \(type.kind)") }
        for type in Registry.componentTypes(.optimizer) { #expect(type is any OptimizerLowering.Type, "optimizer kind \(type.kind)") }
    }

    @Test func specReferenceIsCurrent() throws {
        let committed = try String(contentsOf: LoweringEstimateTests.root.appendingPathComponent("docs/spec-reference.md"), encoding: .utf8)
        #expect(committed == SpecReference.markdown(), "docs/spec-reference.md is stale: run polspec explain --reference > docs/spec-reference.md")
    }
}
