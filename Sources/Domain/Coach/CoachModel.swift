import Foundation

/// The coach's second stage: a linear model over words and word pairs (weights trained by
/// `scripts/train_coach.py` on the committed training sentences) that catches blameful sentences the
/// rules have no pattern for. It runs only on sentences the rules left alone, and only says "blame"
/// when it is confident, so the rules' precision is kept. Features must match the training script.
enum CoachModel {
    struct Table {
        let weights: [String: [Double]]
        let classes: [String]
    }

    static let table: Table = {
        var weights: [String: [Double]] = [:]
        for line in CoachModelWeights.table.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            weights[String(parts[0])] = parts[1].split(separator: ",").compactMap { Double($0) }
        }
        return Table(weights: weights, classes: CoachModelWeights.classes)
    }()

    /// The blame category the model is confident of, or nil. `text` already has quoted spans masked.
    static func category(of text: Substring) -> BlameCategory? {
        let table = self.table
        guard !table.weights.isEmpty else { return nil }
        let features = self.features(text)
        var scores = [Double](repeating: 0, count: table.classes.count)
        for feature in features {
            guard let row = table.weights[feature], row.count == scores.count else { continue }
            for index in scores.indices { scores[index] += row[index] }
        }
        let top = scores.max() ?? 0
        let exps = scores.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        let neutral = exps[0] / total
        guard neutral < CoachModelWeights.neutralThreshold else { return nil }
        let best = exps.indices.dropFirst().max { exps[$0] < exps[$1] } ?? 1
        return BlameCategory(rawValue: table.classes[best])
    }

    /// Lowercased words; a capitalised word after the first becomes `<cap>` (names generalise).
    static func tokens(_ text: Substring) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var pendingApostrophe = false
        func isWord(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic || scalar.properties.numericType != nil }
        func finish() {
            guard !current.isEmpty else { return }
            let word = String(current)
            let first = word.unicodeScalars.first!
            let capitalised = first.properties.isUppercase && word != word.uppercased()
            result.append(!result.isEmpty && capitalised ? "<cap>" : word.lowercased())
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            let s: Unicode.Scalar = scalar == "\u{2019}" ? "'" : scalar
            if isWord(s) {
                if pendingApostrophe { current.append("'") }
                pendingApostrophe = false
                current.append(s)
            } else if s == "'", !current.isEmpty, !pendingApostrophe {
                pendingApostrophe = true
            } else {
                pendingApostrophe = false
                finish()
            }
        }
        finish()
        return result
    }

    static func features(_ text: Substring) -> Set<String> {
        let words = tokens(text)
        var found: Set<String> = ["<bias>"]
        for word in words { found.insert("u:" + word) }
        for (a, b) in zip(words, words.dropFirst()) { found.insert("b:" + a + " " + b) }
        return found
    }
}
