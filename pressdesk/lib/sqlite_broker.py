"""The embedded broker: kombu's SQLAlchemy transport on SQLite, made to drain quickly.

Selected by the URL scheme ``embedded+sqlite:///path`` (the default
``CELERY_BROKER_URL``); ``sqla+sqlite://`` still gives kombu's transport as it
is. It keeps kombu's tables (``kombu_queue``, ``kombu_message``), so messages
left by the old transport are consumed, and changes five things that made the
old one drain about one task per second (``benchmarks/bench_broker.py``):

* Polling. kombu's virtual transports sleep ``polling_interval`` (1 s) whenever
  a poll gets nothing, and a worker whose prefetch slots are all taken gets
  nothing without even asking the database, so a worker with two slots ran at
  most two tasks a second. Here a worker whose slots are full looks again after
  ``busy_polling_interval`` (10 ms, no query), and a worker that found its
  queues empty after ``polling_interval`` (0.2 s).
* Sending is one ``INSERT`` (the queue's id is remembered, not looked up each time).
* Taking a message is a read and a ``DELETE`` of its row (the old transport took
  the write lock for every poll, even an empty one, and marked the row invisible).
  A row the old transport left invisible was never delivered again, so neither
  is a deleted one: a task whose worker dies is lost in both (the outbox and the
  periodic sweeps re-create what matters); a worker that stops normally puts its
  unacknowledged messages back.
* An index on ``(queue_id, visible, id)``: the old query scanned the whole table,
  which only grew (consumed rows were never deleted; they are at start-up now).
* WAL journal and ``synchronous=NORMAL``: a commit is not an ``fsync``, and readers
  do not wait for writers.
"""

from __future__ import annotations

from time import monotonic, sleep
from typing import Any

from kombu.transport import TRANSPORT_ALIASES, virtual
from kombu.transport import sqlalchemy as kombu_sqla
from kombu.utils.encoding import bytes_to_str
from kombu.utils.json import dumps, loads
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

ALIAS = "embedded"

# Transport options that are ours or kombu's, not SQLAlchemy's create_engine().
_NOT_ENGINE_OPTIONS = (
    "queue_tablename",
    "message_tablename",
    "callback",
    "errback",
    "max_retries",
    "interval_start",
    "interval_step",
    "interval_max",
    "retry_errors",
    "polling_interval",
    "busy_polling_interval",
    "visibility_timeout",
)

_prepared: set[str] = set()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Channel(kombu_sqla.Channel):  # type: ignore[misc]
    _engines: dict[str, Any] = {}  # kombu's engine cache, apart from its own transport's

    def __init__(self, connection: Any, **kwargs: Any) -> None:
        self._queue_ids: dict[str, int] = {}
        super().__init__(connection, **kwargs)
        table = self.message_tablename  # from the settings, never from a request
        self._sql_index = text(f"CREATE INDEX IF NOT EXISTS ix_{table}_queue_next ON {table} (queue_id, visible, id)")
        self._sql_drop_taken = text(f"DELETE FROM {table} WHERE visible = :visible")  # noqa: S608
        self._sql_next = text(
            f"SELECT id, payload FROM {table} WHERE queue_id = :queue AND visible = :visible ORDER BY id LIMIT 1"  # noqa: S608
        )
        self._sql_take = text(f"DELETE FROM {table} WHERE id = :id")  # noqa: S608
        self._sql_put = text(
            f"INSERT INTO {table} (visible, timestamp, payload, version, queue_id)"  # noqa: S608
            " VALUES (:visible, NULL, :payload, 1, :queue)"
        )

    def _engine_from_config(self) -> Engine:
        conninfo: Any = self.connection.client
        options = {k: v for k, v in conninfo.transport_options.items() if k not in _NOT_ENGINE_OPTIONS}
        engine = create_engine(conninfo.hostname, **options)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return engine

    def _open(self) -> Any:
        engine, session_class = super()._open()
        client: Any = self.connection.client
        hostname = client.hostname
        if hostname not in _prepared:
            with engine.begin() as connection:
                connection.execute(self._sql_index)
                # Rows the old transport marked taken: never delivered again, only slowing every read.
                connection.execute(self._sql_drop_taken, {"visible": False})
            _prepared.add(hostname)
        return engine, session_class

    def _queue_id(self, queue: str) -> int:
        queue_id = self._queue_ids.get(queue)
        if queue_id is None:
            channel: Any = self  # kombu's stubs do not know the SQLAlchemy channel's helpers
            queue_id = self._queue_ids[queue] = int(channel._get_or_create(queue).id)
        return queue_id

    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        queue_id = self._queue_id(queue)
        try:
            self.session.execute(self._sql_put, {"visible": True, "payload": dumps(payload), "queue": queue_id})
            self.session.commit()
        except OperationalError:
            self.session.rollback()
            raise

    def _get(self, queue: str, timeout: float | None = None) -> Any:
        session = self.session
        queue_id = self._queue_id(queue)
        while True:
            row = session.execute(self._sql_next, {"queue": queue_id, "visible": True}).first()
            session.commit()  # end the read: the next statement sees other workers' deletes
            if row is None:
                raise virtual.Empty()
            taken = session.execute(self._sql_take, {"id": row.id})
            session.commit()
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                return loads(bytes_to_str(row.payload))
            # Another worker took it between our read and our delete: try the next one.


class Transport(kombu_sqla.Transport):  # type: ignore[misc]
    Channel = Channel

    polling_interval = 0.2
    busy_polling_interval = 0.01

    def __init__(self, client: Any, **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        busy = client.transport_options.get("busy_polling_interval")
        if busy is not None:
            self.busy_polling_interval = float(busy)

    def _slots_full(self) -> bool:
        return any(channel._consumers and not channel.qos.can_consume() for channel in self.channels or [])

    def drain_events(self, connection: Any, timeout: float | None = None) -> None:  # type: ignore[override]
        cycle: Any = self.cycle
        started = monotonic()
        while True:
            try:
                cycle.get(self._deliver, timeout=timeout)
                return
            except virtual.Empty:
                if timeout is not None and monotonic() - started >= timeout:
                    raise TimeoutError() from None
                interval = self.busy_polling_interval if self._slots_full() else self.polling_interval
                if timeout:
                    interval = min(interval, timeout)
                sleep(interval)


def register() -> None:
    """Make ``embedded+sqlite:///…`` broker URLs use this transport (called by ``pressdesk/celery.py``)."""
    TRANSPORT_ALIASES.setdefault(ALIAS, f"{__name__}:Transport")
