"""Sentiment toward the directorate: held-out evaluation of the model against a keyword baseline.

The labelled set is `pressdesk/triage/data/sentiment_tr.csv` (Turkish health-news
headlines written for this project, labelled positive / neutral / negative toward
the provincial health directorate; column `split` holds the fixed held-out part).
The model (TF-IDF char 3–5-grams + word 1–2-grams, logistic regression) is trained
on the train split only; the keyword baseline (`sentiment.lexicon_predict`) needs no
training. Both are scored on the same held-out rows in the same run.

    .venv/bin/python benchmarks/bench_sentiment.py            # the fixed split
    .venv/bin/python benchmarks/bench_sentiment.py --cv 5     # also 5-fold cross-validation over all rows

No database, network or Django settings are needed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from pressdesk.triage import sentiment  # noqa: E402

LABELS = list(sentiment.LABELS)


def _report(name: str, truth: list[str], predicted: list[str]) -> tuple[float, float]:
    accuracy = accuracy_score(truth, predicted)
    macro_f1 = f1_score(truth, predicted, labels=LABELS, average="macro")
    print(f"\n{name}: accuracy {accuracy:.3f}, macro-F1 {macro_f1:.3f}")
    matrix = confusion_matrix(truth, predicted, labels=LABELS)
    width = max(len(label) for label in LABELS) + 2
    print("  true \\ predicted".ljust(width + 8) + "".join(label.rjust(width) for label in LABELS))
    for label, row in zip(LABELS, matrix, strict=True):
        print(f"  {label}".ljust(width + 8) + "".join(str(v).rjust(width) for v in row))
    return accuracy, macro_f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", type=int, default=0, help="also run k-fold cross-validation over every row")
    args = parser.parse_args()

    train = sentiment.load_dataset("train")
    test = sentiment.load_dataset("test")
    counts = {label: sum(1 for _, lab in train + test if lab == label) for label in LABELS}
    print(f"Labelled set: {len(train) + len(test)} rows ({counts}); train {len(train)}, held-out {len(test)}")

    started = time.perf_counter()
    pipeline = sentiment.train(train)
    trained = time.perf_counter() - started
    texts = [text for text, _ in test]
    truth = [label for _, label in test]
    started = time.perf_counter()
    model_pred = [s.label for s in sentiment.predict(pipeline, [sentiment.prepare(t) for t in texts])]
    per_item_ms = (time.perf_counter() - started) / len(texts) * 1000
    lexicon_pred = [s.label for s in sentiment.lexicon_predict(texts)]
    majority = max(counts, key=lambda label: counts[label])

    model = _report("Model (TF-IDF char+word n-grams, logistic regression)", truth, model_pred)
    lexicon = _report("Keyword baseline (lexicon)", truth, lexicon_pred)
    _report(f"Majority class ({majority})", truth, [majority] * len(truth))
    print(f"\nTraining {trained:.2f} s on {len(train)} rows; prediction {per_item_ms:.2f} ms per item (batch)")
    print(
        f"Model vs keyword baseline: accuracy {model[0]:.3f} vs {lexicon[0]:.3f}, "
        f"macro-F1 {model[1]:.3f} vs {lexicon[1]:.3f}"
    )

    if args.cv:
        rows = train + test
        texts_all = [text for text, _ in rows]
        labels_all = [label for _, label in rows]
        scores_model, scores_lex = [], []
        for fold_train, fold_test in StratifiedKFold(n_splits=args.cv, shuffle=True, random_state=1).split(
            texts_all, labels_all
        ):
            fitted = sentiment.train([rows[i] for i in fold_train])
            fold_texts = [texts_all[i] for i in fold_test]
            fold_truth = [labels_all[i] for i in fold_test]
            pred = [s.label for s in sentiment.predict(fitted, [sentiment.prepare(t) for t in fold_texts])]
            scores_model.append(f1_score(fold_truth, pred, labels=LABELS, average="macro"))
            lex = [s.label for s in sentiment.lexicon_predict(fold_texts)]
            scores_lex.append(f1_score(fold_truth, lex, labels=LABELS, average="macro"))
        mean_m = sum(scores_model) / len(scores_model)
        mean_l = sum(scores_lex) / len(scores_lex)
        print(f"\n{args.cv}-fold cross-validation macro-F1: model {mean_m:.3f}, keyword baseline {mean_l:.3f}")


if __name__ == "__main__":
    main()
