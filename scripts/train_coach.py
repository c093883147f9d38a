#!/usr/bin/env python3
"""Trains the coach's second stage: a linear model over word and word-pair features that catches
blameful sentences the rules have no pattern for. Reproducible: fixed seed, no third-party packages.

    swift build --product rebound             # the rules' verdicts come from the CLI
    python3 scripts/train_coach.py            # prints cross-validated figures, writes Sources/Domain/Coach/CoachModelWeights.swift

Training data: docs/coach-corpus.tsv and docs/coach-training-*.tsv. The held-out corpora
(docs/coach-heldout*.tsv) are never read here.

The features must match Sources/Domain/Coach/CoachModel.swift exactly: see `tokens` and `features`.
"""
import glob, math, os, random, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLASSES = ["neutral", "blame", "character", "hindsight", "counterfactual", "human-error", "why-question", "minimising", "empty-fix"]
TARGET = 0.96
QUOTES = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»|„[^“]*“')


def tokens(text):
    """Lowercased words (letters, digits, apostrophes); a capitalised word after the first becomes <cap>
    (names generalise); quoted spans are dropped: a customer's own words are not ours to coach."""
    text = QUOTES.sub(" ", text.replace("’", "'"))
    result = []
    for match in re.finditer(r"[^\W_]+(?:'[^\W_]+)*", text):
        word = match.group(0)
        if result and word[0].isupper() and not word.isupper():
            result.append("<cap>")
        else:
            result.append(word.lower())
    return result


def features(text):
    words = tokens(text)
    found = {"u:" + w for w in words}
    found |= {"b:" + a + " " + b for a, b in zip(words, words[1:])}
    found.add("<bias>")
    return sorted(found)


def read(path):
    rows = []
    with open(path, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) != 3:
                continue
            label, category, sentence = parts
            rows.append((sentence, "neutral" if label == "neutral" else category))
    return [(s, c) for s, c in rows if c in CLASSES]


def train(data, epochs=40, rate=0.2, l2=1e-4, seed=7):
    random.seed(seed)
    weights = {}
    order = list(range(len(data)))
    for epoch in range(epochs):
        random.shuffle(order)
        step = rate / (1 + epoch * 0.1)
        for index in order:
            feats, label = data[index]
            scores = [sum(weights.get(f, [0.0] * len(CLASSES))[k] for f in feats) for k in range(len(CLASSES))]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            probs = [e / total for e in exps]
            target = CLASSES.index(label)
            for f in feats:
                w = weights.setdefault(f, [0.0] * len(CLASSES))
                for k in range(len(CLASSES)):
                    gradient = probs[k] - (1.0 if k == target else 0.0)
                    w[k] -= step * (gradient + l2 * w[k])
    return weights


def probabilities(weights, feats):
    scores = [sum(weights.get(f, [0.0] * len(CLASSES))[k] for f in feats) for k in range(len(CLASSES))]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def evaluate(weights, data, threshold):
    tp = fp = fn = 0
    for feats, label in data:
        blameful = probabilities(weights, feats)[0] < threshold
        truth = label != "neutral"
        tp += blameful and truth
        fp += blameful and not truth
        fn += (not blameful) and truth
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def main():
    paths = [os.path.join(ROOT, "docs", "coach-corpus.tsv")] + sorted(glob.glob(os.path.join(ROOT, "docs", "coach-training-*.tsv")))
    rows = [row for path in paths for row in read(path)]
    data = [(features(sentence), label) for sentence, label in rows]
    print(f"training sentences: {len(data)} from {len(paths)} files")
    # The model only sees what the rules leave alone, so the threshold is chosen on the two stages
    # together: the rules' verdicts come from the built CLI (`rebound coach --rule-verdicts`).
    binary = os.environ.get("REBOUND_BINARY", os.path.join(ROOT, ".build", "debug", "rebound"))
    if not os.path.exists(binary):
        sys.exit(f"{binary} not found: run `swift build --product rebound` first (or set REBOUND_BINARY)")
    verdicts = subprocess.run([binary, "coach", "--rule-verdicts"], input="\n".join(s for s, _ in rows),
                              capture_output=True, text=True, check=True).stdout.split("\n")
    ruled = [v.strip() not in ("-", "") for v in verdicts[:len(rows)]]
    print(f"the rules alone flag {sum(ruled)} of {len(rows)} sentences")
    # Five-fold cross-validation picks the threshold on P(neutral): the highest whose two-stage
    # precision stays at TARGET or more.
    random.seed(11)
    folds = list(range(len(data)))
    random.shuffle(folds)
    candidates = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
    results = {t: [0, 0, 0] for t in candidates}
    for fold in range(5):
        held = set(folds[fold::5])
        test = [i for i in folds[fold::5]]
        # Trained on every sentence, not only those the rules leave alone: tried, and the residual-only
        # model reached recall 0.885 at precision 0.956, against 0.905 at 0.964 for this one.
        train_set = [data[i] for i in folds if i not in held]
        weights = train(train_set)
        for t in candidates:
            for i in test:
                feats, label = data[i]
                blameful = ruled[i] or probabilities(weights, feats)[0] < t
                truth = label != "neutral"
                results[t][0] += blameful and truth
                results[t][1] += blameful and not truth
                results[t][2] += (not blameful) and truth
    chosen = candidates[0]
    for t in candidates:
        tp, fp, fn = results[t]
        precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
        print(f"cross-validated, rules + P(neutral) < {t:.2f}: precision {precision:.3f}, recall {recall:.3f}")
        if precision >= TARGET:
            chosen = t
    weights = train(data)
    kept = {f: w for f, w in weights.items() if max(abs(x) for x in w) >= 0.02}
    print(f"threshold {chosen}; {len(kept)} of {len(weights)} features kept")
    lines = [f + "\t" + ",".join(f"{x:.4f}" for x in w) for f, w in sorted(kept.items())]
    body = "\n".join(lines).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    out = os.path.join(ROOT, "Sources", "Domain", "Coach", "CoachModelWeights.swift")
    with open(out, "w", encoding="utf-8") as handle:
        handle.write("// Generated by scripts/train_coach.py from docs/coach-corpus.tsv and docs/coach-training-*.tsv. Do not edit.\n")
        handle.write("enum CoachModelWeights {\n")
        handle.write(f"    static let classes = {CLASSES!r}\n".replace("'", '"'))
        handle.write(f"    static let neutralThreshold = {chosen}\n")
        handle.write('    static let table = """\n' + body + '\n"""\n}\n')
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
