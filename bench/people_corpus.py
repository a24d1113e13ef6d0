"""A generated newsroom for the people-graph benchmarks: people with aliases and offices,
stories that mention them and share tags, and precomputed related lists.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/people_corpus.py --wipe \
        --stories 100000 --people 20000

Wipes the stories and people of the database it is pointed at: use a scratch database.
Bulk SQL (PostgreSQL's generate_series) makes 100,000 stories in seconds.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from people.matcher import matcher_invalidate  # noqa: E402
from people.models import Alias, Office, Person  # noqa: E402

SEED = 20250117
SECTIONS = 12
TAGS = 500
MENTIONS_PER_STORY = 4
TAGS_PER_STORY = 3
RELATED_PER_STORY = 10
DRAFT_EVERY = 100  # one story in a hundred is a draft, ready to be published by a benchmark
OFFICES = (
    "Prime Minister", "Foreign Minister", "Finance Minister", "Mayor", "Governor",
    "Ambassador", "Secretary of State", "President", "Chief Executive", "Harbour Master",
)  # fmt: skip

_ONSETS = ["b", "br", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "st"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
_CODAS = ["", "n", "r", "s", "l", "m", "rt", "nd", "k"]


def invented_word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rng.choice(_CODAS)).capitalize()


def invented_names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """`count` distinct (first, last) names; surnames repeat, as they do in real life."""
    firsts = sorted({invented_word(rng, rng.randint(1, 2)) for _ in range(400)})
    lasts = sorted({invented_word(rng, rng.randint(2, 3)) for _ in range(3000)})
    names: set[tuple[str, str]] = set()
    while len(names) < count:
        names.add((rng.choice(firsts), rng.choice(lasts)))
    return sorted(names)


def people_generate(count: int) -> None:
    """People with three aliases each (surname, initial and surname, a short first name)
    and an office; bulk inserts through the ORM, about 100,000 rows."""
    rng = random.Random(SEED)
    names = invented_names(count, rng)
    Person.objects.bulk_create(
        (
            Person(name=f"{first} {last}", slug=f"p{n}-{first}-{last}".lower(), office=office)
            for n, (first, last) in enumerate(names)
            for office in [rng.choice(OFFICES)]
        ),
        batch_size=5000,
    )
    people = Person.objects.values_list("pk", "name", "office")
    aliases, offices = [], []
    for pk, name, office in people.iterator(5000):
        first, last = name.split(" ", 1)
        for alias in (last, f"{first[0]}. {last}", f"{first[:3]} {last}"):
            aliases.append(Alias(person_id=pk, name=alias))
        offices.append(Office(person_id=pk, title=office))
    Alias.objects.bulk_create(aliases, batch_size=10000, ignore_conflicts=True)
    Office.objects.bulk_create(offices, batch_size=10000)


# People are skewed: power(random(), 3) puts most mentions on a few hundred names, as news
# does, while every person appears somewhere.
_STORIES_SQL = [
    """
    INSERT INTO articles_section (name, slug, description)
    SELECT 'Section ' || n, 'section-' || n, '' FROM generate_series(1, %(sections)s) n
    """,
    """
    INSERT INTO taggit_tag (name, slug)
    SELECT 'topic ' || n, 'topic-' || n FROM generate_series(1, %(tags)s) n
    """,
    """
    INSERT INTO articles_article (
        headline, slug, dek, body, section_id, status, published_at, first_published_at,
        created_at, updated_at, source_url, import_source, external_id, import_checksum,
        import_digest, version
    )
    SELECT
        'Generated story ' || n, 'generated-story-' || n, 'A generated story.',
        '<p>Generated story ' || n || '.</p>',
        (SELECT min(id) FROM articles_section) + n %% %(sections)s,
        CASE WHEN n %% %(draft_every)s = 0 THEN 'draft' ELSE 'published' END,
        CASE WHEN n %% %(draft_every)s = 0 THEN NULL
             ELSE now() - (%(stories)s - n) * interval '15 minutes' END,
        CASE WHEN n %% %(draft_every)s = 0 THEN NULL
             ELSE now() - (%(stories)s - n) * interval '15 minutes' END,
        now(), now(), '', '', '', '', '', 0
    FROM generate_series(1, %(stories)s) n
    """,
    """
    INSERT INTO articles_mention (article_id, person_id, origin)
    SELECT DISTINCT a.id, p.first + floor(power(random(), 3) * p.total)::int, 'detected'
    FROM articles_article a
    CROSS JOIN generate_series(1, %(mentions)s)
    CROSS JOIN (SELECT min(id) AS first, count(*) AS total FROM people_person) p
    """,
    """
    INSERT INTO articles_taggedarticle (content_object_id, tag_id)
    SELECT DISTINCT a.id, t.first + floor(power(random(), 2) * t.total)::int
    FROM articles_article a
    CROSS JOIN generate_series(1, %(tags_per_story)s)
    CROSS JOIN (SELECT min(id) AS first, count(*) AS total FROM taggit_tag) t
    """,
    # Precomputed lists for every published story: ten stories from the days before, scored
    # low, so a newly published story outscores them all and enters every list offered: the
    # dearest case for the update, and what they contain does not matter for reading them.
    """
    INSERT INTO articles_relatedarticle (
        article_id, related_id, score, reason, is_pinned, position
    )
    SELECT a.id, r.id, 10.0 - k, 'Shares 1 tag', false, 0
    FROM articles_article a
    CROSS JOIN generate_series(1, %(related)s) k
    JOIN articles_article r ON r.id = a.id - k * 7 AND r.status = 'published'
    WHERE a.status = 'published'
    """,
]


def stories_generate(count: int) -> None:
    params = {
        "sections": SECTIONS,
        "tags": TAGS,
        "stories": count,
        "draft_every": DRAFT_EVERY,
        "mentions": MENTIONS_PER_STORY,
        "tags_per_story": TAGS_PER_STORY,
        "related": RELATED_PER_STORY,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        for sql in _STORIES_SQL:
            cursor.execute(sql, params)


def corpus_generate(*, stories: int, people: int) -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark corpus is made with PostgreSQL SQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, people_person, taggit_tag, articles_section "
            "RESTART IDENTITY CASCADE"
        )
        people_generate(people)
        stories_generate(stories)
    # As autovacuum would in time: statistics, and the visibility map index-only scans need.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    matcher_invalidate()


def corpus_size() -> tuple[int, int]:
    from articles.models import Article

    return Article.objects.count(), Person.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--wipe", action="store_true", help="required: replaces all stories")
    args = parser.parse_args()
    if not args.wipe:
        parser.error("this replaces every story and person in the database: pass --wipe")
    started = time.perf_counter()
    corpus_generate(stories=args.stories, people=args.people)
    stories, people = corpus_size()
    elapsed = time.perf_counter() - started
    print(f"Corpus: {stories:,} stories, {people:,} people, made in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
