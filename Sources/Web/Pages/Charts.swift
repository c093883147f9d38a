import Domain
import Features
import Foundation

/// SVG charts drawn on the server (no JavaScript build step). Every label is escaped; every chart has
/// a title and a description for screen readers.
enum Charts {
    /// Failures and completed reflections per week, as paired bars.
    /// Weeks are labelled by their Monday in `zone`, the team's (the one they were counted in).
    static func weekly(_ weeks: [Insights.Week], id: String, zone: TimeZone = .gmt) -> String {
        let width = 640.0, height = 220.0, left = 36.0, bottom = 28.0, top = 12.0
        let axis = countAxis(largest: weeks.map { max($0.failures, $0.reflectionsCompleted) }.max() ?? 0)
        let maximum = Double(axis.top)
        let slot = (width - left - 8) / Double(max(1, weeks.count))
        let bar = max(2, slot * 0.38)
        var svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-t \(id)-d" class="chart">\
            <title id="\(id)-t">Failures and completed reflections per week</title>\
            <desc id="\(id)-d">\(Escape.html(weeks.map { "week of \(day($0.start, zone)): \($0.failures) failures, \($0.reflectionsCompleted) reflections completed" }.joined(separator: "; ")))</desc>
            """
        let plot = height - bottom - top
        for value in stride(from: 0, through: axis.top, by: axis.step) {
            let y = top + plot - plot * Double(value) / maximum
            svg += "<line x1=\"\(left)\" x2=\"\(width - 4)\" y1=\"\(y)\" y2=\"\(y)\" class=\"grid\"/><text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\" class=\"axis\">\(value)</text>"
        }
        for (index, week) in weeks.enumerated() {
            let x = left + Double(index) * slot + slot * 0.1
            let failure = plot * Double(week.failures) / maximum
            let reflected = plot * Double(week.reflectionsCompleted) / maximum
            svg += "<rect x=\"\(x)\" y=\"\(top + plot - failure)\" width=\"\(bar)\" height=\"\(failure)\" class=\"bar-failure\"/>"
            svg += "<rect x=\"\(x + bar + 1)\" y=\"\(top + plot - reflected)\" width=\"\(bar)\" height=\"\(reflected)\" class=\"bar-reflected\"/>"
            if index % max(1, weeks.count / 6) == 0 {
                svg += "<text x=\"\(x)\" y=\"\(height - 8)\" class=\"axis\">\(day(week.start, zone))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Horizontal bars for themes (lost reasons, question topics, lesson tags).
    static func themes(_ counts: [Insights.Count], id: String, title: String) -> String {
        let rowHeight = 26.0, labelWidth = 220.0, width = 640.0
        let height = max(rowHeight, rowHeight * Double(counts.count)) + 8
        let maximum = Double(max(1, counts.map(\.count).max() ?? 1))
        var svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-t \(id)-d" class="chart">\
            <title id="\(id)-t">\(Escape.html(title))</title>\
            <desc id="\(id)-d">\(Escape.html(counts.map { "\($0.label): \($0.count)" }.joined(separator: "; ")))</desc>
            """
        for (index, item) in counts.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let length = (width - labelWidth - 40) * Double(item.count) / maximum
            let label = item.label.count > 32 ? String(item.label.prefix(31)) + "…" : item.label
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" text-anchor=\"end\" class=\"label\">\(Escape.html(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"16\" class=\"bar-theme\"/>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 16)\" class=\"axis\">\(item.count)</text>"
        }
        return svg + "</svg>"
    }

    /// A count axis with whole-number gridlines: a step of 1, 2 or 5 times a power of ten, at most four
    /// steps, up to the first whole step at or above the largest count. Halving the largest count put a
    /// line labelled "2" at 1.5 when it was 3.
    static func countAxis(largest: Int) -> (top: Int, step: Int) {
        let largest = max(1, largest)
        var magnitude = 1
        while magnitude <= Int.max / 10 {
            for factor in [1, 2, 5] {
                let step = factor * magnitude
                let steps = largest / step + (largest % step == 0 ? 0 : 1)
                if steps <= 4 { return (steps * step, step) }
            }
            magnitude *= 10
        }
        return (largest, largest)
    }

    private static func day(_ date: Date, _ zone: TimeZone) -> String {
        date.formatted(Date.FormatStyle(timeZone: zone).month(.abbreviated).day())
    }
}
