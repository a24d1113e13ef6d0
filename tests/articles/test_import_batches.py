"""New stories are written a batch at a time: the names they share are created once, and
what one story's names create, the next story (in the batch or after it) finds."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.importers import ninjs, runner, store
from articles.models import Article, RelatedArticle
from people.models import Alias, Contributor, Person, PersonProposal, Quote
from tests.articles.importing import run
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db


def ninjs_lines(tmp_path, *stories: dict):
    """A JSON Lines file of ninjs items: (headline, body, people, writers, tags) as given."""
    path = tmp_path / "batch.jsonl"
    lines = []
    for n, story in enumerate(stories, start=1):
        people = [{"name": name} for name in story.get("people", ())]
        people += [{"name": name, "rel": "author"} for name in story.get("writers", ())]
        item = {
            "uri": f"urn:batch:{n}",
            "headlines": [{"role": "main", "value": story["headline"]}],
            "bodies": [{"contentType": "text/html", "value": story.get("body", "<p>Text.</p>")}],
            "people": people,
            "subjects": [{"name": tag} for tag in story.get("tags", ())],
        }
        lines.append(json.dumps(item))
    path.write_text("\n".join(lines) + "\n")
    return path


def mentioned(headline: str) -> set[str]:
    return set(Article.objects.get(headline=headline).people.values_list("name", flat=True))


def test_a_batch_naming_a_new_person_twice_creates_them_once(tmp_path):
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "people": ["Greta Holm"]},
        {"headline": "Pier works", "people": ["GRETA HOLM", "Greta Holm"]},
    )

    run(path)

    person = Person.objects.get()
    assert person.name == "Greta Holm"
    assert list(person.aliases.values_list("name", flat=True)) == ["Holm"]
    assert mentioned("Ferry rota") == mentioned("Pier works") == {"Greta Holm"}


def test_a_new_persons_surname_finds_them_in_the_next_story(tmp_path):
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "people": ["Greta Holm"]},
        {"headline": "Pier works", "people": ["Holm"]},
    )

    run(path)

    assert list(Person.objects.values_list("name", flat=True)) == ["Greta Holm"]
    assert mentioned("Pier works") == {"Greta Holm"}


def test_people_a_batch_creates_are_matched_as_before_by_name_slug_and_alias(tmp_path):
    known = PersonFactory(name="Odile Marchetti-Lund", slug="odile-marchetti")
    Alias.objects.create(person=known, name="Odile M. Lund")
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "people": ["odile marchetti-lund", "Odile M. Lund"]},
        {"headline": "Pier works", "people": ["Odile Marchetti"]},
    )

    run(path)

    assert Person.objects.count() == 1
    assert mentioned("Ferry rota") == mentioned("Pier works") == {"Odile Marchetti-Lund"}


def test_a_story_finds_in_its_text_people_another_story_of_its_batch_created(tmp_path):
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "people": ["Greta Holm"]},
        {"headline": "Pier works", "body": "<p>“We will decide soon,” Greta Holm said.</p>"},
    )

    run(path)

    assert mentioned("Pier works") == {"Greta Holm"}
    assert Quote.objects.get(article__headline="Pier works").person.name == "Greta Holm"
    assert not PersonProposal.objects.exists()


def test_each_batch_finds_in_its_text_people_created_by_it_or_an_earlier_one(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "BATCH_SIZE", 2)
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "people": ["Greta Holm"]},
        {"headline": "Quay fees"},
        # The second batch: the people matcher was built for the first.
        {"headline": "Tide tables", "people": ["Anselm Reyes"]},
        {
            "headline": "Pier works",
            "body": "<p>“Not yet,” Anselm Reyes said.</p><p>“Soon,” Greta Holm said.</p>",
        },
    )

    run(path)

    assert mentioned("Pier works") == {"Greta Holm", "Anselm Reyes"}
    assert Person.objects.count() == 2


def test_tags_and_writers_a_batch_shares_are_created_once_in_any_case(tmp_path):
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "writers": ["Ilse Varga"], "tags": ["Harbour Works"]},
        {"headline": "Pier works", "writers": ["ILSE VARGA"], "tags": ["harbour works"]},
    )

    run(path)
    run(path)

    assert list(Tag.objects.values_list("name", flat=True)) == ["Harbour Works"]
    assert list(Contributor.objects.values_list("name", flat=True)) == ["Ilse Varga"]
    for article in Article.objects.all():
        assert list(article.tags.names()) == ["Harbour Works"]
        assert [b.contributor.name for b in article.bylines.all()] == ["Ilse Varga"]


def test_a_failed_batch_leaves_no_names_behind_and_its_good_stories_still_import(
    tmp_path, monkeypatch
):
    saved = store._story_saved

    def broken(article, *, created):
        if article.headline == "Ferry rota":
            raise RuntimeError("disk full")
        saved(article, created=created)

    monkeypatch.setattr(store, "_story_saved", broken)
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "people": ["Greta Holm"], "tags": ["Ferries"]},
        {"headline": "Pier works", "people": ["Greta Holm"], "tags": ["Ferries", "Piers"]},
    )

    report = run(path)

    assert [failure.reason for failure in report.failed] == ["cannot save “Ferry rota” (disk full)"]
    assert mentioned("Pier works") == {"Greta Holm"}
    assert Person.objects.count() == 1
    assert set(Tag.objects.values_list("name", flat=True)) == {"Ferries", "Piers"}


def test_a_batchs_stories_show_at_once_on_cached_listings_and_their_counts(client, tmp_path):
    ArticleFactory(published=True, headline="Old news").tags.add("Ferries")
    home, tag = reverse("articles:home"), reverse("articles:tag", args=["ferries"])
    client.get(home)
    client.get(tag)
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "tags": ["Ferries"]},
        {"headline": "Pier works", "tags": ["Ferries"]},
    )

    run(path)

    assert "Ferry rota" in client.get(home).content.decode()
    listing = client.get(tag)
    assert "Pier works" in listing.content.decode()
    assert listing.context["page_obj"].paginator.count == 3


def test_stories_a_killed_run_wrote_get_their_related_lists_on_the_next_run(tmp_path):
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "tags": ["harbour", "ferry"]},
        {"headline": "Quay fees", "tags": ["harbour"]},
        {"headline": "Tide tables", "tags": ["ferry"]},
    )
    # The first run writes its stories, then is killed before its related pass.
    with path.open("rb") as stream:
        stories = [unread.read() for unread in ninjs.read(stream)]
    list(store.StoryStore(options=store.StoryOptions()).upsert_many(stories))
    assert not RelatedArticle.objects.exists()

    report = run(path)

    assert report.counts()["unchanged"] == 3
    related = RelatedArticle.objects.values_list("article__headline", "related__headline")
    assert sorted(related) == [
        ("Ferry rota", "Quay fees"),
        ("Ferry rota", "Tide tables"),
        ("Quay fees", "Ferry rota"),
        ("Tide tables", "Ferry rota"),
    ]


def test_a_batchs_stories_are_stored_safe_dated_and_searchable(client, tmp_path):
    path = ninjs_lines(
        tmp_path,
        {"headline": "Ferry rota", "body": '<p onclick="x()">Crews agree.</p><script>x()</script>'},
        {"headline": "Pier works", "body": "<p>Cranes <b>arrive</b>.</p>"},
    )

    started = timezone.now()
    run(path)

    rota, works = (
        Article.objects.get(headline="Ferry rota"),
        Article.objects.get(headline="Pier works"),
    )
    assert rota.body == "<p>Crews agree.</p>"
    assert works.body == "<p>Cranes <b>arrive</b>.</p>"
    assert started < rota.created_at <= rota.updated_at < timezone.now()
    assert client.get(rota.get_absolute_url()).status_code == 200
    found = client.get(reverse("articles:search"), {"q": "cranes"}).context["page_obj"]
    assert [article.headline for article in found] == ["Pier works"]
