/// Intel and AMD processor families and models by microarchitecture (the display family and
/// model cpuid reports; Intel's SDM and AMD's processor programming references), and what
/// polspec measured about OpenBLAS's kernels on some of them. The BLAS core polspec asks
/// for follows the processor's features (`OpenBLASCore.preferred(for:)`); an entry here
/// names the microarchitecture in reports and overrides that choice where a measurement
/// showed another core to be faster.
enum CPUModels {
    struct Entry {
        let vendor: String
        let family: Int
        let models: ClosedRange<Int>
        let name: String
        /// The OpenBLAS core to ask for instead of the one the features suggest, and why.
        var core: (name: String, reason: String)? = nil
    }

    static let intel = "GenuineIntel", amd = "AuthenticAMD", hygon = "HygonGenuine"

    /// Zen 4 executes AVX-512 as two 256-bit halves; OpenBLAS 0.3.21's Haswell (AVX2) sgemm
    /// kernels ran 4–36 % faster there than its SkylakeX/Cooperlake ones at 1 thread on
    /// polspec's shapes (docs/performance.md#blas-core).
    static let zen4Core = (name: "Haswell", reason: "its AVX2 sgemm kernels measured faster than the AVX-512 ones on Zen 4")

    static let table: [Entry] = [
        // AMD (family 0x15 and on).
        Entry(vendor: amd, family: 0x15, models: 0x00...0x2F, name: "Bulldozer/Piledriver"),
        Entry(vendor: amd, family: 0x15, models: 0x30...0x3F, name: "Steamroller"),
        Entry(vendor: amd, family: 0x15, models: 0x60...0x7F, name: "Excavator"),
        Entry(vendor: amd, family: 0x16, models: 0x00...0xFF, name: "Jaguar/Puma"),
        Entry(vendor: amd, family: 0x17, models: 0x00...0x2F, name: "Zen/Zen+"),
        Entry(vendor: amd, family: 0x17, models: 0x30...0xFF, name: "Zen 2"),
        Entry(vendor: hygon, family: 0x18, models: 0x00...0xFF, name: "Dhyana (Zen)"),
        Entry(vendor: amd, family: 0x19, models: 0x00...0x0F, name: "Zen 3"),
        Entry(vendor: amd, family: 0x19, models: 0x10...0x1F, name: "Zen 4", core: zen4Core),
        Entry(vendor: amd, family: 0x19, models: 0x20...0x3F, name: "Zen 3"),
        Entry(vendor: amd, family: 0x19, models: 0x40...0x4F, name: "Zen 3+"),
        Entry(vendor: amd, family: 0x19, models: 0x50...0x5F, name: "Zen 3"),
        Entry(vendor: amd, family: 0x19, models: 0x60...0x7F, name: "Zen 4", core: zen4Core),
        Entry(vendor: amd, family: 0x19, models: 0xA0...0xAF, name: "Zen 4c", core: zen4Core),
        Entry(vendor: amd, family: 0x1A, models: 0x00...0xFF, name: "Zen 5"),
        // Intel family 6.
        Entry(vendor: intel, family: 6, models: 0x1A...0x1A, name: "Nehalem"),
        Entry(vendor: intel, family: 6, models: 0x1E...0x1F, name: "Nehalem"),
        Entry(vendor: intel, family: 6, models: 0x2E...0x2E, name: "Nehalem"),
        Entry(vendor: intel, family: 6, models: 0x25...0x25, name: "Westmere"),
        Entry(vendor: intel, family: 6, models: 0x2C...0x2C, name: "Westmere"),
        Entry(vendor: intel, family: 6, models: 0x2F...0x2F, name: "Westmere"),
        Entry(vendor: intel, family: 6, models: 0x2A...0x2A, name: "Sandy Bridge"),
        Entry(vendor: intel, family: 6, models: 0x2D...0x2D, name: "Sandy Bridge"),
        Entry(vendor: intel, family: 6, models: 0x3A...0x3A, name: "Ivy Bridge"),
        Entry(vendor: intel, family: 6, models: 0x3E...0x3E, name: "Ivy Bridge"),
        Entry(vendor: intel, family: 6, models: 0x3C...0x3C, name: "Haswell"),
        Entry(vendor: intel, family: 6, models: 0x3F...0x3F, name: "Haswell"),
        Entry(vendor: intel, family: 6, models: 0x45...0x46, name: "Haswell"),
        Entry(vendor: intel, family: 6, models: 0x3D...0x3D, name: "Broadwell"),
        Entry(vendor: intel, family: 6, models: 0x47...0x47, name: "Broadwell"),
        Entry(vendor: intel, family: 6, models: 0x4F...0x4F, name: "Broadwell"),
        Entry(vendor: intel, family: 6, models: 0x56...0x56, name: "Broadwell"),
        Entry(vendor: intel, family: 6, models: 0x4E...0x4E, name: "Skylake"),
        Entry(vendor: intel, family: 6, models: 0x5E...0x5E, name: "Skylake"),
        Entry(vendor: intel, family: 6, models: 0x55...0x55, name: "Skylake-SP/Cascade Lake/Cooper Lake"),
        Entry(vendor: intel, family: 6, models: 0x57...0x57, name: "Knights Landing"),
        Entry(vendor: intel, family: 6, models: 0x85...0x85, name: "Knights Mill"),
        Entry(vendor: intel, family: 6, models: 0x66...0x66, name: "Cannon Lake"),
        Entry(vendor: intel, family: 6, models: 0x6A...0x6A, name: "Ice Lake-SP"),
        Entry(vendor: intel, family: 6, models: 0x6C...0x6C, name: "Ice Lake-SP"),
        Entry(vendor: intel, family: 6, models: 0x7D...0x7E, name: "Ice Lake"),
        Entry(vendor: intel, family: 6, models: 0x8C...0x8D, name: "Tiger Lake"),
        Entry(vendor: intel, family: 6, models: 0x8E...0x8E, name: "Kaby/Coffee/Whiskey Lake"),
        Entry(vendor: intel, family: 6, models: 0x9E...0x9E, name: "Kaby/Coffee Lake"),
        Entry(vendor: intel, family: 6, models: 0xA5...0xA6, name: "Comet Lake"),
        Entry(vendor: intel, family: 6, models: 0xA7...0xA7, name: "Rocket Lake"),
        Entry(vendor: intel, family: 6, models: 0x8F...0x8F, name: "Sapphire Rapids"),
        Entry(vendor: intel, family: 6, models: 0xCF...0xCF, name: "Emerald Rapids"),
        Entry(vendor: intel, family: 6, models: 0xAD...0xAE, name: "Granite Rapids"),
        Entry(vendor: intel, family: 6, models: 0xAF...0xAF, name: "Sierra Forest"),
        Entry(vendor: intel, family: 6, models: 0x97...0x97, name: "Alder Lake"),
        Entry(vendor: intel, family: 6, models: 0x9A...0x9A, name: "Alder Lake"),
        Entry(vendor: intel, family: 6, models: 0xB7...0xB7, name: "Raptor Lake"),
        Entry(vendor: intel, family: 6, models: 0xBA...0xBA, name: "Raptor Lake"),
        Entry(vendor: intel, family: 6, models: 0xBF...0xBF, name: "Raptor Lake"),
        Entry(vendor: intel, family: 6, models: 0xAA...0xAC, name: "Meteor Lake"),
        Entry(vendor: intel, family: 6, models: 0xBD...0xBD, name: "Lunar Lake"),
        Entry(vendor: intel, family: 6, models: 0xC5...0xC6, name: "Arrow Lake"),
        Entry(vendor: intel, family: 6, models: 0x5C...0x5C, name: "Goldmont"),
        Entry(vendor: intel, family: 6, models: 0x5F...0x5F, name: "Goldmont"),
        Entry(vendor: intel, family: 6, models: 0x7A...0x7A, name: "Goldmont Plus"),
        Entry(vendor: intel, family: 6, models: 0x86...0x86, name: "Tremont"),
        Entry(vendor: intel, family: 6, models: 0x96...0x96, name: "Tremont"),
        Entry(vendor: intel, family: 6, models: 0x9C...0x9C, name: "Tremont"),
    ]

    static func entry(of cpu: CPU) -> Entry? {
        table.first { $0.vendor == cpu.vendor && $0.family == cpu.family && $0.models.contains(cpu.model) }
    }

    static func microarchitecture(of cpu: CPU) -> String? { entry(of: cpu)?.name }
}
