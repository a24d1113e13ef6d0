import pytest
from django.db import connection


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite tuning only applies to the embedded database")
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        busy_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()[0]

    # The in-memory test database cannot use WAL; a file database does (checked below).
    assert journal_mode in {"wal", "memory"}
    assert busy_timeout >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_file_database_is_put_in_wal_mode(tmp_path, settings, django_db_blocker):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite tuning only applies to the embedded database")
    from django.db.backends.sqlite3.base import DatabaseWrapper

    options = settings.DATABASES["default"]["OPTIONS"]
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(tmp_path / "x.db")})
    wrapper.settings_dict.setdefault("OPTIONS", options)
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        wrapper.close()
