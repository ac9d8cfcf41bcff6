from collections.abc import Iterator
from pathlib import Path

import pytest

from pressdesk.monitoring.tests.imap_server import FakeIMAPServer, Mailbox, tls_files
from pressdesk.monitoring.tests.servers import FakeServer

LOCAL = ("127.0.0.1",)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    fake = FakeServer()
    yield fake
    fake.close()


@pytest.fixture
def tls(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate and key for the fake IMAP server (trusted by ``imap_server.client_context``)."""
    return tls_files(tmp_path)


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def imap_server(mailbox: Mailbox, tls: tuple[Path, Path]) -> Iterator[FakeIMAPServer]:
    fake = FakeIMAPServer(mailbox, cert=tls[0], key=tls[1])
    yield fake
    fake.close()
