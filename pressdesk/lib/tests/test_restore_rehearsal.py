"""A restore is rehearsed: dump, restore into a new database and folder, same rows, same files, no missing migration.

``script/rehearse-restore`` (``pressdesk.lib.restore.rehearse``) follows the "Restore" steps
of docs/operations.md. The test database is the live one here: on SQLite it is first written
to a file (SQLite's online back-up), on PostgreSQL it is dumped with pg_dump.
"""

import sqlite3

import pytest
from django.conf import settings
from django.db import connection

from pressdesk.accounts.models import User
from pressdesk.channels.models import Channel
from pressdesk.lib import restore
from pressdesk.monitoring.sources import credentials
from pressdesk.monitoring.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _media(tmp_path):
    media = tmp_path / "media"
    (media / "tasks" / "2026" / "12").mkdir(parents=True)
    (media / "tasks" / "2026" / "12" / "bülten.docx").write_bytes(b"PK\x03\x04 docx bytes" * 100)
    (media / "publishing").mkdir()
    (media / "publishing" / "foto.jpg").write_bytes(bytes(range(256)) * 40)
    return media


def _secrets(province):
    """A channel's credentials and a mailbox password, encrypted with this deployment's keys."""
    channel = Channel(organization=province.directorate, kind=Channel.Kind.MASTODON, name="Mastodon")
    channel.set_credentials({"access_token": "gizli-erisim-anahtari"})
    channel.save()
    SourceFactory(organization=province.directorate, secret=credentials.encrypt("posta-parolasi"))


def _sqlite_file(tmp_path):
    """The test database as a file, as the embedded mode keeps it."""
    connection.ensure_connection()
    path = tmp_path / "pressdesk.sqlite3"
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    target.close()
    return path


def _postgres_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.sqlite
def test_sqlite_restore_has_every_row_and_file(province, tmp_path):
    _secrets(province)
    media = _media(tmp_path)
    database = _sqlite_file(tmp_path)
    result = restore.rehearse(
        database_url=f"sqlite:///{database}",
        media_root=media,
        workdir=tmp_path / "work",
        secret_key=settings.SECRET_KEY,
    )
    assert result.ok, result.report()
    assert result.unreadable_secrets == 0
    assert result.source_counts["accounts_user"] == User.objects.count() > 0
    assert result.restored_counts == result.source_counts
    assert sorted(result.restored_files) == ["publishing/foto.jpg", "tasks/2026/12/bülten.docx"]
    assert result.migrate_check == 0
    assert "restore rehearsal: OK" in result.report()


@pytest.mark.sqlite
def test_rehearsal_reports_a_lost_row_a_changed_file_and_a_missing_migration(province, tmp_path, monkeypatch):
    media = _media(tmp_path)
    database = _sqlite_file(tmp_path)
    real_restore_sqlite, real_restore_media = restore.restore_sqlite, restore.restore_media

    def lossy_database(dump, target):
        real_restore_sqlite(dump, target)
        with sqlite3.connect(target) as conn:
            conn.execute("DELETE FROM accounts_user WHERE id = (SELECT MAX(id) FROM accounts_user)")
            conn.execute("DELETE FROM django_migrations WHERE id = (SELECT MAX(id) FROM django_migrations)")
        conn.close()
        return restore._sqlite_counts(sqlite3.connect(target))

    def damaged_media(archive, target):
        restored = real_restore_media(archive, target)
        (restored / "publishing" / "foto.jpg").write_bytes(b"not the photo")
        return restored

    monkeypatch.setattr(restore, "restore_sqlite", lossy_database)
    monkeypatch.setattr(restore, "restore_media", damaged_media)
    result = restore.rehearse(database_url=f"sqlite:///{database}", media_root=media, workdir=tmp_path / "work")
    assert not result.ok
    users = User.objects.count()
    assert result.table_differences["accounts_user"] == (users, users - 1)
    assert "django_migrations" in result.table_differences
    assert result.file_differences == ["publishing/foto.jpg"]
    assert result.migrate_check != 0
    assert "restore rehearsal: FAILED" in result.report()


@pytest.mark.postgres
def test_postgres_restore_has_every_row_and_file(province, tmp_path):
    _secrets(province)
    media = _media(tmp_path)
    result = restore.rehearse(
        database_url=_postgres_url(), media_root=media, workdir=tmp_path / "work", secret_key=settings.SECRET_KEY
    )
    assert result.ok, result.report()
    assert result.unreadable_secrets == 0
    assert result.source_counts["accounts_user"] == User.objects.count() > 0
    assert result.source_counts["monitoring_item"] == result.restored_counts["monitoring_item"]
    assert len(result.restored_files) == 2
    assert result.migrate_check == 0
    with connection.cursor() as cursor:  # the rehearsal's database is dropped afterwards
        cursor.execute("SELECT 1 FROM pg_database WHERE datname LIKE %s", ["%_restore_rehearsal"])
        assert cursor.fetchone() is None


@pytest.mark.sqlite
def test_rehearsal_reports_secrets_the_keys_do_not_open(province, tmp_path, monkeypatch):
    """Restored with another SECRET_KEY (the key was not kept with the back-up): the stored secrets are lost."""
    monkeypatch.delenv("PRESSDESK_CREDENTIALS_KEY", raising=False)
    monkeypatch.delenv("PRESSDESK_CREDENTIALS_KEY_FILE", raising=False)
    _secrets(province)
    database = _sqlite_file(tmp_path)
    result = restore.rehearse(
        database_url=f"sqlite:///{database}",
        media_root=_media(tmp_path),
        workdir=tmp_path / "work",
        secret_key="another-secret-key-" + "x" * 40,
    )
    assert not result.ok
    assert result.unreadable_secrets == 2  # the source password and the channel's credentials
    assert "do not decrypt: 2" in result.report()
