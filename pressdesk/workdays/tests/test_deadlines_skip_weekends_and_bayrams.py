import datetime

import pytest

from pressdesk.workdays.business_days import add_business_days, business_days_between, is_business_day

pytestmark = pytest.mark.django_db
D = datetime.date


def test_five_business_days_across_kurban_bayrami_2026():
    # Fri 22.05.2026 + 5: Mon 25, Tue 26 (eve, half day: worked), 27–30 Bayram, 31 Sunday, Mon 1, Tue 2, Wed 3.
    assert add_business_days(D(2026, 5, 22), 5) == D(2026, 6, 3)


def test_the_bayram_days_and_weekends_are_not_business_days():
    assert not is_business_day(D(2026, 5, 27))
    assert not is_business_day(D(2026, 5, 30))
    assert not is_business_day(D(2026, 5, 31))  # Sunday
    assert is_business_day(D(2026, 5, 26))  # arife: the morning is worked
    assert is_business_day(D(2026, 6, 1))


def test_ramazan_bayrami_2030_moves_with_the_calendar():
    # Ramazan Bayramı 2030: Monday 04.02 to Wednesday 06.02.
    assert not is_business_day(D(2030, 2, 4))
    assert add_business_days(D(2030, 2, 1), 1) == D(2030, 2, 7)


def test_between_is_the_inverse_of_add():
    start = D(2026, 5, 22)
    for n in (0, 1, 3, 5, 12, 40):
        end = add_business_days(start, n)
        assert business_days_between(start, end) == n
    assert business_days_between(D(2026, 6, 3), D(2026, 5, 22)) == -5


def test_zero_days_from_a_holiday_is_the_next_business_day():
    assert add_business_days(D(2026, 5, 29), 0) == D(2026, 6, 1)


def test_negative_days_count_backwards():
    assert add_business_days(D(2026, 6, 3), -5) == D(2026, 5, 22)


def test_holidays_are_seeded_for_every_year_the_system_runs():
    from pressdesk.workdays.models import Holiday

    for year in range(2020, 2041):
        days = Holiday.objects.filter(date__year=year)
        # Some years hold two Ramazan or Kurban Bayramı (the lunar year is shorter).
        assert days.filter(name__contains="Kurban Bayramı", half_day=False).count() in (4, 8), year
        assert days.filter(name__contains="Ramazan Bayramı", half_day=False).count() in (3, 6), year
        assert days.filter(half_day=True).exists(), year
