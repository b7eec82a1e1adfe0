import Foundation

/// `loss-<stage>.svg`: a stage's logged loss against its step, on a log scale when the loss
/// spans more than a factor of 20 (and stays positive), with the step and loss range on the axes.
public enum LossCurve {
    public static func svg(stage: String, spec: String, records: [MetricsRecord]) -> String {
        let width = 640.0, height = 360.0, left = 70.0, right = 20.0, top = 40.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let points = records.filter { $0.loss.isFinite }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"10\" y=\"20\" font-size=\"14\">\(esc(spec)) · stage \(esc(stage)) · loss</text>\n"
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#999\"/>\n"
        guard let first = points.first, let last = points.last else { return out + "</svg>\n" }
        let low = points.map(\.loss).min()!, high = points.map(\.loss).max()!
        let logScale = low > 0 && high / low > 20
        func value(_ loss: Double) -> Double { logScale ? Foundation.log10(loss) : loss }
        let vLow = value(low), vHigh = max(value(high), vLow + 1e-12)
        let sLow = Double(first.step), sHigh = max(Double(last.step), sLow + 1)
        func x(_ step: Int) -> Double { left + (Double(step) - sLow) / (sHigh - sLow) * plotWidth }
        func y(_ loss: Double) -> Double { top + (1 - (value(loss) - vLow) / (vHigh - vLow)) * plotHeight }
        let path = points.map { "\(f(x($0.step))),\(f(y($0.loss)))" }.joined(separator: " ")
        out += "<polyline fill=\"none\" stroke=\"#4C78A8\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
        let scale = logScale ? " (log scale)" : ""
        out += "<text x=\"\(f(left - 6))\" y=\"\(f(top + 4))\" text-anchor=\"end\">\(String(format: "%.3g", high))</text>\n"
        out += "<text x=\"\(f(left - 6))\" y=\"\(f(top + plotHeight))\" text-anchor=\"end\">\(String(format: "%.3g", low))</text>\n"
        out += "<text x=\"\(f(left))\" y=\"\(f(height - 18))\">step \(first.step)</text>\n"
        out += "<text x=\"\(f(left + plotWidth))\" y=\"\(f(height - 18))\" text-anchor=\"end\">step \(last.step)</text>\n"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">final loss \(String(format: "%.4g", last.loss))\(scale)</text>\n"
        return out + "</svg>\n"
    }
}
