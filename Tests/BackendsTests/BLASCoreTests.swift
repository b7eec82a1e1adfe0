import Backends
import Testing

/// The OpenBLAS kernels ("core") polspec loads: on this machine they are the widest the
/// processor's features allow (or what a measurement chose for its family, or what the user
/// set in OPENBLAS_CORETYPE), and the choice table gives the right core for Intel and AMD
/// processors polspec does not run on here.
@Suite struct BLASCoreTests {
    static let avx512: Set<CPU.Feature> = [.sse4_2, .avx, .fma, .avx2, .avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl, .osYMM, .osZMM]
    static let avx2: Set<CPU.Feature> = [.sse4_2, .avx, .fma, .avx2, .osYMM]

    @Test func aCoreTypeNarrowerThanTheProcessorIsPointedOut() {
        let zen5 = CPU(vendor: "AuthenticAMD", family: 0x1A, model: 2, features: Self.avx512.union([.avx512_bf16]))
        #expect(BLASLibrary.widerCore(than: "Haswell", on: zen5)?.name == "Cooperlake")
        #expect(BLASLibrary.widerCore(than: "SkylakeX", on: zen5) == nil)
        let zen3 = CPU(vendor: "AuthenticAMD", family: 0x19, model: 0x01, features: Self.avx2)
        #expect(BLASLibrary.widerCore(than: "Haswell", on: zen3) == nil)
        #expect(BLASLibrary.widerCore(than: "Prescott", on: zen3)?.name == "Zen")
    }

    @Test func theLoadedCoreMatchesTheProcessor() throws {
        let library = try BLASLibrary.shared.get()
        let cpu = CPU.current
        let core = try #require(library.core, "the loaded library is not OpenBLAS: \(library.path)")
        let level = try #require(OpenBLASCore.level(of: core), "unknown OpenBLAS core \(core)")
        #expect(level <= cpu.vectorLevel, "core \(core) needs \(level); the processor runs \(cpu.vectorLevel)")
        switch library.choice {
        case .user(let asked):
            // OPENBLAS_CORETYPE is set in this environment: OpenBLAS runs what the user asked for.
            #expect(asked.lowercased() == core.lowercased() || OpenBLASCore.level(of: asked).map { $0 > cpu.vectorLevel } == true)
        case .polspec(let asked, _):
            #expect(asked == core, "polspec asked for \(asked), OpenBLAS runs \(core)")
            // The widest kernels the features allow, except where polspec measured narrower ones faster (Zen 4).
            let measuredNarrower = ["Zen 4", "Zen 4c"].contains(cpu.microarchitecture ?? "")
            #expect(level == (measuredNarrower ? .avx2 : cpu.vectorLevel), "\(cpu.summary): core \(core)")
        case .library:
            #expect(cpu.vectorLevel == .sse)
        }
    }

    @Test func theProcessorIsIdentified() {
        let cpu = CPU.current
        #if arch(x86_64)
        #expect(["GenuineIntel", "AuthenticAMD", "HygonGenuine"].contains(cpu.vendor) || !cpu.vendor.isEmpty)
        #expect(cpu.family > 0)
        #expect(cpu.vectorLevel >= .avx2, "polspec's x86-64 build needs AVX2 and FMA")
        #endif
        #expect(cpu.summary.contains("family \(cpu.family) model \(cpu.model)"))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let cpu: CPU
        let core: String?
        let microarchitecture: String?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "Sapphire Rapids (OpenBLAS 0.3.21 falls back to Prescott)",
             cpu: CPU(vendor: "GenuineIntel", family: 6, model: 0x8F, stepping: 8,
                      features: avx512.union([.avx512_bf16, .avx512_fp16, .avx512_vnni, .amx_tile, .amx_bf16])),
             core: "Cooperlake", microarchitecture: "Sapphire Rapids"),
        Case(label: "Skylake-SP", cpu: CPU(vendor: "GenuineIntel", family: 6, model: 0x55, stepping: 4, features: avx512),
             core: "SkylakeX", microarchitecture: "Skylake-SP/Cascade Lake/Cooper Lake"),
        Case(label: "Ice Lake-SP", cpu: CPU(vendor: "GenuineIntel", family: 6, model: 0x6A, features: avx512.union([.avx512_vnni])),
             core: "SkylakeX", microarchitecture: "Ice Lake-SP"),
        Case(label: "AVX-512 the OS does not save", cpu: CPU(vendor: "GenuineIntel", family: 6, model: 0x55, features: avx512.subtracting([.osZMM])),
             core: "Haswell", microarchitecture: "Skylake-SP/Cascade Lake/Cooper Lake"),
        Case(label: "Alder Lake (AVX2 only)", cpu: CPU(vendor: "GenuineIntel", family: 6, model: 0x97, features: avx2),
             core: "Haswell", microarchitecture: "Alder Lake"),
        Case(label: "Sandy Bridge", cpu: CPU(vendor: "GenuineIntel", family: 6, model: 0x2A, features: [.sse4_2, .avx, .osYMM]),
             core: "Sandybridge", microarchitecture: "Sandy Bridge"),
        Case(label: "Core 2 (SSE only: OpenBLAS's choice stands)", cpu: CPU(vendor: "GenuineIntel", family: 6, model: 0x17, features: []),
             core: nil, microarchitecture: nil),
        Case(label: "Zen 3 (Milan)", cpu: CPU(vendor: "AuthenticAMD", family: 25, model: 0x01, features: avx2),
             core: "Zen", microarchitecture: "Zen 3"),
        Case(label: "Zen 4 (Genoa: Haswell kernels measured faster)",
             cpu: CPU(vendor: "AuthenticAMD", family: 25, model: 0x11, features: avx512.union([.avx512_bf16, .avx512_vnni])),
             core: "Haswell", microarchitecture: "Zen 4"),
        Case(label: "Zen 4 with AVX-512 hidden by the hypervisor", cpu: CPU(vendor: "AuthenticAMD", family: 25, model: 0x61, features: avx2),
             core: "Haswell", microarchitecture: "Zen 4"),
        Case(label: "Zen 5 (Turin)", cpu: CPU(vendor: "AuthenticAMD", family: 26, model: 0x02, features: avx512.union([.avx512_bf16])),
             core: "Cooperlake", microarchitecture: "Zen 5"),
        Case(label: "Zen 2 (Rome)", cpu: CPU(vendor: "AuthenticAMD", family: 23, model: 0x31, features: avx2),
             core: "Zen", microarchitecture: "Zen 2"),
        Case(label: "an unknown AVX-512 processor", cpu: CPU(vendor: "GenuineIntel", family: 6, model: 0xFE, features: avx512),
             core: "SkylakeX", microarchitecture: nil),
    ]

    @Test(arguments: cases)
    func theCoreTableChoosesByFeaturesAndFamily(_ testCase: Case) {
        #expect(OpenBLASCore.preferred(for: testCase.cpu)?.name == testCase.core)
        #expect(testCase.cpu.microarchitecture == testCase.microarchitecture)
        if let core = testCase.core {
            #expect(OpenBLASCore.level(of: core)! <= testCase.cpu.vectorLevel)
        }
    }

    @Test func coreNamesAreCaseInsensitive() {
        #expect(OpenBLASCore.level(of: "COOPERLAKE") == .avx512)
        #expect(OpenBLASCore.level(of: "haswell") == .avx2)
        #expect(OpenBLASCore.level(of: "Prescott") == .sse)
        #expect(OpenBLASCore.level(of: "NoSuchCore") == nil)
    }
}
