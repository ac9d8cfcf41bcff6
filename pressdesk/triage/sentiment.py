"""Sentiment toward the directorate: a small model trained here, and a keyword baseline.

The model is a TF-IDF of character n-grams (robust to Turkish suffixes: the
stem ``şikâyet`` is shared by ``şikâyetçi``, ``şikâyetler``…) plus word
n-grams, and a logistic regression. It is trained on the labelled set the
project ships (``data/sentiment_tr.csv``, train split) and on every story the
unit's staff labelled, staff labels weighted higher. Nothing is downloaded.

A trained model is stored in the database (``SentimentModel``) as a pickle
signed with an HMAC of the secret key; an unsigned or tampered payload is
never unpickled. Without a stored model the baseline is trained in-process on
first use (well under a second).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import pickle
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from pressdesk.lib import turkish

DATA_FILE = Path(__file__).parent / "data" / "sentiment_tr.csv"
LABELS = ("negative", "neutral", "positive")
STAFF_LABEL_WEIGHT = 3.0
TEXT_CHARS = 800


@dataclass(frozen=True)
class Suggestion:
    label: str
    confidence: float


def prepare(title: str, text: str = "") -> str:
    """The text a model sees: title and the first paragraph, Turkish lower case."""
    return turkish.lower(f"{title}. {text[:TEXT_CHARS]}".strip())


def load_dataset(split: str | None = None) -> list[tuple[str, str]]:
    """``[(text, label), …]`` of the shipped set, one split (``train``/``test``) or all."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["label"]) for row in csv.DictReader(handle) if split is None or row["split"] == split]


def build_pipeline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
        ]
    )
    return Pipeline([("features", features), ("clf", LogisticRegression(C=8.0, max_iter=2000))])


def train(rows: list[tuple[str, str]], extra: list[tuple[str, str]] | None = None, *, extra_weight: float = 1.0) -> Any:
    """Fit a pipeline on ``rows`` (baseline) and ``extra`` (the unit's labels, weighted)."""
    extra = extra or []
    texts = [prepare(text) for text, _ in rows] + [prepare(text) for text, _ in extra]
    labels = [label for _, label in rows] + [label for _, label in extra]
    weights = [1.0] * len(rows) + [extra_weight] * len(extra)
    pipeline = build_pipeline()
    pipeline.fit(texts, labels, clf__sample_weight=weights)
    return pipeline


def predict(pipeline: Any, texts: list[str]) -> list[Suggestion]:
    if not texts:
        return []
    probabilities = pipeline.predict_proba(texts)
    classes = list(pipeline.classes_)
    out = []
    for row in probabilities:
        best = int(row.argmax())
        out.append(Suggestion(label=str(classes[best]), confidence=round(float(row[best]), 3)))
    return out


# --- A keyword baseline (for the benchmark, and a sanity check) ---------------

NEGATIVE_WORDS = (
    "şikâyet", "şikayet", "tepki", "isyan", "şiddet", "darp", "saldırı", "iddia", "skandal", "ihmal", "öldü",
    "hayatını kaybetti", "mağdur", "bekle", "arıza", "yok", "eksik", "yetersiz", "kriz", "soruşturma", "dava",
    "yolsuzluk", "zehirlen", "salgın", "kavga", "protesto", "eylem", "kapandı", "kapatıldı", "yanlış", "tükendi",
)  # fmt: skip
POSITIVE_WORDS = (
    "hizmete girdi", "hizmete açıldı", "açıldı", "başarı", "başarıyla", "ödül", "rekor", "kazandırıldı", "yeni",
    "ücretsiz", "memnun", "sağlığına kavuştu", "umut", "teşekkür", "birinci", "kurtardı", "hayata tutundu", "arttı",
    "kısaldı", "düştü",
)  # fmt: skip


def lexicon_predict(texts: list[str]) -> list[Suggestion]:
    """Count negative and positive keywords; a tie (or none) is neutral."""
    out = []
    for text in texts:
        folded = turkish.lower(text)
        negative = sum(folded.count(word) for word in NEGATIVE_WORDS)
        positive = sum(folded.count(word) for word in POSITIVE_WORDS)
        if negative > positive:
            out.append(Suggestion("negative", 0.5))
        elif positive > negative:
            out.append(Suggestion("positive", 0.5))
        else:
            out.append(Suggestion("neutral", 0.5))
    return out


# --- Storage ------------------------------------------------------------------


def _sign(payload: bytes) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), payload, hashlib.sha256).hexdigest()


def dump(pipeline: Any) -> tuple[bytes, str]:
    payload = pickle.dumps(pipeline, protocol=pickle.HIGHEST_PROTOCOL)
    return payload, _sign(payload)


def load(payload: bytes, digest: str) -> Any | None:
    """The pipeline in ``payload`` if its signature holds, else ``None``."""
    if not hmac.compare_digest(_sign(payload), digest):
        return None
    return pickle.loads(payload)  # noqa: S301 - signed by us with the secret key


_cache: dict[str, Any] = {}
_lock = threading.Lock()


def current_pipeline() -> Any:
    """The newest stored model (cached per process by its id), or the baseline trained now."""
    from pressdesk.triage.models import SentimentModel

    latest = SentimentModel.objects.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    key = f"model:{latest}" if latest else "baseline"
    with _lock:
        if key in _cache:
            return _cache[key]
    pipeline = None
    if latest:
        row = SentimentModel.objects.filter(pk=latest).only("payload", "digest").first()
        if row is not None:
            pipeline = load(bytes(row.payload), row.digest)
    if pipeline is None:
        with _lock:
            if "baseline" in _cache:
                return _cache["baseline"]
        pipeline = train(load_dataset("train"))
        key = "baseline"
    with _lock:
        _cache.clear() if key != "baseline" else None
        _cache[key] = pipeline
    return pipeline


def clear_cache() -> None:
    with _lock:
        _cache.clear()
