/// The mean of a policy's success over training seeds and its 95% confidence interval, the
/// Student-t interval mean ± t(0.975, K−1)·s/√K of K seeds (s the sample standard deviation).
/// It measures how much retraining moves the result, which the Wilson interval on the pooled
/// episodes does not.
public struct SeedInterval: Sendable, Equatable, Codable {
    public var seeds: Int
    public var mean: Double
    /// Sample standard deviation over the seeds (0 for one seed).
    public var standardDeviation: Double
    /// The interval's ends (nil for one seed: no spread to estimate).
    public var low: Double?
    public var high: Double?

    public init(_ values: [Double]) {
        seeds = values.count
        mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        guard values.count >= 2 else {
            standardDeviation = 0
            return
        }
        let m = mean
        standardDeviation = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
        let half = Self.t975(degreesOfFreedom: values.count - 1) * standardDeviation / Double(values.count).squareRoot()
        low = mean - half
        high = mean + half
    }

    /// The 0.975 quantile of Student's t with `n` degrees of freedom: the exact table to 30, then
    /// the Cornish–Fisher expansion in 1/n (off by less than 1e-4 there).
    static func t975(degreesOfFreedom n: Int) -> Double {
        let table = [12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
                     2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
                     2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272]
        if n >= 1, n <= table.count { return table[n - 1] }
        let z = 1.959963984540054, v = Double(n)
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
    }

    enum CodingKeys: String, CodingKey {
        case seeds, mean, low, high
        case standardDeviation = "standard_deviation"
    }
}
