"""Turkish public holidays from the ``holidays`` package, as rows an administrator can correct."""

from __future__ import annotations

from typing import Any

FIRST_YEAR = 2020
LAST_YEAR = 2040

RELIGIOUS_WORDS = ("Ramazan", "Kurban")


def holiday_rows(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> list[dict[str, Any]]:
    """One dict per day: full holidays, then the half-day eves (their names end with "13.00'ten")."""
    import holidays

    years = range(first, last + 1)
    rows: dict[Any, dict[str, Any]] = {}
    for day, name in holidays.country_holidays("TR", years=years, language="tr").items():
        kind = "religious" if any(word in name for word in RELIGIOUS_WORDS) else "national"
        rows[day] = {"date": day, "name": name, "kind": kind, "half_day": False}
    half = holidays.country_holidays("TR", years=years, language="tr", categories=("half_day",))
    for day, name in half.items():
        if day in rows:
            continue
        rows[day] = {"date": day, "name": name, "kind": "eve", "half_day": True}
    return [rows[day] for day in sorted(rows)]


def load_holidays(model: Any, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> int:
    """Insert the days that are missing; never overwrite an administrator's correction. Returns rows added."""
    existing = set(model.objects.filter(date__year__gte=first, date__year__lte=last).values_list("date", flat=True))
    new = [model(source="holidays", **row) for row in holiday_rows(first, last) if row["date"] not in existing]
    model.objects.bulk_create(new)
    return len(new)
