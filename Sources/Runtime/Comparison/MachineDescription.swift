import Backends
import Foundation

/// The machine timings were taken on, as a results table states it: the CPU model (what `lscpu`
/// calls "Model name"), the cores the process may use and the load average at the time.
public struct MachineDescription: Sendable, Equatable, Codable {
    public var cpu: String
    public var cores: Int
    /// The 1-, 5- and 15-minute load averages.
    public var loadAverage: [Double]

    public init(cpu: String, cores: Int, loadAverage: [Double]) {
        self.cpu = cpu
        self.cores = cores
        self.loadAverage = loadAverage
    }

    /// This machine now: the processor's brand string (cpuid, as /proc/cpuinfo's "model name").
    public static func current() -> MachineDescription {
        let brand = CPU.current.brand
        return MachineDescription(cpu: brand.isEmpty ? "unknown CPU" : brand, cores: ProcessInfo.processInfo.activeProcessorCount,
                                  loadAverage: loadAverages())
    }

    /// The 1-, 5- and 15-minute load averages to two decimals (empty where the system gives none).
    public static func loadAverages() -> [Double] {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) == 3 ? loads.map { ($0 * 100).rounded() / 100 } : []
    }

    /// One line: `AMD EPYC, 2 cores, load average 1.2 / 2.5 / 4.3`.
    public var summary: String {
        let load = loadAverage.isEmpty ? "load average unknown"
            : "load average " + loadAverage.map { String(format: "%.2f", $0) }.joined(separator: " / ")
        return "\(cpu), \(cores) core\(cores == 1 ? "" : "s"), \(load)"
    }

    enum CodingKeys: String, CodingKey {
        case cpu, cores
        case loadAverage = "load_average"
    }
}
