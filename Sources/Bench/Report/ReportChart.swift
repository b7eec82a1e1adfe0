import Foundation

/// success.svg: a horizontal bar per task (success rate, with its 95% Wilson interval as a whisker),
/// coloured by group.
public enum ReportChart {
    static let palette = ["#4C78A8", "#F58518", "#E45756", "#72B7B2", "#54A24B", "#EECA3B", "#B279A2"]

    public static func svg(_ r: BenchReport) -> String {
        let labelWidth = 190.0, barWidth = 420.0, row = 16.0, top = 40.0
        let width = labelWidth + barWidth + 80, height = top + row * Double(r.tasks.count) + 40
        let groups = r.groups.map(\.name)
        func colour(_ group: String) -> String { palette[(groups.firstIndex(of: group) ?? 0) % palette.count] }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += "<text x=\"10\" y=\"20\" font-size=\"14\">\(esc(r.identity.suite)) · \(esc(r.identity.policy)) · overall \(String(format: "%.1f", 100 * r.overallSuccessRate))%</text>\n"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = labelWidth + tick * barWidth
            out += "<line x1=\"\(f(x))\" y1=\"\(f(top - 4))\" x2=\"\(f(x))\" y2=\"\(f(height - 30))\" stroke=\"#ddd\"/>"
            out += "<text x=\"\(f(x))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">\(Int(tick * 100))%</text>\n"
        }
        for (i, t) in r.tasks.enumerated() {
            let y = top + Double(i) * row
            out += "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y + row * 0.7))\" text-anchor=\"end\">\(esc(t.name))</text>"
            out += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 2))\" width=\"\(f(t.successRate * barWidth))\" height=\"\(f(row - 4))\" fill=\"\(colour(t.group))\"/>"
            let lo = labelWidth + t.wilsonLow * barWidth, hi = labelWidth + t.wilsonHigh * barWidth, mid = y + row / 2
            out += "<line x1=\"\(f(lo))\" y1=\"\(f(mid))\" x2=\"\(f(hi))\" y2=\"\(f(mid))\" stroke=\"black\"/>"
            out += "<text x=\"\(f(labelWidth + barWidth + 8))\" y=\"\(f(y + row * 0.7))\">\(String(format: "%.0f", 100 * t.successRate))%</text>\n"
        }
        for (i, g) in groups.enumerated() {
            let x = 10 + Double(i) * 110
            out += "<rect x=\"\(f(x))\" y=\"\(f(height - 12))\" width=\"10\" height=\"10\" fill=\"\(colour(g))\"/>"
            out += "<text x=\"\(f(x + 14))\" y=\"\(f(height - 3))\">\(esc(g))</text>\n"
        }
        return out + "</svg>\n"
    }
}
