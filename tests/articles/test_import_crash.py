"""Kill an import with SIGKILL half way, run it again, and find every story exactly once."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STORIES = 1500


def write_corpus(path: Path) -> None:
    with path.open("w") as file:
        for n in range(STORIES):
            item = {
                "uri": f"urn:crash:{n}",
                "version": "1",
                "headlines": [{"value": f"Harbour story number {n}"}],
                "bodies": [{"contentType": "text/html", "value": f"<p>Paragraph {n}.</p>"}],
                "by": f"Writer {n % 7} Marlow and Writer {n % 5} Ekberg",
                "subjects": [{"name": f"Topic {n % 11}"}, {"name": f"Place {n % 13}"}],
            }
            file.write(json.dumps(item) + "\n")


def manage(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def story_rows(database: Path) -> list[tuple[str, int, int]]:
    """Each article's external id with its byline and tag counts, read with plain sqlite3."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=20) as connection:
        return connection.execute(
            """
            SELECT a.external_id,
                   (SELECT COUNT(*) FROM articles_byline b WHERE b.article_id = a.id),
                   (SELECT COUNT(*) FROM articles_taggedarticle t WHERE t.content_object_id = a.id)
            FROM articles_article a
            """
        ).fetchall()


def without_related_lists(database: Path) -> tuple[int, int]:
    """Stories with no related list, and stories still waiting for theirs."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=20) as connection:
        bare = connection.execute(
            """
            SELECT COUNT(*) FROM articles_article a WHERE NOT EXISTS
                (SELECT 1 FROM articles_relatedarticle r WHERE r.article_id = a.id)
            """
        ).fetchone()[0]
        pending = connection.execute("SELECT COUNT(*) FROM articles_relatedpending").fetchone()
        return bare, pending[0]


def count_stories(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=20) as connection:
            return connection.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.fixture
def sqlite_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {"SQLITE_PATH": str(tmp_path / "crash.sqlite3"), "DJANGO_MEDIA_ROOT": str(tmp_path)}
    migrate = manage("migrate", "--noinput", env=env)
    assert migrate.wait(timeout=120) == 0, migrate.stderr.read().decode()
    return env


def test_an_import_killed_mid_run_completes_on_the_next_run(tmp_path, sqlite_env):
    corpus = tmp_path / "wire.jsonl"
    write_corpus(corpus)
    database = Path(sqlite_env["SQLITE_PATH"])

    first = manage("import_stories", str(corpus), env=sqlite_env)
    deadline = time.monotonic() + 60
    while count_stories(database) < 100 and first.poll() is None:
        assert time.monotonic() < deadline, "the import never got going"
        time.sleep(0.01)
    workers = children(first.pid)
    first.send_signal(signal.SIGKILL)
    first.wait()

    killed = story_rows(database)
    assert 100 <= len(killed) < STORIES, "the kill did not land mid-run"
    # No half stories: every story there has both its bylines and both its tags.
    assert {(bylines, tags) for _, bylines, tags in killed} == {(2, 2)}
    # Nor a reading worker left running on its own.
    if Path("/proc").is_dir():
        assert workers, "the import read its stories in no worker"
        deadline = time.monotonic() + 10
        while any(map(running, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(running, workers)), "the reading worker outlived the import"

    second = manage("import_stories", str(corpus), env=sqlite_env)
    assert second.wait(timeout=300) == 0, second.stderr.read().decode()

    rows = story_rows(database)
    assert sorted(external_id for external_id, _, _ in rows) == sorted(
        f"urn:crash:{n}" for n in range(STORIES)
    )
    assert {(bylines, tags) for _, bylines, tags in rows} == {(2, 2)}
    # The killed run's stories never reached its related pass: the second run did it.
    assert without_related_lists(database) == (0, 0)
