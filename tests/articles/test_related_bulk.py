"""Related lists worked out in bulk (imports, the rebuild command) are the lists each story
would get on its own, however the batches fall."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.models import Article, RelatedArticle, RelatedPending
from articles.related import (
    related_lists_rebuild,
    related_pending_add,
    related_pending_refresh,
    related_refresh,
    related_refresh_all,
)
from people.models import Person
from tests.factories import ArticleFactory, MentionFactory, PersonFactory, SectionFactory

pytestmark = pytest.mark.django_db

# One fixed clock for every story: stories three apart in the archive are exactly the
# window's 60 days apart, and a second boundary crossed between two `now()` calls would put
# one pair either side of it.
TODAY = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


def story(headline, *, days_ago, people=(), tags=(), status="published", **kwargs) -> Article:
    article = ArticleFactory(
        headline=headline,
        status=status,
        published_at=TODAY - timedelta(days=days_ago),
        tags=list(tags),
        **kwargs,
    )
    for person in people:
        MentionFactory(article=article, person=person)
    return article


def lists() -> dict[str, list[tuple[str, float, str]]]:
    rows = RelatedArticle.objects.select_related("article", "related")
    found: dict[str, list] = {}
    for row in rows.order_by("article__headline", "-score", "related__headline"):
        entry = (row.related.headline, round(row.score, 9), row.reason)
        found.setdefault(row.article.headline, []).append(entry)
    return found


def titles(entries) -> list[str]:
    return [title for title, _, _ in entries]


@pytest.fixture
def archive(settings):
    """Stories over two years, so the 60-day window slides and jumps, with a section, two
    people and tags shared in overlapping runs; one story shares only with stories far
    away in time, and a draft shares everything."""
    settings.RELATED_STORED = 3
    settings.RELATED_OFFERED = 6
    section = SectionFactory()
    mayor, minister = PersonFactory(name="Lena Marlow"), PersonFactory(name="Otto Quill")
    stories = []
    for n in range(14):
        stories.append(
            story(
                f"Harbour {n:02d}",
                days_ago=700 - n * 20 - (300 if n > 9 else 0),
                people=[mayor] if n % 3 == 0 else [minister] if n % 3 == 1 else [],
                tags=["harbour", f"vote-{n % 4}"] + (["ferry"] if n % 2 else []),
                section=section if n % 2 else None,
            )
        )
    stories.append(story("Lonely ferry", days_ago=10, tags=["ferry-history", "harbour"]))
    draft = story("Draft", days_ago=5, people=[mayor, minister], tags=["harbour"], status="draft")
    stories.append(draft)
    return stories


def test_bulk_lists_are_the_lists_each_story_gets_on_its_own(archive):
    related_lists_rebuild(articles=Article.objects.published_or_scheduled())
    expected = lists()
    RelatedArticle.objects.all().delete()

    related_refresh_all(ids=[article.pk for article in archive], batch_size=2)

    assert lists() == expected
    assert "Draft" not in expected
    assert all("Draft" not in titles(entries) for entries in expected.values())
    assert expected["Lonely ferry"]  # found its candidates in all time, past the window


def test_bulk_refresh_offers_new_stories_to_the_lists_already_stored(archive):
    related_lists_rebuild(articles=Article.objects.published_or_scheduled())
    mayor = Person.objects.get(name="Lena Marlow")
    newcomer = story(
        "Harbour vote result", days_ago=590, people=[mayor], tags=["harbour", "vote-1", "ferry"]
    )

    related_refresh_all(ids=[newcomer.pk])

    found = lists()
    entered = {title for title, entries in found.items() if newcomer.headline in titles(entries)}
    assert {"Harbour 05", "Harbour 06"} <= entered  # three tags; the mayor, ten days apart
    assert titles(found[newcomer.headline])[:2] == ["Harbour 06", "Harbour 05"]


def test_a_story_taken_down_before_a_bulk_refresh_leaves_every_list(archive):
    related_lists_rebuild(articles=Article.objects.published_or_scheduled())
    gone = archive[5]
    Article.objects.filter(pk=gone.pk).update(status=Article.Status.DRAFT)

    related_refresh_all(ids=[gone.pk])

    assert not RelatedArticle.objects.filter(related=gone).exists()
    assert not RelatedArticle.objects.filter(article=gone).exists()
    # The lists it left took their next best.
    assert all(len(entries) == 3 for title, entries in lists().items() if title != "Lonely ferry")


def test_bulk_and_single_refresh_agree_on_a_fresh_publication(archive):
    related_refresh_all(ids=[article.pk for article in archive], batch_size=3)
    by_bulk = lists()
    RelatedArticle.objects.all().delete()

    for article in sorted(archive, key=lambda a: a.published_at):
        related_refresh(article=article)

    assert lists() == by_bulk


def test_stories_left_pending_by_a_killed_run_get_their_lists_on_the_next(archive):
    waiting = [article.pk for article in archive]
    related_pending_add(ids=waiting)  # what a run writes with its stories, before it is killed
    assert not RelatedArticle.objects.exists()

    assert related_pending_refresh() == len(waiting)

    assert len(lists()) == 15  # every published story, the draft excepted
    assert not RelatedPending.objects.exists()
    assert related_pending_refresh() == 0
