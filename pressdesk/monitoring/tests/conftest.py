from collections.abc import Iterator

import pytest

from pressdesk.monitoring.tests.servers import FakeServer

LOCAL = ("127.0.0.1",)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    fake = FakeServer()
    yield fake
    fake.close()
