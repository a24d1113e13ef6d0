"""Reader page speed: in-process render time and queries, then gunicorn under a bounded load.

    .venv/bin/python bench/pages.py                       # 10,000 stories, 30 s per mode
    .venv/bin/python bench/pages.py --stories 10000 100000 --seconds 30

For each corpus size it builds (or reuses) a file SQLite database, measures the uncached
article page in-process (median time, SQL queries per page), then serves the corpus with
gunicorn (2 workers) on 127.0.0.1 and loads it, uncached and then cached, reporting
requests per second and p50/p99 latency for the article, home, tag, contributor and person
pages and for a trivial Django view (/bench/ping/) served by the same gunicorn.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
KINDS = ["ping", "article", "home", "tag", "contributor", "person"]
SAMPLE = 50  # distinct URLs per page kind, so the cached run can hold them all


def server_env(db: Path, *, cached: bool) -> dict:
    return {
        **os.environ,
        "SQLITE_PATH": str(db),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "NEWSROOM_PLAIN_STATIC": "1",
        "NEWSROOM_BENCH_PING": "1",
        "NEWSROOM_PAGE_CACHE": "1" if cached else "0",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def django_here(db: Path, *, cached: bool = False) -> None:
    os.environ.update(server_env(db, cached=cached))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# Step 1, in a child process: build the corpus.


def build(db: Path, stories: int, seed: int = 7) -> None:
    django_here(db)
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article, Byline, Image, Mention, Section, TaggedArticle
    from people.models import Contributor, Outlet, Person

    call_command("migrate", verbosity=0)
    if Article.objects.count() == stories:
        print(json.dumps({"built": False}))
        return
    if Article.objects.exists():
        raise SystemExit(f"{db} holds another corpus: delete it first")
    rng = random.Random(seed)
    words = [
        *[
            "harbour",
            "ferry",
            "council",
            "vote",
            "winter",
            "budget",
            "bridge",
            "tide",
            "storm",
            "island",
            "pier",
            "mayor",
        ],
        *[
            "school",
            "tram",
            "market",
            "fishing",
            "port",
            "lighthouse",
            "festival",
            "hospital",
            "river",
            "rail",
        ],
    ]

    def sentence(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    with transaction.atomic():
        sections = Section.objects.bulk_create(
            Section(name=f"Section {n}", slug=f"section-{n}") for n in range(8)
        )
        outlets = Outlet.objects.bulk_create(
            Outlet(name=f"Outlet {n}", slug=f"outlet-{n}") for n in range(20)
        )
        contributors = Contributor.objects.bulk_create(
            Contributor(name=f"Writer {n}", slug=f"writer-{n}", outlet=rng.choice(outlets))
            for n in range(max(50, stories // 20))
        )
        people = Person.objects.bulk_create(
            Person(name=f"Person {n}", slug=f"person-{n}", office="Councillor")
            for n in range(max(100, stories // 5))
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"topic {n}", slug=f"topic-{n}") for n in range(max(50, stories // 10))
        )
        images = Image.objects.bulk_create(
            Image(caption=sentence(12), credit_line="Bench Photo Agency") for _ in range(200)
        )
        now = timezone.now()
        for start in range(0, stories, 5000):
            batch = Article.objects.bulk_create(
                Article(
                    headline=f"{sentence(8)[:-1]} {n}",
                    slug=f"story-{n}",
                    dek=sentence(20),
                    body="".join(f"<p>{sentence(40)}</p>" for _ in range(8)),
                    section=rng.choice(sections),
                    lead_image=rng.choice(images),
                    status=Article.Status.PUBLISHED,
                    # One story every seven minutes, back from now.
                    published_at=now - timedelta(minutes=n * 7),
                    first_published_at=now - timedelta(minutes=n * 7),
                )
                for n in range(start, min(stories, start + 5000))
            )
            Byline.objects.bulk_create(
                Byline(article=a, contributor=c, position=i)
                for a in batch
                for i, c in enumerate(rng.sample(contributors, rng.choice([1, 1, 2])))
            )
            Mention.objects.bulk_create(
                Mention(article=a, person=p) for a in batch for p in rng.sample(people, 2)
            )
            TaggedArticle.objects.bulk_create(
                TaggedArticle(content_object=a, tag=t) for a in batch for t in rng.sample(tags, 3)
            )
    call_command("migrate", verbosity=0)  # as a deploy would: refreshes SQLite's statistics
    print(json.dumps({"built": True}))


# Step 2, in a child process: the uncached article page in-process, and queries per page.


def sample_urls(db: Path) -> dict:
    django_here(db)
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article
    from people.models import Contributor, Person

    rng = random.Random(11)
    ids = list(Article.objects.published().values_list("pk", flat=True))
    articles = Article.objects.filter(pk__in=rng.sample(ids, min(SAMPLE, len(ids))))

    def busiest(model, relation: str) -> list[str]:
        # The subjects with the most stories: the archives that grow slow at scale.
        rows = model.objects.annotate(n=Count(relation)).order_by("-n")[:SAMPLE]
        if model is Tag:
            return [f"/tags/{tag.slug}/" for tag in rows]
        return [row.get_absolute_url() for row in rows]

    return {
        "ping": ["/bench/ping/"],
        "article": [a.get_absolute_url() for a in articles],
        "home": ["/"] + [f"/?page={n}" for n in range(2, 6)],
        "tag": busiest(Tag, "articles_taggedarticle_items"),
        "contributor": busiest(Contributor, "bylines"),
        "person": busiest(Person, "mentions"),
    }


def measure_in_process(db: Path, urls: dict) -> dict:
    django_here(db, cached=False)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    queries = {}
    for kind in KINDS[1:]:
        client.get(urls[kind][-1])  # warm the section menu and the go-live time
        with CaptureQueriesContext(connection) as captured:
            assert client.get(urls[kind][0]).status_code == 200
        queries[kind] = len(captured.captured_queries)
    medians = {}
    for kind in KINDS[1:]:
        timings = []
        for url in (urls[kind] * 200)[:200]:
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        medians[kind] = statistics.median(timings)
    return {"median_ms": medians, "queries": queries}


# Step 3: gunicorn under a bounded load.


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))] if ordered else 0.0


def load(port: int, urls: list[str], seconds: float, concurrency: int, cap: int) -> dict:
    """Requests from `concurrency` threads until `seconds` pass or `cap` requests are made."""
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(n: int) -> None:
        rng = random.Random(n)
        while time.perf_counter() < deadline:
            with lock:
                if len(latencies) + len(errors) >= cap:
                    return
            url = rng.choice(urls)
            start = time.perf_counter()
            connection = HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                connection.close()
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                (latencies if ok else errors).append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / wall,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
    }


def serve_and_load(db: Path, urls: dict, args, *, cached: bool) -> dict:
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "newsroom.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=server_env(db, cached=cached))
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        if cached:  # fill both workers' caches before measuring
            for url in [u for kind in KINDS for u in urls[kind]] * 4:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}{url}").read()
        per_kind = args.seconds / len(KINDS)
        return {
            kind: load(args.port, urls[kind], per_kind, args.concurrency, args.cap)
            for kind in KINDS
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def child(step: str, db: Path, *extra: str) -> dict:
    output = subprocess.run(
        [PYTHON, __file__, "--step", step, "--db", str(db), *extra],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def report(size: int, in_process: dict, runs: dict) -> None:
    print(f"\n== {size:,} stories")
    medians = ", ".join(f"{k} {v:.1f}" for k, v in in_process["median_ms"].items())
    print(f"in-process, uncached, median ms: {medians}")
    queries = ", ".join(f"{k} {v}" for k, v in in_process["queries"].items())
    print(f"SQL queries per page (uncached): {queries}")
    print(f"{'page':<12} {'mode':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for mode, results in runs.items():
        for kind, r in results.items():
            print(
                f"{kind:<12} {mode:<9} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p99']:>8.1f}"
                f" {r['errors']:>6}"
            )


def targets(results: dict) -> None:
    print("\n== targets")
    for size, (in_process, runs) in results.items():
        median = in_process["median_ms"]["article"]
        queries = in_process["queries"]["article"]
        print(f"{size:,}: uncached article median {median:.1f} ms < 15 ms: {median < 15}")
        print(f"{size:,}: article queries {queries} <= 8: {queries <= 8}")
        ping = runs["cached"]["ping"]["p50"]
        for kind in KINDS[1:]:
            p50 = runs["cached"][kind]["p50"]
            print(
                f"{size:,}: cached {kind} p50 {p50:.1f} ms within 2x ping {ping:.1f} ms: "
                f"{p50 <= 2 * ping}"
            )
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]][1], results[sizes[-1]][1]
        for mode in ["uncached", "cached"]:
            for kind in KINDS[1:]:
                ratio = large[mode][kind]["p99"] / max(small[mode][kind]["p99"], 0.001)
                print(
                    f"p99 {kind} {mode} at {sizes[-1]:,} / {sizes[0]:,}: {ratio:.2f} <= 1.5: "
                    f"{ratio <= 1.5}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[10_000])
    parser.add_argument("--seconds", type=float, default=30, help="load time per mode")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads")
    parser.add_argument("--cap", type=int, default=50_000, help="most requests per page kind")
    parser.add_argument("--port", type=int, default=8074)
    parser.add_argument("--dir", type=Path, default=Path("/tmp"), help="where corpora live")
    parser.add_argument("--step", choices=["build", "urls", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--urls", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.step == "build":
        return build(args.db, args.size)
    if args.step == "urls":
        return print(json.dumps(sample_urls(args.db)))
    if args.step == "measure":
        return print(json.dumps(measure_in_process(args.db, json.loads(args.urls))))

    results = {}
    for size in args.stories:
        db = args.dir / f"newsroom-bench-{size}.sqlite3"
        started = time.perf_counter()
        built = child("build", db, "--size", str(size))["built"]
        print(
            f"corpus of {size:,} stories {'built' if built else 'reused'} in {db} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        urls = child("urls", db)
        in_process = child("measure", db, "--urls", json.dumps(urls))
        runs = {
            "uncached": serve_and_load(db, urls, args, cached=False),
            "cached": serve_and_load(db, urls, args, cached=True),
        }
        report(size, in_process, runs)
        results[size] = (in_process, runs)
    targets(results)


if __name__ == "__main__":
    main()
