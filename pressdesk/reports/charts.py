"""The statistics' charts as PNG images for the PDF (the page draws the same figures with Chart.js).

Drawn with matplotlib's object-oriented API (``Figure``, the Agg canvas): no pyplot state shared
between threads of a web worker, no display. Its bundled DejaVu Sans has every Turkish letter.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _

#: The unit's colours (Bootstrap's primary blue; red, grey and green for negative, neutral, positive).
PRIMARY = "#0d6efd"
SECONDARY = "#6c757d"
TONES = {"negative": "#dc3545", "neutral": "#6c757d", "positive": "#198754", "": "#adb5bd"}
#: A horizontal chart shows at most this many bars (the table below it has every row).
TOP = 10
WIDTH_INCHES = 7.0


def _figure(height: float) -> tuple[object, object]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=150)
    axes = figure.subplots()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    return figure, axes


def _png(figure: object) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", bbox_inches="tight")  # type: ignore[attr-defined]
    return out.getvalue()


def volume_chart(rows: Sequence[dict[str, object]]) -> bytes | None:
    """News items and stories per day (or week, month) of the period, as bars and a line."""
    if not rows or not any(row["items"] for row in rows):
        return None
    figure, axes = _figure(2.6)
    labels = [str(row["label"]) for row in rows]
    positions = range(len(labels))
    axes.bar(positions, [int(row["items"]) for row in rows], color=PRIMARY, label=_("News items"))  # type: ignore[attr-defined,call-overload]
    axes.plot(positions, [int(row["stories"]) for row in rows], color=SECONDARY, marker=".", label=_("Stories"))  # type: ignore[attr-defined,call-overload]
    step = max(1, len(labels) // 12)  # at most a dozen labels under the bars
    axes.set_xticks(list(positions)[::step], labels[::step], rotation=45, ha="right")  # type: ignore[attr-defined]
    axes.legend(fontsize=8, frameon=False)  # type: ignore[attr-defined]
    return _png(figure)


def tone_chart(rows: Sequence[dict[str, object]]) -> bytes | None:
    """Stories per tone, coloured as on the page."""
    if not rows or not any(row["stories"] for row in rows):
        return None
    figure, axes = _figure(1.8)
    labels = [str(row["label"]) for row in rows]
    colours = [TONES.get(str(row.get("tone") or ""), PRIMARY) for row in rows]
    axes.barh(labels, [int(row["stories"]) for row in rows], color=colours)  # type: ignore[attr-defined,call-overload]
    axes.invert_yaxis()  # type: ignore[attr-defined]
    axes.set_xlabel(_("Stories"), fontsize=8)  # type: ignore[attr-defined]
    return _png(figure)


def ranking_chart(rows: Sequence[dict[str, object]], *, name: str, value: str, label: str) -> bytes | None:
    """The first ``TOP`` rows as horizontal bars, the largest on top (institutions, outlets)."""
    shown = [row for row in rows if row[value]][:TOP]
    if not shown:
        return None
    figure, axes = _figure(0.35 * len(shown) + 0.7)
    names = [str(row[name])[:45] for row in shown]
    axes.barh(names, [int(row[value]) for row in shown], color=PRIMARY)  # type: ignore[attr-defined,call-overload]
    axes.invert_yaxis()  # type: ignore[attr-defined]
    axes.set_xlabel(label, fontsize=8)  # type: ignore[attr-defined]
    return _png(figure)
