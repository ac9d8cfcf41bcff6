import pytest


@pytest.fixture(autouse=True)
def _holidays(request: pytest.FixtureRequest) -> None:
    """The seeded holidays, even after a transactional test flushed the migration's rows."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("_django_db_helper")
    from pressdesk.workdays.models import Holiday
    from pressdesk.workdays.seed import load_holidays

    if not Holiday.objects.exists():
        load_holidays(Holiday)
