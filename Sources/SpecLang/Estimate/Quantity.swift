/// Human-readable counts (`1.23M`) and byte sizes (`2.17 KiB`), and their parsing
/// (`200M`, `1.5G`, `1e9`, `4GiB`).
public enum Quantity {
    /// `count` with a k/M/G/T suffix and three significant digits.
    public static func count(_ value: Int) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        let v = Double(value)
        for (scale, suffix) in units where v >= scale {
            let scaled = v / scale
            let digits = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2
            return String(format: "%.\(digits)f", scaled) + suffix
        }
        return String(value)
    }

    /// `bytes` in binary units (B, KiB, MiB, GiB, TiB) with three significant digits.
    public static func bytes(_ value: Int) -> String {
        let units: [(Double, String)] = [(0x1p40, "TiB"), (0x1p30, "GiB"), (0x1p20, "MiB"), (0x1p10, "KiB")]
        let v = Double(value)
        for (scale, suffix) in units where v >= scale {
            let scaled = v / scale
            let digits = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2
            return String(format: "%.\(digits)f", scaled) + " " + suffix
        }
        return "\(value) B"
    }

    /// Parses `200M`, `1.5G`, `50k`, `1e9`, a binary size (`64KiB`, `512MiB`, `4GiB`, `1TiB`,
    /// the `B` optional) or a plain integer; nil when malformed or negative.
    public static func parse(_ text: String) -> Int? {
        let multipliers: [Character: Double] = ["k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "g": 1e9, "G": 1e9, "t": 1e12, "T": 1e12]
        let binary: [String: Double] = ["Ki": 0x1p10, "Mi": 0x1p20, "Gi": 0x1p30, "Ti": 0x1p40]
        var body = Substring(text)
        var multiplier = 1.0
        if body.hasSuffix("iB") { body = body.dropLast() }
        if let m = binary[String(body.suffix(2))] {
            multiplier = m
            body = body.dropLast(2)
        } else if let last = body.last, let m = multipliers[last] {
            multiplier = m
            body = body.dropLast()
        }
        guard Validator.isNumber(String(body)), let v = Double(body), v >= 0 else { return nil }
        let total = v * multiplier
        guard total.isFinite, total < 9.2e18 else { return nil }
        return Int(total.rounded())
    }
}
