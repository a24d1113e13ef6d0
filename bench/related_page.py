"""The related block of an article page: queries and latency at two corpus sizes.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/related_page.py --wipe

For each size (10,000 then 100,000 stories by default) it builds the corpus
(bench/people_corpus.py, so it wipes the database), then reads the related block of random
published stories with the same query the article page uses, and requests whole article
pages through Django's test client. It prints the block's query count and median latency,
and the page's, per size: the block must stay one query and not slow down with size.
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
    articles = Article.objects.in_bulk(rng.sample(ids, reads))
    block_times, queries = [], []
    for article in articles.values():
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            related = list(Article.objects.published().related_for(article))
            block_times.append(time.perf_counter() - started)
        queries.append(len(captured.captured_queries))
        assert related, f"story {article.pk} has no related block"
    client = Client()
    page_times = []
    for article in list(articles.values())[:200]:
        started = time.perf_counter()
        response = client.get(article.get_absolute_url(), secure=True)
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {
        "block_queries": max(queries),
        "block_ms": median_ms(block_times),
        "page_ms": median_ms(page_times),
    }


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
    print(f"{'stories':>10} {'block queries':>14} {'block median':>13} {'page median':>12}")
    for size, figures in rows:
        print(f"{size:>10,} {figures['block_queries']:>14} {figures['block_ms']:>10.2f} ms "
              f"{figures['page_ms']:>9.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
