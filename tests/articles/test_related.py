from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, RelatedArticle, RelatedChoice
from articles.related import PINNED_REASON, related_candidates, related_refresh
from articles.services import article_unpublish, articles_publish
from tests.articles.admin_forms import change_form_data, change_url
from tests.factories import ArticleFactory, MentionFactory, PersonFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def weights(settings):
    settings.NEWSROOM_RELATED_WEIGHTS = {
        "person": 3.0,
        "tag": 1.0,
        "section": 0.5,
        "half_life_days": 30.0,
    }
    return settings.NEWSROOM_RELATED_WEIGHTS


def draft(headline: str, *, people=(), tags=(), **kwargs) -> Article:
    article = ArticleFactory(headline=headline, tags=list(tags), **kwargs)
    for person in people:
        MentionFactory(article=article, person=person)
    return article


def published(headline: str, *, people=(), tags=(), **kwargs) -> Article:
    article = draft(headline, people=people, tags=tags, **kwargs)
    articles_publish(articles=[article])
    return article


def block(client, article) -> list[str]:
    return [story.headline for story in client.get(article.get_absolute_url()).context["related"]]


# Scoring.


def test_a_shared_person_outweighs_a_shared_tag(weights):
    blinken = PersonFactory(name="Antony Blinken")
    now = timezone.now()
    section = SectionFactory()
    article = draft("Talks", people=[blinken], tags=["gaza"], published_at=now, section=section)
    draft("Same tag", tags=["gaza"], status="published", published_at=now, section=section)
    draft("Same person", people=[blinken], status="published", published_at=now)

    ranked = {Article.objects.get(pk=c.pk).headline: c.score for c in related_candidates(article)}

    assert ranked == {"Same person": 3.0, "Same tag": 1.0 + 0.5}


def test_the_score_halves_with_every_half_life_between_the_stories(weights):
    now = timezone.now()
    section = SectionFactory()
    article = draft("Talks", tags=["gaza"], section=section, published_at=now)
    draft("Month old", tags=["gaza"], section=section, status="published",
          published_at=now - timedelta(days=30))  # fmt: skip

    (candidate,) = related_candidates(article)

    assert candidate.score == pytest.approx((1.0 + 0.5) / 2)


def test_weights_come_from_settings(weights):
    weights["tag"] = 10.0
    article = draft("Talks", tags=["gaza"], section=None)
    draft("Same tag", tags=["gaza"], section=None, status="published")

    (candidate,) = related_candidates(article)

    assert candidate.score == pytest.approx(10.0, rel=0.01)


def test_drafts_are_never_candidates():
    article = draft("Talks", tags=["gaza"])
    draft("Unfinished", tags=["gaza"])

    assert related_candidates(article) == []


@pytest.mark.parametrize(
    ("people", "tags", "section", "reason"),
    [
        (["Antony Blinken"], ["a", "b"], False, "Shares Antony Blinken and 2 tags"),
        (["Antony Blinken", "Benjamin Netanyahu"], [], False,
         "Shares Antony Blinken and Benjamin Netanyahu"),
        (["Ann Lee", "Jon Berg", "Zora Beck"], ["a"], True,
         "Shares Ann Lee, Jon Berg and 1 more and 1 tag, same section"),
        ([], ["a"], True, "Shares 1 tag, same section"),
    ],
)  # fmt: skip
def test_the_reason_says_why_a_story_was_chosen(people, tags, section, reason):
    named = [PersonFactory(name=name) for name in people]
    home = SectionFactory()
    other = SectionFactory()
    article = published("Talks", people=named, tags=tags, section=home)
    published("Related", people=named, tags=tags, section=home if section else other)

    assert RelatedArticle.objects.get(article=article).reason == reason


# Kept up to date by publishing and unpublishing.


def test_publishing_a_story_puts_it_in_the_blocks_of_stories_it_shares_people_with(client):
    blinken = PersonFactory(name="Antony Blinken")
    earlier = published("Earlier talks", people=[blinken])
    unrelated = published("Bridge opens", tags=["bridges"])

    later = published("Later talks", people=[blinken])

    assert block(client, earlier) == ["Later talks"]
    assert block(client, later) == ["Earlier talks"]
    assert block(client, unrelated) == []


def test_a_story_taken_down_leaves_every_block_in_the_same_request_cycle(admin_client, client):
    blinken = PersonFactory(name="Antony Blinken")
    first = published("Ceasefire talks resume", people=[blinken])
    second = published("Hostage deal collapses", people=[blinken], tags=["gaza"])
    third = published("Aid convoy reaches Gaza", tags=["gaza"])
    assert "Hostage deal collapses" in block(client, first)
    assert "Hostage deal collapses" in block(client, third)

    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish_articles", "_selected_action": [second.pk]},
    )

    assert response.status_code == 302
    assert block(client, first) == []
    assert block(client, third) == []
    assert not RelatedArticle.objects.filter(related=second).exists()
    assert not RelatedArticle.objects.filter(article=second).exists()


def test_a_story_leaving_a_block_makes_room_for_the_next_best(client, settings):
    settings.RELATED_STORED = 1
    settings.RELATED_LIMIT = 1
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken], tags=["gaza"])
    best = published("Best match", people=[blinken], tags=["gaza"])
    published("Runner-up", tags=["gaza"])
    assert block(client, article) == ["Best match"]

    article_unpublish(article=best)

    assert block(client, article) == ["Runner-up"]


def test_a_better_story_takes_the_place_of_the_weakest(client, settings):
    settings.RELATED_STORED = settings.RELATED_LIMIT = 2
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken], tags=["gaza"])
    published("Tag only", tags=["gaza"])
    published("Person only", people=[blinken])

    published("Person and tag", people=[blinken], tags=["gaza"])

    assert block(client, article) == ["Person and tag", "Person only"]


def test_a_list_past_twice_its_size_is_trimmed_to_the_best(settings):
    settings.RELATED_STORED = 1
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken], tags=["gaza"])
    published("Tag only", tags=["gaza"])
    published("Person only", people=[blinken])

    published("Person and tag", people=[blinken], tags=["gaza"])

    (kept,) = RelatedArticle.objects.filter(article=article)
    assert kept.related.headline == "Person and tag"


def test_a_story_hidden_without_the_service_still_never_shows(client):
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken])
    other = published("Pulled story", people=[blinken])
    # A precomputed row survives (say, a bulk update), but the read joins published().
    Article.objects.filter(pk=other.pk).update(status=Article.Status.DRAFT)

    assert RelatedArticle.objects.filter(article=article, related=other).exists()
    assert block(client, article) == []


def test_a_scheduled_story_joins_blocks_when_its_time_comes(client):
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken])
    soon = timezone.now() + timedelta(hours=2)
    published("Embargoed interview", people=[blinken], published_at=soon)

    assert block(client, article) == []
    with time_machine.travel(soon + timedelta(minutes=1)):
        assert block(client, article) == ["Embargoed interview"]


def test_the_related_block_is_one_query(django_assert_num_queries):
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken])
    for n in range(8):
        published(f"Related {n}", people=[blinken], tags=["gaza"])

    with django_assert_num_queries(1):
        related = list(Article.objects.published().related_for(article))

    assert len(related) == 5
    assert related[0].related_reason.startswith("Shares Antony Blinken")


# Editors' say.


def test_a_pinned_story_comes_first_and_an_excluded_one_never_shows(client):
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken])
    unwanted = published("Talks, again", people=[blinken])
    kept = published("Talks, later", people=[blinken])
    pinned = published("Explainer: the ceasefire", tags=["explainers"])
    RelatedChoice.objects.create(article=article, related=pinned, kind=RelatedChoice.Kind.PIN)
    RelatedChoice.objects.create(article=article, related=unwanted, kind=RelatedChoice.Kind.EXCLUDE)

    related_refresh(article=article)

    assert block(client, article) == ["Explainer: the ceasefire", "Talks, later"]
    assert RelatedArticle.objects.get(article=article, related=pinned).reason == PINNED_REASON
    assert kept.pk in RelatedArticle.objects.filter(article=article).values_list(
        "related", flat=True
    )


def test_an_excluded_story_stays_out_when_it_is_published_again(client):
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken])
    unwanted = draft("Talks, again", people=[blinken])
    RelatedChoice.objects.create(article=article, related=unwanted, kind=RelatedChoice.Kind.EXCLUDE)

    articles_publish(articles=[unwanted])

    assert block(client, article) == []


def test_editors_pin_from_the_story_form_and_see_why_each_story_was_chosen(admin_client):
    blinken = PersonFactory(name="Antony Blinken")
    article = published("Talks", people=[blinken])
    published("Talks, later", people=[blinken])
    pinned = published("Explainer: the ceasefire")
    data = change_form_data(
        article,
        **{
            "related_choices-TOTAL_FORMS": "1",
            "related_choices-0-related": pinned.pk,
            "related_choices-0-kind": RelatedChoice.Kind.PIN,
            "related_choices-0-position": "0",
        },
    )

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    html = admin_client.get(change_url(article)).content.decode()
    assert "Pinned by an editor" in html
    assert "Shares Antony Blinken" in html


def test_editing_a_storys_tags_in_the_admin_updates_the_blocks_it_was_in(admin_client, client):
    article = published("Aid convoy", tags=["gaza"])
    other = published("Border crossing", tags=["gaza"])
    assert block(client, article) == ["Border crossing"]

    admin_client.post(change_url(other), change_form_data(other, tags="bridges"))

    assert block(client, article) == []


def test_rebuild_command_computes_every_list(client):
    blinken = PersonFactory(name="Antony Blinken")
    first = draft("Talks", people=[blinken], status="published", published_at=timezone.now())
    draft("More talks", people=[blinken], status="published", published_at=timezone.now())
    out = StringIO()

    call_command("rebuild_related", stdout=out)

    assert block(client, first) == ["More talks"]
    assert "Related lists rebuilt for 2 stories." in out.getvalue()
