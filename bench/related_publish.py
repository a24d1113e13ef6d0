"""Related-list upkeep when one story is published: median and slowest times.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/related_publish.py

Needs the corpus (bench/people_corpus.py). Publishes drafts of the corpus one at a time
(status, save and `related_refresh()`: the story's own list plus the lists it enters), each
inside a transaction rolled back afterwards, so every run starts from the same corpus, and
each three times, keeping the best. Reports the related-list update alone and the whole
publish.
"""

import argparse
import statistics
import time

import people_corpus
from django.db import transaction

from articles.models import Article
from articles.related import related_refresh


class Rollback(Exception):
    pass


def timed_publish(article: Article) -> tuple[float, float, int]:
    """(related update ms, whole publish ms, lists entered), then undone."""
    try:
        with transaction.atomic():
            started = time.perf_counter()
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or article.created_at
            article.save()
            saved = time.perf_counter()
            related_refresh(article=article)
            done = time.perf_counter()
            entered = article.related_from.count()
            raise Rollback
    except Rollback:
        pass
    return (done - saved) * 1000, (done - started) * 1000, entered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="how many drafts to publish")
    args = parser.parse_args()
    stories, people = people_corpus.corpus_size()
    drafts = list(Article.objects.filter(status=Article.Status.DRAFT).order_by("pk"))
    step = max(1, len(drafts) // args.count)
    sample = drafts[::step][: args.count]
    timed_publish(sample[0])  # warm the connection and caches

    # Each draft is published three times (rolled back between): its best time is its cost,
    # the others include whatever else the machine was doing.
    runs = [min(timed_publish(article) for _ in range(3)) for article in sample]
    updates, publishes, entered = zip(*runs, strict=True)

    print(f"Corpus: {stories:,} stories, {people:,} people")
    print(f"Published one at a time: {len(sample)} drafts")
    print(f"Related-list update: median {statistics.median(updates):.1f} ms, "
          f"90th percentile {statistics.quantiles(updates, n=10)[-1]:.1f} ms, "
          f"slowest {max(updates):.1f} ms")  # fmt: skip
    print(f"Whole publish (save + update): median {statistics.median(publishes):.1f} ms")
    print(f"Lists each story entered: median {statistics.median(entered):.0f}")


if __name__ == "__main__":
    main()
