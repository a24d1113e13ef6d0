"""Reading stories for people and quotes as an import does: CPU seconds per 10,000 stories.

    .venv/bin/python bench/import.py --stories 10000 --skip-reimport --keep
    .venv/bin/python bench/people_analyse.py /tmp/newsroom-bench-…/bench.sqlite3

Works on a copy of the database `bench/import.py --keep` leaves behind. Each batch of 1,000
stories first loses what reading wrote (detected mentions, quotes, flags, proposal links),
then goes through `articles_analyse` with the matcher rebuilt, as an import's first reading
of a new batch does, inside a transaction rolled back afterwards. Each part is timed by
wrapping its function; the best of `--repeat` passes over all batches is kept.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PARTS = (
    "people_matcher", "article_blocks", "detect", "extract_quotes", "_mentions_sync",
    "_ambiguous_sync", "_proposals_sync", "_quotes_sync",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path, help="bench.sqlite3 from bench/import.py --keep")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsroom-analyse-"))
    try:
        shutil.copy(args.database, work / "bench.sqlite3")
        os.environ["SQLITE_PATH"] = str(work / "bench.sqlite3")
        os.environ.pop("DATABASE_URL", None)
        run(args.repeat)
    finally:
        shutil.rmtree(work)


def run(repeat: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from articles.models import Article

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    batches = [ids[at : at + 1000] for at in range(0, len(ids), 1000)]
    spent = _timed_parts()
    best: tuple[float, dict[str, float]] | None = None
    for _ in range(repeat):
        spent.clear()
        total = sum(_read_batch(batch) for batch in batches)
        if best is None or total < best[0]:
            best = (total, dict(spent))
    total, parts = best
    per_10k = 10_000 / len(ids)
    load = os.getloadavg()[0]
    print(f"Stories: {len(ids):,} in {len(batches)} batches; load average {load:.1f}")
    print(f"articles_analyse: {total * per_10k:.2f} s CPU per 10,000 stories")
    for name in sorted(parts, key=parts.get, reverse=True):
        print(f"  {name:16} {parts[name] * per_10k:.2f} s")
    print(f"  {'the rest':16} {(total - sum(parts.values())) * per_10k:.2f} s")


def _read_batch(batch: list[int]) -> float:
    """CPU seconds of one batch's first reading, undone afterwards."""
    from django.db import transaction

    from articles.models import Article, Mention
    from people import matcher
    from people.analysis import articles_analyse
    from people.models import AmbiguousMention, PersonProposal, Quote

    articles = list(
        Article.objects.filter(pk__in=batch).select_related("lead_image").order_by("pk")
    )
    with transaction.atomic():
        Quote.objects.filter(article__in=batch).delete()
        AmbiguousMention.objects.filter(article__in=batch).delete()
        PersonProposal.articles.through.objects.filter(article__in=batch).delete()
        Mention.objects.filter(article__in=batch, origin=Mention.Origin.DETECTED).delete()
        matcher._built = None  # rebuilt from scratch: an import's batch adds people, so rebuilds it
        started = time.process_time()
        articles_analyse(articles=articles)
        elapsed = time.process_time() - started
        transaction.set_rollback(True)
    return elapsed


def _timed_parts() -> dict[str, float]:
    """Wrap each part of `articles_analyse` with a CPU timer; returns the running totals."""
    from people import analysis

    spent: dict[str, float] = defaultdict(float)

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started

        return wrapper

    for name in PARTS:
        setattr(analysis, name, timed(name, getattr(analysis, name)))
    return spent


if __name__ == "__main__":
    main()
