"""The related block of an article page: queries and latency at two corpus sizes.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/related_page.py --wipe

For each size (10,000 then 100,000 stories by default) it builds the corpus
(bench/people_corpus.py, so it wipes the database), then reads the related block of random
published stories with the same query the article page uses, and requests whole article
pages through Django's test client. It prints, per size, the block's query count, its median
latency through the ORM and inside PostgreSQL (EXPLAIN ANALYZE), and the whole page's median:
the block must stay one query and not slow down with size.
"""

import argparse
import os
import random
import statistics
import time

# Pages render without collectstatic, as in development.
os.environ.setdefault("NEWSROOM_PLAIN_STATIC", "1")

import people_corpus  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(reads: int) -> dict[str, float]:
    rng = random.Random(3)
    # The first few stories of the corpus have nothing before them to be related to.
    ids = list(Article.objects.published().filter(pk__gt=100).values_list("pk", flat=True))
    articles = list(Article.objects.in_bulk(rng.sample(ids, reads)).values())
    queries = []
    for article in articles:  # a first pass warms the database's cache, and counts queries
        with CaptureQueriesContext(connection) as captured:
            related = list(Article.objects.published().related_for(article))
        queries.append(len(captured.captured_queries))
        assert related, f"story {article.pk} has no related block"
    # The best of three passes: the machine may be busy with something else.
    block_ms = min(median_ms([_timed_block(a) for a in articles]) for _ in range(3))
    database_ms = statistics.median(_executed_ms(a) for a in articles[:200])
    client = Client()
    pages = articles[:200]
    for article in pages:
        assert client.get(article.get_absolute_url(), secure=True).status_code == 200
    page_ms = min(median_ms([_timed_page(client, a) for a in pages]) for _ in range(3))
    return {
        "block_queries": max(queries),
        "block_ms": block_ms,
        "database_ms": database_ms,
        "page_ms": page_ms,
    }


def _timed_block(article: Article) -> float:
    started = time.perf_counter()
    list(Article.objects.published().related_for(article))
    return time.perf_counter() - started


def _timed_page(client: Client, article: Article) -> float:
    started = time.perf_counter()
    client.get(article.get_absolute_url(), secure=True)
    return time.perf_counter() - started


def _executed_ms(article: Article) -> float:
    """The block query's time inside PostgreSQL, from EXPLAIN ANALYZE."""
    plan = Article.objects.published().related_for(article).explain(analyze=True)
    return float(plan.rsplit("Execution Time:", 1)[1].split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--reads", type=int, default=1000, help="blocks read per size")
    parser.add_argument("--wipe", action="store_true", help="required: rebuilds the corpus")
    args = parser.parse_args()
    if not args.wipe:
        parser.error("this replaces every story and person in the database: pass --wipe")
    rows = []
    for size in args.sizes:
        people_corpus.corpus_generate(stories=size, people=args.people)
        rows.append((size, measure(args.reads)))
    print(f"{'stories':>10} {'block queries':>14} {'block (ORM)':>12} {'in database':>12} "
          f"{'article page':>13}")  # fmt: skip
    for size, figures in rows:
        print(f"{size:>10,} {figures['block_queries']:>14} {figures['block_ms']:>9.2f} ms "
              f"{figures['database_ms']:>9.3f} ms {figures['page_ms']:>10.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
