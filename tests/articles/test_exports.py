import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.exports import story_ninjs
from articles.images.services import renditions_generate
from articles.models import Article, Byline, Image, Section
from people.models import Contributor, Outlet, Person
from tests.articles.importing import run, shared
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ContributorFactory,
    ImageFactory,
    MentionFactory,
    OutletFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def full_story(**kwargs) -> Article:
    """A published story with everything ninjs carries: bylines, tags, people, a photo."""
    outlet = OutletFactory(
        name="Coastline Wire", slug="coastline-wire", url="https://coastline.example/"
    )
    article = ArticleFactory(
        **{"published": True, "source_outlet": outlet, "lead_image": ImageFactory()} | kwargs
    )
    for position, name in enumerate(("Rhea Marlow", "Tomas Ekberg")):
        BylineFactory(article=article, contributor=ContributorFactory(name=name), position=position)
    MentionFactory(article=article, person=PersonFactory(name="Odile Marchetti", wikidata_id="Q42"))
    article.tags.add("Ferries", "Night boat")
    return article


def exported(*args) -> str:
    out = io.StringIO()
    call_command("export_stories", *args, stdout=out)
    return out.getvalue()


def test_story_ninjs_carries_the_story_its_credits_and_its_photo(settings):
    settings.SITE_URL = "https://news.example.org"
    article = full_story()
    article = Article.objects.for_detail().get(pk=article.pk)

    document = story_ninjs(article)

    assert document["uri"] == f"urn:newsroom:news.example.org:story:{article.pk}"
    assert document["headlines"] == [
        {"role": "main", "value": article.headline},
        {"role": "subhead", "value": article.dek},
    ]
    assert document["bodies"][0] == {
        "role": "main",
        "contentType": "text/html",
        "value": article.body,
    }
    assert document["by"] == "Rhea Marlow and Tomas Ekberg"
    assert document["people"] == [
        {"name": "Rhea Marlow", "rel": "author"},
        {"name": "Tomas Ekberg", "rel": "author"},
        {"name": "Odile Marchetti", "uri": "http://www.wikidata.org/entity/Q42"},
    ]
    assert {"name": "Ferries"} in document["subjects"]
    assert {"name": article.section.name, "rel": "section"} in document["subjects"]
    assert document["infoSources"] == [
        {"name": "Coastline Wire", "role": "originator", "uri": "https://coastline.example/"}
    ]
    (picture,) = document["associations"]
    image = article.lead_image
    assert picture["by"] == image.credit_line
    assert picture["descriptions"][0] == {"role": "caption", "value": image.caption}
    assert picture["people"] == [{"name": image.photographer.name, "rel": "photographer"}]
    # Before renditions exist, the public photo address stands in; the original is private.
    assert picture["renditions"][0]["href"] == f"https://news.example.org/photos/{image.pk}/"
    assert image.file.name not in json.dumps(document)
    assert document["renditions"][0]["href"] == (
        f"https://news.example.org/stories/{article.slug}/"
    )


def test_story_ninjs_offers_the_public_jpeg_renditions_of_its_photo(settings):
    settings.SITE_URL = "https://news.example.org"
    article = ArticleFactory(published=True, lead_image=ImageFactory())
    renditions_generate(image=article.lead_image)

    document = story_ninjs(Article.objects.for_detail().get(pk=article.pk))

    (picture,) = document["associations"]
    assert picture["renditions"]
    for rendition in picture["renditions"]:
        assert rendition["contentType"] == "image/jpeg"
        assert rendition["href"].startswith("https://news.example.org/media/renditions/")
        assert rendition["width"] <= article.lead_image.width


def test_export_streams_only_published_stories_as_a_json_array():
    live = ArticleFactory(published=True)
    ArticleFactory()
    ArticleFactory(scheduled=True)

    documents = json.loads(exported())

    assert [d["headlines"][0]["value"] for d in documents] == [live.headline]


def test_export_as_json_lines_writes_one_item_a_line(tmp_path):
    ArticleFactory.create_batch(3, published=True)
    path = tmp_path / "out.jsonl"

    exported("--format", "jsonl", "--output", str(path))

    lines = path.read_text().splitlines()
    assert len(lines) == 3
    assert all(json.loads(line)["pubStatus"] == "usable" for line in lines)


def test_export_of_nothing_is_an_empty_array():
    assert json.loads(exported()) == []


def test_export_since_keeps_stories_edited_since(time_machine):
    time_machine.move_to(timezone.now() - timedelta(days=10))
    ArticleFactory(published=True, headline="Old")
    time_machine.move_to(timezone.now() + timedelta(days=10))
    ArticleFactory(published=True, headline="New")

    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    documents = json.loads(exported("--since", since))

    assert [d["headlines"][0]["value"] for d in documents] == ["New"]


def test_export_query_count_does_not_grow_with_the_stories(django_assert_max_num_queries):
    for _ in range(3):
        full_story()

    # Stories, and one query for each prefetched relation, per chunk of 500.
    with django_assert_max_num_queries(6):
        documents = json.loads(exported())

    assert len(documents) == 3


def test_published_story_has_a_public_ninjs_url(client, django_assert_max_num_queries):
    article = full_story()

    # The story, bylines, tags, people, corrections and the photo's renditions.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("articles:ninjs", kwargs={"slug": article.slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["headlines"][0]["value"] == article.headline
    assert reverse("articles:ninjs", kwargs={"slug": article.slug}) == (
        f"/stories/{article.slug}.ninjs.json"
    )


@pytest.mark.parametrize("trait", [{}, {"scheduled": True}])
def test_ninjs_url_is_404_for_drafts_and_scheduled_stories_even_for_staff(admin_client, trait):
    article = ArticleFactory(**trait)

    response = admin_client.get(reverse("articles:ninjs", kwargs={"slug": article.slug}))

    assert response.status_code == 404


@pytest.fixture
def ninjs_validator():
    schemas = shared("standards", "ninjs")
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    geojson = json.loads((schemas / "GeoJSON-schema.json").read_text())
    registry = Registry().with_resource(geojson["$id"], Resource.from_contents(geojson))
    schema = json.loads((schemas / "ninjs-schema_3.1.json").read_text())
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_export_validates_against_the_ninjs_3_1_schema_with_formats(ninjs_validator):
    full_story()
    ArticleFactory(published=True, dek="", section=None)

    for document in json.loads(exported()):
        errors = [error.message for error in ninjs_validator.iter_errors(document)]
        assert errors == []


def test_schema_check_would_catch_a_bad_date(ninjs_validator):
    document = story_ninjs(Article.objects.for_detail().get(pk=full_story().pk))
    document["versionCreated"] = "yesterday"

    assert not ninjs_validator.is_valid(document)


def snapshot() -> list[dict]:
    """Everything a reader sees of each published story, by headline."""
    stories = []
    for article in Article.objects.published().for_detail().order_by("headline"):
        image = article.lead_image
        stories.append(
            {
                "headline": article.headline,
                "dek": article.dek,
                "body": article.body,
                "section": article.section.name if article.section else None,
                "published_at": article.published_at,
                "bylines": [(b.contributor.name, b.role) for b in article.bylines.all()],
                "tags": sorted(article.tags.names()),
                "people": sorted(p.name for p in article.people.all()),
                "outlet": article.source_outlet.name if article.source_outlet else None,
                "image": image
                and (
                    image.caption,
                    image.alt_text,
                    image.credit_line,
                    image.photographer and image.photographer.name,
                    image.agency and image.agency.name,
                ),
            }
        )
    return stories


def test_export_then_import_into_an_empty_database_reproduces_every_story(tmp_path):
    story = full_story()
    for role, name in [(Byline.Role.PHOTOGRAPHER, "Ada Quill"), (Byline.Role.EDITOR, "Bo Lund")]:
        BylineFactory(article=story, contributor=ContributorFactory(name=name), role=role)
    full_story(headline="Second story", lead_image=None, source_outlet=None)
    ArticleFactory(published=True, headline="Bare story", dek="", section=None)
    ArticleFactory(published=True, headline="Headline only", body="", dek="")
    ArticleFactory(headline="A draft is not exported")
    before = snapshot()
    path = tmp_path / "export.json"
    exported("--output", str(path))
    for model in (Article, Image, Byline, Section, Contributor, Outlet, Person, Tag):
        model.objects.all().delete()

    report = run(path)

    assert report.counts() | {"failed": len(report.failed)} == {
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 0,
    }
    assert snapshot() == before
