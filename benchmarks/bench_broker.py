"""How fast the embedded broker drains: real tasks through a real Celery worker on SQLite.

For each broker configuration, in one run:
  * baseline: kombu's SQLAlchemy transport as configured before (``sqla+sqlite://``,
    the worker of the old Procfile: prefork, concurrency 2, prefetch multiplier 1,
    acks late, one queue);
  * current: the embedded transport (``embedded+sqlite://``, pressdesk/lib/sqlite_broker.py)
    with the ``worker`` line of today's Procfile (queues ``celery,polling,alerts``).

A worker is started as a subprocess with that broker; when it is ready, ``--tasks``
real, nearly empty tasks (``outbox.tasks.dispatch_outbox``: one indexed query on an
empty outbox) are sent in a burst, while ``--users`` simulated users work: each
renders the login page and sends one more such task, then thinks for a second. The
figure is the drain rate: tasks the worker finished per second while there was a
backlog (until the burst is through, or ``--max-seconds`` passed), counted from the
worker's "succeeded" log lines, with the time the burst took to drain and the sends
the broker refused (an error page, before the outbox). Before the worker
starts, ``--history`` consumed messages are put in the broker's table as kombu's
transport leaves them (marked invisible, never deleted), as after some days of use.

    .venv/bin/python benchmarks/bench_broker.py                  # about 3 minutes
    .venv/bin/python benchmarks/bench_broker.py --tasks 500 --users 0

Goal: ≥ 50 tasks/s while 20 users work (issue 21, point 7).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
VAR_DIR = Path(tempfile.mkdtemp(prefix="pressdesk-bench-broker-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ["PRESSDESK_VAR_DIR"] = str(VAR_DIR)
os.environ.pop("DATABASE_URL", None)  # the embedded mode: SQLite for the data too
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from pressdesk.celery import app as celery_app  # noqa: E402
from pressdesk.testing.brokers import use_broker  # noqa: E402

TASK = "pressdesk.outbox.tasks.dispatch_outbox"
CELERY = str(ROOT / ".venv" / "bin" / "celery")
WORKER_OPTIONS = ["--concurrency", "2", "--without-gossip", "--without-mingle", "--loglevel", "INFO"]
CONFIGS = [
    ("baseline: sqla+sqlite, old worker", "sqla", ["-Q", "celery"]),
    ("current: embedded+sqlite, Procfile worker", "embedded", ["-Q", "celery,polling,alerts"]),
]
SUCCEEDED = re.compile(r"Task \S+ succeeded in")


class Worker:
    """A ``celery worker`` subprocess whose finished tasks are counted from its log."""

    def __init__(self, broker_url: str, extra: list[str], log_path: Path) -> None:
        env = {**os.environ, "CELERY_BROKER_URL": broker_url}
        args = [CELERY, "-A", "pressdesk", "worker", "-n", f"bench{os.getpid()}@%h", *WORKER_OPTIONS, *extra]
        self.log = log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.succeeded = 0
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.write(line)
            if SUCCEEDED.search(line):
                self.succeeded += 1
            elif " ready." in line:
                self.ready.set()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _user(client: Client, stop: threading.Event, sent: list[int], errors: list[int]) -> None:
    task = celery_app.tasks[TASK]
    while not stop.is_set():
        if client.get("/accounts/login/").status_code != 200:
            raise RuntimeError("the login page did not render")
        try:
            task.apply_async()
        except Exception:  # the broker refused (e.g. "database is locked"): the user would have seen an error
            errors.append(1)
        else:
            sent.append(1)
        stop.wait(1.0)


def _add_history(path: Path, rows: int) -> None:
    """Consumed messages as kombu's transport leaves them (marked invisible, never deleted)."""
    if not rows:
        return
    with sqlite3.connect(path) as db:
        queue_id = db.execute("SELECT id FROM kombu_queue WHERE name = 'celery'").fetchone()[0]
        payload = db.execute("SELECT payload FROM kombu_message ORDER BY id LIMIT 1").fetchone()[0]
        db.executemany(
            "INSERT INTO kombu_message (visible, payload, version, queue_id) VALUES (0, ?, 1, ?)",
            ((payload, queue_id) for _ in range(rows)),
        )


def _burst(task: Any, count: int, stop: threading.Event, sent: list[int], errors: list[int], done: list[float]) -> None:
    started = time.monotonic()
    for _ in range(count):
        if stop.is_set():
            return
        try:
            task.apply_async()
        except Exception:
            errors.append(1)
        else:
            sent.append(1)
    done.extend([time.monotonic() - started, sum(sent)])


def measure(label: str, transport: str, extra: list[str], args: argparse.Namespace) -> dict[str, float]:
    broker_url = f"{transport}+sqlite:///{VAR_DIR / f'broker-{transport}.sqlite3'}"
    with use_broker(celery_app, broker_url):
        task = celery_app.tasks[TASK]
        task.apply_async()  # creates the broker's tables before the worker starts
        _add_history(VAR_DIR / f"broker-{transport}.sqlite3", args.history)
        worker = Worker(broker_url, extra, VAR_DIR / f"worker-{transport}.log")
        try:
            if not worker.ready.wait(120):
                raise RuntimeError(f"the worker did not start; see {worker.log.name}")
            deadline = time.monotonic() + 30
            while worker.succeeded < 1 and time.monotonic() < deadline:  # the warm-up task
                time.sleep(0.05)
            done_before = worker.succeeded
            stop, sent, errors, burst_done = threading.Event(), [0], [], []
            users = [
                threading.Thread(target=_user, args=(Client(SERVER_NAME="localhost"), stop, sent, errors), daemon=True)
                for _ in range(args.users)
            ]
            for thread in users:
                thread.start()
            started = time.monotonic()
            end = started + args.max_seconds
            burst = threading.Thread(
                target=_burst, args=(task, args.tasks, stop, sent, errors, burst_done), daemon=True
            )
            burst.start()
            drained_at = None
            while time.monotonic() < end:
                done = worker.succeeded - done_before
                if burst_done and done >= burst_done[1]:
                    # Everything sent until the burst's last task has run (one queue, first
                    # in first out): the burst is through.
                    drained_at = time.monotonic()
                    break
                time.sleep(0.02)
            elapsed = time.monotonic() - started
            done = worker.succeeded - done_before
            stop.set()
            for thread in [*users, burst]:
                thread.join()
        finally:
            worker.stop()
    result = {
        "sent": float(sum(sent)),
        "done": float(done),
        "elapsed": elapsed,
        "rate": done / elapsed,
        "burst_sent": burst_done[0] if burst_done else float("nan"),
        "drain": (drained_at - started) if drained_at else float("nan"),
        "errors": float(len(errors)),
    }
    drain = f"drained after {result['drain']:.1f} s" if drained_at else f"not drained in {args.max_seconds:.0f} s"
    burst_sent = f"sent in {burst_done[0]:.1f} s" if burst_done else f"not all sent in {args.max_seconds:.0f} s"
    print(
        f"{label:<44} {result['rate']:8.1f} tasks/s   {done:5d}/{int(result['sent'])} done in {elapsed:5.1f} s"
        f"   burst of {args.tasks} {burst_sent}, {drain}"
        f"   {len(errors)} sends refused",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=1000, help="tasks sent in one burst (1000)")
    parser.add_argument("--users", type=int, default=20, help="simulated users working meanwhile (20)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop measuring after this long (60)")
    parser.add_argument(
        "--history",
        type=int,
        default=20_000,
        help="consumed messages already in the broker's table, as after some days of use (20000)",
    )
    parser.add_argument("--only", choices=["baseline", "current"], help="measure one configuration")
    args = parser.parse_args()

    celery_app.conf.task_always_eager = False
    celery_app.loader.import_default_modules()  # every app's tasks
    print(f"Preparing the database in {VAR_DIR} …", flush=True)
    call_command("migrate", verbosity=0)
    print(
        f"{args.tasks} tasks in a burst, {args.users} users working, {args.history} consumed messages in the broker's"
        f" table, at most {args.max_seconds:.0f} s each\n"
    )
    results = {}
    for label, transport, extra in CONFIGS:
        if args.only and not label.startswith(args.only):
            continue
        results[label] = measure(label, transport, extra, args)
    if len(results) == 2:
        baseline, current = results.values()
        print(f"\ncurrent / baseline: {current['rate'] / baseline['rate']:.1f}× the drain rate")


if __name__ == "__main__":
    main()
