"""Mention detection and quote extraction, stories per second on one core.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/people_detection.py

Uses the registry of the generated corpus (bench/people_corpus.py: 20,000 people with three
aliases each). The stories are written here, about 800 words each, naming registered people
by full name, title, surname and alias, and quoting them in every form the extractor reads.
Only the reading is timed, in CPU seconds of this process: `detect()` and `extract_quotes()`,
no database. The best of three passes is kept, so other work on the machine does not count.
"""

import argparse
import random
import statistics
import time

import people_corpus  # noqa: F401  (sets up Django)

from people.detection import detect
from people.matcher import matcher_build
from people.models import Person
from people.quotes import extract_quotes

FILLER = (
    "The council met late into the evening to discuss the budget for the coming year",
    "Residents along the estuary have complained for months about the state of the roads",
    "Officials said the figures would be published once the auditors had finished their work",
    "The ferry company has asked for a longer contract before it orders new vessels",
    "Several members of the committee questioned whether the plan could be paid for",
    "Work on the sea wall is expected to continue through the winter if the weather allows",
    "Traders at the market said the new parking rules had already cost them customers",
    "The report, which runs to more than two hundred pages, makes forty recommendations",
)
QUOTES = (
    "We have to be honest with people about what this will cost and who will pay for it",
    "Nobody in this building wanted to see the night crossing go",
    "The figures speak for themselves and we will publish every one of them",
    "I have spent my whole career on this coast and I have never seen a winter like it",
)


def story_paragraphs(rng: random.Random, people: list[tuple[str, str, str]]) -> list[str]:
    """About 800 words in 22 paragraphs, as wire copy runs: four people named by title, full
    name and surname, ten quotations in every form, and narrative that reports speech too."""
    cast = rng.sample(people, 4)
    paragraphs = []

    def filler(sentences: int) -> str:
        return ". ".join(rng.choice(FILLER) for _ in range(sentences)) + "."

    for i, (name, office, surname) in enumerate(cast):
        paragraphs += [
            f"{office} {name} arrived at the harbour office on Tuesday. {filler(3)}",
            f"{surname} said, “{rng.choice(QUOTES)}.”",
            f"{filler(3)}",
            f"He added, “{rng.choice(QUOTES)}.”"
            if i % 2
            else f"“{rng.choice(QUOTES)},” said {name}. {filler(1)}",
            f"{filler(3)} The {office.lower()} said it was “unusual” and left.",
        ]
    paragraphs[3:3] = [
        f"“{rng.choice(QUOTES)}. {rng.choice(QUOTES)}.",  # a quote over two paragraphs
        f"“{rng.choice(QUOTES)},” {cast[0][2]} told reporters.",
    ]
    return paragraphs


def read_all(stories: list[list[str]], matcher) -> float:
    """CPU seconds to read every story: who is named, and every quote with its speaker."""
    started = time.process_time()
    for paragraphs in stories:
        extract_quotes(detect(["Headline", *paragraphs], matcher=matcher), first_block=1)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=5000, help="how many stories to read")
    args = parser.parse_args()

    started = time.perf_counter()
    matcher = matcher_build()
    built = time.perf_counter() - started
    rng = random.Random(7)
    people = [
        (name, office, name.split()[-1])
        for name, office in Person.objects.values_list("name", "office").order_by("pk")[:20000]
    ]
    stories = [story_paragraphs(rng, people) for _ in range(args.stories)]
    words = statistics.mean(len(" ".join(story).split()) for story in stories)

    # The best of three passes: what a core costs, not what else the machine was doing.
    elapsed = min(read_all(stories, matcher) for _ in range(3))
    found_people = found_quotes = 0
    for paragraphs in stories[:500]:
        detection = detect(["Headline", *paragraphs], matcher=matcher)
        found_people += len(detection.people)
        found_quotes += len(extract_quotes(detection, first_block=1))

    print(f"Registry: {len(matcher.names):,} people, {len(matcher.forms):,} names and aliases")
    print(f"Matcher built in {built:.2f} s (database read included)")
    print(f"Stories: {len(stories):,} of {words:.0f} words on average")
    print(f"Found: {found_people / 500:.1f} people, {found_quotes / 500:.1f}"
          " quotes per story")  # fmt: skip
    print(f"Detection + quote extraction: {len(stories) / elapsed:,.0f} stories/s on one core "
          f"({elapsed / len(stories) * 1000:.3f} ms per story)")  # fmt: skip


if __name__ == "__main__":
    main()
