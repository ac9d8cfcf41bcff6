"""Coverage (process 3.7.3): which monitored news items carry a sent release.

Runs inside monitoring's ingest (``monitoring.signals.items_ingested``), so it
must be cheap: one query per batch for the items of releases sent in the last
``MEDIARELATIONS_COVERAGE_DAYS`` days, then a vectorised comparison of MinHash
signatures (monitoring's ``clustering.signature``, already computed for every
item) and, for releases with matching terms, a folded substring check. A link
needs a similarity of ``THRESHOLD``, or ``TERM_THRESHOLD`` plus every matching
term of the release.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone

from pressdesk.lib import turkish

THRESHOLD = 0.3
TERM_THRESHOLD = 0.1
PREFILTER = 32


@dataclass(frozen=True)
class Candidate:
    release_id: int
    signature: bytes
    shingles: int
    terms: tuple[str, ...]


def shingle_count(text: str) -> int:
    from pressdesk.monitoring.clustering import SHINGLE_SIZE, _words

    return max(0, len(_words(text or "")) - SHINGLE_SIZE + 1)


def kept_share(similarity: float, release_shingles: int, item_shingles: int) -> float:
    """The share of the release's text found in the item, from the Jaccard estimate and both set sizes."""
    if similarity <= 0 or release_shingles <= 0:
        return 0.0
    common = similarity * (release_shingles + item_shingles) / (1 + similarity)
    return float(min(1.0, common / release_shingles))


def fold(text: str) -> str:
    return " ".join(turkish.ascii_fold(text or "").split())


def terms_of(text: str) -> tuple[str, ...]:
    return tuple(t for t in (fold(part) for part in (text or "").split(",")) if t)


def candidates(now: datetime.datetime | None = None) -> list[Candidate]:
    from pressdesk.mediarelations.models import Release, ReleaseItem

    since = (now or timezone.now()) - datetime.timedelta(days=settings.MEDIARELATIONS_COVERAGE_DAYS)
    rows = (
        ReleaseItem.objects.filter(release__status=Release.Status.SENT, release__sent_at__gte=since)
        .exclude(signature=b"")
        .values_list("release_id", "signature", "shingles", "release__match_terms")
    )
    return [Candidate(r, bytes(sig), n, terms_of(terms)) for r, sig, n, terms in rows]


def find_links(items: list[Any], found: list[Candidate]) -> list[tuple[int, int, float, float]]:
    """``(release id, item id, similarity, kept share)`` for every item that carries a candidate.

    All items of the batch are compared with all candidates at once (numpy): first on
    ``PREFILTER`` positions of the MinHash signatures, then, for the pairs that pass, on all.
    """
    if not found or not items:
        return []
    width = len(found[0].signature) // 4
    matrix = np.stack([np.frombuffer(c.signature, dtype="<u4") for c in found])
    signed = [item for item in items if item.signature and len(item.signature) == width * 4]
    if not signed:
        return []
    rows = np.frombuffer(b"".join(bytes(item.signature) for item in signed), dtype="<u4").reshape(len(signed), width)
    # A first look at PREFILTER positions keeps the pairs that agree on at least two of them
    # (a copy at similarity 0.3 fails that once in ~3,000; unrelated news almost always does);
    # only those pairs are compared on every position.
    head = np.zeros((len(signed), len(found)), dtype=np.uint8)
    for column in range(min(PREFILTER, width)):
        head += rows[:, column, None] == matrix[None, :, column]
    pair_rows, pair_cols = np.nonzero(head >= 2)
    if pair_rows.size == 0:
        return []
    agree = np.count_nonzero(rows[pair_rows] == matrix[pair_cols], axis=1)
    pair_sims = agree / width
    links: dict[tuple[int, int], tuple[float, float]] = {}
    for row_index, candidate_index, sim in zip(pair_rows, pair_cols, pair_sims.tolist(), strict=True):
        if sim < TERM_THRESHOLD:
            continue
        item, candidate = signed[int(row_index)], found[int(candidate_index)]
        if sim < THRESHOLD:
            if not candidate.terms:
                continue
            folded = fold(f"{item.title} {item.text}")
            if not all(term in folded for term in candidate.terms):
                continue
        share = kept_share(sim, candidate.shingles, shingle_count(f"{item.title}\n{item.text}"))
        key = (candidate.release_id, item.pk)
        if key not in links or links[key][0] < sim:
            links[key] = (sim, share)
    return [(release_id, item_id, sim, share) for (release_id, item_id), (sim, share) in links.items()]


def on_items_ingested(sender: Any, source: Any = None, items: Any = None, **kwargs: Any) -> None:
    """Link the batch's new items to the releases they carry, in the ingest's transaction."""
    from pressdesk.mediarelations.models import Coverage

    new = [item for item in items or [] if item.pk]
    if not new:
        return
    found = candidates()
    if not found:
        return
    links = find_links(new, found)
    if not links:
        return
    # A link removed by hand stays removed: the same row is kept (the insert below ignores it), and
    # the same article coming again (another source or a re-published copy at the same address) is
    # not linked to that release again.
    urls = {item.pk: item.url for item in new}
    removed = set(
        Coverage.objects.filter(removed=True, release_id__in={r for r, _i, _s, _k in links})
        .exclude(item__url="")
        .values_list("release_id", "item__url")
    )
    Coverage.objects.bulk_create(
        [
            Coverage(release_id=r, item_id=i, similarity=s, kept_share=k)
            for r, i, s, k in links
            if not urls.get(i) or (r, urls[i]) not in removed
        ],
        ignore_conflicts=True,
    )
