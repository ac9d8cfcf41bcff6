"""Rehearse a restore: dump the database and the media files, restore both elsewhere, compare.

``rehearse()`` does what ``docs/operations.md`` ("Restore") tells an operator to do, into a
new database and a new folder, and checks the result:

* PostgreSQL: ``pg_dump -Fc`` taken from a snapshot the row counts are read in (so the
  comparison is exact on a live system), ``pg_restore`` into a new database;
  SQLite: SQLite's online back-up (what ``sqlite3 … ".backup …"`` does), copied into place;
* media: a ``tar.gz`` of ``MEDIA_ROOT`` unpacked into a new folder;
* the row count of every table and the SHA-256 of every media file, source against restored;
* ``manage.py migrate --check`` against the restored database (no migration missing);
* every stored secret (channel credentials, source passwords) decrypts with the
  ``SECRET_KEY`` and ``PRESSDESK_CREDENTIALS_KEY`` of the environment it runs in (the keys
  kept apart from the back-up are the right ones).

The restored PostgreSQL database is dropped afterwards unless ``keep`` is set.
``script/rehearse-restore`` runs it from the command line.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass
class Rehearsal:
    source_counts: dict[str, int] = field(default_factory=dict)
    restored_counts: dict[str, int] = field(default_factory=dict)
    source_files: dict[str, str] = field(default_factory=dict)
    restored_files: dict[str, str] = field(default_factory=dict)
    migrate_check: int | None = None  # exit status of ``migrate --check``
    migrate_output: str = ""
    unreadable_secrets: int | None = None  # stored secrets that the configured keys do not decrypt
    secrets_output: str = ""
    restored_url: str = ""

    @property
    def table_differences(self) -> dict[str, tuple[int | None, int | None]]:
        names = set(self.source_counts) | set(self.restored_counts)
        return {
            name: (self.source_counts.get(name), self.restored_counts.get(name))
            for name in sorted(names)
            if self.source_counts.get(name) != self.restored_counts.get(name)
        }

    @property
    def file_differences(self) -> list[str]:
        names = set(self.source_files) | set(self.restored_files)
        return sorted(name for name in names if self.source_files.get(name) != self.restored_files.get(name))

    @property
    def ok(self) -> bool:
        return (
            not self.table_differences
            and not self.file_differences
            and self.migrate_check == 0
            and self.unreadable_secrets == 0
        )

    def report(self) -> str:
        lines = [
            f"tables: {len(self.source_counts)}, rows: {sum(self.source_counts.values()):,} "
            f"(restored: {len(self.restored_counts)} tables, {sum(self.restored_counts.values()):,} rows)",
            f"media files: {len(self.source_files)} (restored: {len(self.restored_files)})",
        ]
        for name, (source, restored) in self.table_differences.items():
            lines.append(f"  table {name}: {source} rows, restored {restored}")
        for name in self.file_differences:
            lines.append(f"  file {name}: differs or missing")
        lines.append(f"migrate --check: {'passed' if self.migrate_check == 0 else 'FAILED'}")
        if self.migrate_check:
            lines.append(self.migrate_output.strip())
        if self.unreadable_secrets is None:
            lines.append("stored secrets: not checked")
            lines.append(self.secrets_output.strip())
        else:
            lines.append(f"stored secrets that the configured keys do not decrypt: {self.unreadable_secrets}")
        lines.append("restore rehearsal: " + ("OK" if self.ok else "FAILED"))
        return "\n".join(lines)


# --- Files --------------------------------------------------------------------


def file_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by path relative to it."""
    hashes: dict[str, str] = {}
    if not root.exists():
        return hashes
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            hashes[path.relative_to(root).as_posix()] = digest.hexdigest()
    return hashes


def archive_media(media_root: Path, archive: Path) -> None:
    with tarfile.open(archive, "w:gz") as tar:
        if media_root.exists():
            tar.add(media_root, arcname="media")


def restore_media(archive: Path, target: Path) -> Path:
    """Unpack the media archive; the restored ``MEDIA_ROOT`` is ``target/media``."""
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target, filter="data")
    return target / "media"


# --- SQLite -------------------------------------------------------------------


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608


def dump_sqlite(source: Path, dump: Path) -> dict[str, int]:
    """An online back-up of ``source`` into ``dump``; the row counts of the same state."""
    with sqlite3.connect(source) as src:
        src.execute("BEGIN")  # one read snapshot for the counts and the copy (WAL)
        counts = _sqlite_counts(src)
        with sqlite3.connect(dump) as dest:
            src.backup(dest)
        src.rollback()
    src.close()
    dest.close()
    return counts


def restore_sqlite(dump: Path, target: Path) -> dict[str, int]:
    """Put the back-up in place as the database file (the application stopped); its row counts."""
    shutil.copyfile(dump, target)
    with sqlite3.connect(target) as conn:
        counts = _sqlite_counts(conn)
    conn.close()
    return counts


# --- PostgreSQL ---------------------------------------------------------------


def _pg_connect(url: str, dbname: str | None = None) -> Any:
    import psycopg

    db = dj_database_url.parse(url)
    return psycopg.connect(
        dbname=dbname or db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )


def _pg_env(url: str) -> dict[str, str]:
    """libpq's environment for the command-line tools (no password on a command line)."""
    db: dict[str, Any] = dict(dj_database_url.parse(url))
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _pg_counts(conn: Any) -> dict[str, int]:
    names = [
        row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    ]
    return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608


def dump_postgres(url: str, dump: Path) -> dict[str, int]:
    """``pg_dump -Fc`` of the database at ``url`` and the row counts, both from one snapshot."""
    db = dj_database_url.parse(url)
    with _pg_connect(url) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _pg_counts(conn)
        subprocess.run(  # noqa: S603
            ["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(dump), db["NAME"]],  # noqa: S607
            check=True,
            env=_pg_env(url),
        )
        conn.rollback()
    return counts


def restore_postgres(url: str, dump: Path, new_name: str) -> tuple[str, dict[str, int]]:
    """A new database ``new_name`` on the same server, restored from ``dump``; its URL and row counts."""
    with _pg_connect(url, "postgres") as admin:
        admin.autocommit = True
        admin.execute(f'DROP DATABASE IF EXISTS "{new_name}"')
        admin.execute(f'CREATE DATABASE "{new_name}"')
    parts = urlsplit(url)
    new_url = urlunsplit(parts._replace(path="/" + new_name))
    subprocess.run(  # noqa: S603
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", new_name, str(dump)],  # noqa: S607
        check=True,
        env=_pg_env(url),
    )
    with _pg_connect(new_url) as conn:
        counts = _pg_counts(conn)
    return new_url, counts


def drop_postgres(url: str) -> None:
    name = dj_database_url.parse(url)["NAME"]
    with _pg_connect(url, "postgres") as admin:
        admin.autocommit = True
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


# --- The rehearsal -------------------------------------------------------------


def _restored_env(database_url: str, media_root: Path, var_dir: Path, secret_key: str | None) -> dict[str, str]:
    """The environment of the restored deployment: its database and files, the keys kept apart."""
    env = dict(os.environ, DATABASE_URL=database_url, MEDIA_ROOT=str(media_root), PRESSDESK_VAR_DIR=str(var_dir))
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    return env


def migrate_check(database_url: str, media_root: Path, var_dir: Path, secret_key: str | None = None) -> tuple[int, str]:
    """``manage.py migrate --check`` against ``database_url``: 0 when no migration is missing."""
    env = _restored_env(database_url, media_root, var_dir, secret_key)
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--check", "--no-input"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


SECRETS_CHECK = """
from pressdesk.channels import crypto
from pressdesk.channels.models import Channel
from pressdesk.monitoring.models import Source
from pressdesk.monitoring.sources import credentials

unreadable = 0
for token in Channel.objects.exclude(credentials_encrypted="").values_list("credentials_encrypted", flat=True):
    try:
        crypto.decrypt(token)
    except crypto.CredentialsUnreadable:
        unreadable += 1
for token in Source.objects.exclude(secret="").values_list("secret", flat=True):
    try:
        credentials.decrypt(token)
    except credentials.SecretUnreadableError:
        unreadable += 1
print("unreadable", unreadable)
"""


def secrets_check(
    database_url: str, media_root: Path, var_dir: Path, secret_key: str | None = None
) -> tuple[int | None, str]:
    """How many stored secrets of ``database_url`` the environment's keys do not decrypt (None: not run)."""
    env = _restored_env(database_url, media_root, var_dir, secret_key)
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "shell", "--no-startup", "-c", SECRETS_CHECK],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in result.stdout.splitlines():
        if line.startswith("unreadable "):
            return int(line.split()[1]), result.stdout + result.stderr
    return None, result.stdout + result.stderr


def rehearse(
    *, database_url: str, media_root: Path, workdir: Path, secret_key: str | None = None, keep: bool = False
) -> Rehearsal:
    """Dump, restore into a new database and folder under ``workdir``, compare; see the module's notes.

    ``secret_key``: the ``SECRET_KEY`` the restored deployment gets (the embedded mode keeps
    it in ``var/secret_key``, which a restore puts back); otherwise the environment's.
    ``PRESSDESK_CREDENTIALS_KEY`` (or ``…_FILE``) always comes from the environment.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    result = Rehearsal()
    archive = workdir / "media.tar.gz"
    archive_media(media_root, archive)
    result.source_files = file_hashes(media_root)
    restored_media = restore_media(archive, workdir / "restored")
    result.restored_files = file_hashes(restored_media)

    engine = dj_database_url.parse(database_url)["ENGINE"]
    if engine.endswith("sqlite3"):
        source = Path(dj_database_url.parse(database_url)["NAME"])
        dump = workdir / "db-backup.sqlite3"
        result.source_counts = dump_sqlite(source, dump)
        target = workdir / "restored" / "pressdesk.sqlite3"
        result.restored_counts = restore_sqlite(dump, target)
        result.restored_url = f"sqlite:///{target}"
    elif "postgresql" in engine:
        dump = workdir / "db.dump"
        result.source_counts = dump_postgres(database_url, dump)
        name = dj_database_url.parse(database_url)["NAME"]
        result.restored_url, result.restored_counts = restore_postgres(
            database_url, dump, f"{name}_restore_rehearsal"[:63]
        )
    else:
        raise ValueError(f"Unsupported database engine {engine}")
    try:
        restored_var = workdir / "restored-var"
        result.migrate_check, result.migrate_output = migrate_check(
            result.restored_url, restored_media, restored_var, secret_key
        )
        result.unreadable_secrets, result.secrets_output = secrets_check(
            result.restored_url, restored_media, restored_var, secret_key
        )
    finally:
        if "postgresql" in engine and not keep:
            drop_postgres(result.restored_url)
    return result


def main(argv: list[str] | None = None) -> int:
    """``script/rehearse-restore``: rehearse with the environment's database and media folder."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description="Rehearse a restore: dump, restore elsewhere, compare.")
    parser.add_argument("--workdir", type=Path, help="where the dump and the restored copy go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the restored PostgreSQL database")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
    import django

    django.setup()
    from django.conf import settings

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="pressdesk-restore-"))
    result = rehearse(
        database_url=settings.DATABASE_URL,
        media_root=Path(settings.MEDIA_ROOT),
        workdir=workdir,
        secret_key=settings.SECRET_KEY,  # the environment's or the embedded mode's var/secret_key
        keep=args.keep,
    )
    print(f"work folder: {workdir}")
    print(result.report())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
