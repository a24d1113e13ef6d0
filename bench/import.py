"""Import a generated ninjs JSON Lines corpus into a fresh SQLite file and print the rates.

    .venv/bin/python bench/import.py [--stories 10000] [--skip-reimport]

The corpus has 1,000 contributors, 5,000 people and 2,000 tags; each story has 1 to 3
bylines, 2 to 6 tags and 0 to 4 people, who are also named in its body, so byline, tag
and people linking and mention detection all run.
"""

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "harbour", "council", "ferry", "crossing", "tide", "pier", "budget", "vote", "winter",
    "crews", "rota", "bridge", "storm", "lighthouse", "market", "timetable", "engineers",
    "dredger", "breakwater", "quay", "licence", "tender", "report",
)  # fmt: skip
FIRST = (
    "Ada", "Bram", "Cleo", "Dara", "Eli", "Fenna", "Gus", "Hana", "Ivo", "Juno", "Kai", "Lena",
    "Milo", "Nina", "Otto", "Pia", "Quin", "Rosa", "Sami", "Tove", "Uma", "Vik", "Wren", "Xavi",
    "Yara", "Zeno", "Alma", "Bodil", "Cyrus", "Dita", "Emre", "Fleur", "Gaia", "Hugo", "Inez",
    "Jonas", "Kira", "Lars", "Maren", "Nils", "Olga", "Pavel", "Ragna", "Sven", "Thea", "Ulla",
    "Vera", "Wim", "Ylva", "Zora",
)  # fmt: skip
LAST = (
    "Ekberg", "Marlow", "Quill", "Varga", "Odum", "Renner", "Lund", "Achterberg", "Brandt",
    "Castell", "Dahl", "Engel", "Falk", "Gruber", "Holm", "Ibsen", "Jansen", "Kovac", "Lorenz",
    "Moreau", "Novak", "Olsen", "Petrov", "Quast", "Rossi", "Sandoval", "Toivonen", "Urban",
    "Vidal", "Weiss", "Yilmaz", "Zeller", "Aalto", "Berger", "Costa", "Dufour", "Eklund",
    "Fischer", "Greco", "Hansen", "Iversen", "Jovanovic", "Keller", "Lindqvist", "Magnusson",
    "Nieminen", "Ortega", "Pohl", "Ruiz", "Strand", "Thorsen", "Ueda", "Valk", "Winther",
    "Young", "Zorn", "Abbas", "Bakker", "Carvalho", "Demir", "Eriksen", "Fontaine", "Gallo",
    "Haas", "Ito", "Jensen", "Kaya", "Laine", "Meyer", "Nyberg", "Okafor", "Paredes",
    "Quintero", "Rahman", "Sato", "Tanaka",
)  # fmt: skip


def names(count: int, *, offset: int) -> list[str]:
    pairs = [f"{first} {middle}. {last}" for last in LAST for first in FIRST for middle in "BJKT"]
    random.Random(offset).shuffle(pairs)
    if count > len(pairs):
        raise SystemExit(f"only {len(pairs)} distinct names")
    return pairs[:count]


def write_corpus(path: Path, stories: int) -> None:
    rng = random.Random(6)
    everyone = names(6000, offset=1)
    contributors, people = everyone[:1000], everyone[1000:6000]
    tags = [f"{rng.choice(WORDS).title()} {n}" for n in range(2000)]
    with path.open("w") as file:
        for n in range(stories):
            named = rng.sample(people, rng.randint(0, 4))
            paragraphs = []
            for p in range(4):
                words = " ".join(rng.choice(WORDS) for _ in range(40))
                quote = f" “We will decide,” {named[p]} said." if p < len(named) else ""
                paragraphs.append(f"<p>The {words}.{quote}</p>")
            item = {
                "uri": f"urn:bench:story:{n}",
                "type": "text",
                "version": "1",
                "versionCreated": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00Z",
                "pubStatus": "usable",
                "headlines": [{"role": "main", "value": f"The {rng.choice(WORDS)} story {n}"}],
                "bodies": [{"contentType": "text/html", "value": "".join(paragraphs)}],
                "people": [{"name": person} for person in named]
                + [
                    {"name": c, "rel": "author"}
                    for c in rng.sample(contributors, rng.randint(1, 3))
                ],
                "subjects": [{"name": tag} for tag in rng.sample(tags, rng.randint(2, 6))],
            }
            file.write(json.dumps(item) + "\n")


def timed_import(corpus: Path) -> tuple[float, float, dict]:
    """Seconds for the whole import, seconds of them in its related-lists pass, counts."""
    from articles.importers.report import ImportReport
    from articles.importers.runner import import_paths
    from articles.importers.store import StoryStore

    related = 0.0
    update = StoryStore.related_update

    def timed_update(store: StoryStore) -> None:
        nonlocal related
        started = time.perf_counter()
        update(store)
        related = time.perf_counter() - started

    StoryStore.related_update = timed_update
    try:
        started = time.perf_counter()
        report = import_paths(paths=[corpus], report=ImportReport(keep_items=False))
        return time.perf_counter() - started, related, report.counts()
    finally:
        StoryStore.related_update = update


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--skip-reimport", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the corpus and database.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    try:
        run(work, args)
    finally:
        if not args.keep:
            shutil.rmtree(work)


class Footprint(threading.Thread):
    """The peak of this process's and its children's memory together, sampled.

    Summed as PSS, which splits the pages the worker shares with us since the fork between
    the two, so none is counted twice. Linux only: elsewhere it stays at 0.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0

    def run(self) -> None:
        while True:
            pids = [os.getpid(), *self._children()]
            self.peak_mb = max(self.peak_mb, sum(map(self._pss_mb, pids)))
            time.sleep(0.1)

    @staticmethod
    def _children() -> list[int]:
        try:
            return [
                int(pid)
                for pid in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
                .read_text()
                .split()
            ]
        except OSError:
            return []

    @staticmethod
    def _pss_mb(pid: int) -> float:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            return 0.0
        line = next((line for line in rollup.splitlines() if line.startswith("Pss:")), "Pss: 0")
        return int(line.split()[1]) / 1024


def run(work: Path, args: argparse.Namespace) -> None:
    os.environ["SQLITE_PATH"] = str(work / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    corpus = work / "corpus.jsonl"
    write_corpus(corpus, args.stories)
    size = corpus.stat().st_size / 2**20
    print(f"corpus: {args.stories} stories, {size:.1f} MB of ninjs JSON Lines in {work}")

    footprint = Footprint()
    footprint.start()
    seconds, related, counts = timed_import(corpus)
    rate = args.stories / seconds
    print(f"first import: {seconds:.1f} s, {rate:.0f} stories/s  {counts}")
    print(f"  of which the related-lists pass: {related:.1f} s")
    if not args.skip_reimport:
        seconds, _, counts = timed_import(corpus)
        rate = args.stories / seconds
        print(f"unchanged re-import: {seconds:.1f} s, {rate:.0f} stories/s  {counts}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB; the reading worker's: {worker:.0f} MB")
    print(f"peak memory of both together (PSS, sampled): {footprint.peak_mb:.0f} MB")

    from articles.models import Article, Mention

    print(f"rows: {Article.objects.count()} articles, {Mention.objects.count()} mentions")


if __name__ == "__main__":
    main()
