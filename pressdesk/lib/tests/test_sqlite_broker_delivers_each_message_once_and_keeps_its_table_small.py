"""The embedded broker (``embedded+sqlite://``): each message to one consumer, in order, and no dead rows."""

from __future__ import annotations

import sqlite3
import threading
from queue import Empty

from kombu import Connection

import pressdesk.celery  # noqa: F401  (registers the transport)
from pressdesk.lib import sqlite_broker


def _rows(path) -> list[tuple[int, int]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id, visible FROM kombu_message").fetchall()


def test_competing_consumers_take_every_message_once(tmp_path):
    url = f"embedded+sqlite:///{tmp_path / 'broker.sqlite3'}"
    with Connection(url) as producer:
        queue = producer.SimpleQueue("work")
        for number in range(300):
            queue.put({"n": number})
        queue.close()
    taken: list[list[int]] = [[], [], []]

    def consume(into: list[int]) -> None:
        with Connection(url) as connection:
            queue = connection.SimpleQueue("work")
            while True:
                try:
                    message = queue.get(block=False)
                except Empty:
                    break
                into.append(message.payload["n"])
                message.ack()
            queue.close()

    threads = [threading.Thread(target=consume, args=(into,)) for into in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [n for into in taken for n in into]
    assert sorted(everything) == list(range(300))  # none lost, none twice
    assert all(into == sorted(into) for into in taken)  # oldest first
    assert _rows(tmp_path / "broker.sqlite3") == []  # taken rows are deleted


def test_rows_the_old_transport_left_taken_are_removed_and_waiting_ones_delivered(tmp_path):
    path = tmp_path / "broker.sqlite3"
    sqlite_broker._prepared.discard(f"sqlite:///{path}")
    with Connection(f"sqla+sqlite:///{path}") as old:
        queue = old.SimpleQueue("work")
        for number in range(3):
            queue.put({"n": number})
        queue.get(block=False).ack()  # kombu's transport marks the row invisible and keeps it
        queue.close()
    assert sorted(visible for _id, visible in _rows(path)) == [0, 1, 1]
    with Connection(f"embedded+sqlite:///{path}") as new:
        queue = new.SimpleQueue("work")
        messages = [queue.get(block=False) for _ in range(2)]
        assert [message.payload["n"] for message in messages] == [1, 2]
        for message in messages:
            message.ack()
        queue.close()
    assert _rows(path) == []


def test_the_embedded_mode_uses_this_transport_in_wal_mode(settings, tmp_path):
    assert settings.CELERY_BROKER_URL.startswith("embedded+sqlite:///") or settings.CELERY_BROKER_URL.startswith(
        "redis://"
    )
    with Connection(f"embedded+sqlite:///{tmp_path / 'broker.sqlite3'}") as connection:
        connection.SimpleQueue("work").put({"n": 1})
        assert isinstance(connection.transport, sqlite_broker.Transport)
    with sqlite3.connect(tmp_path / "broker.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
