import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.demo import loader
from articles.demo.content import PEOPLE
from articles.demo.loader import DemoReport, load_demo, story_html
from articles.demo.photos import photo_jpeg
from articles.demo.stories import STORIES
from articles.models import Article, Byline, Image, Mention, Section
from people.models import Alias, Contributor, Outlet, Person
from tests.factories import UserFactory

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
DEMO_SLUGS = {story.slug for story in STORIES}


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def small_photos(monkeypatch):
    """The same pictures, drawn small: most tests care that a photo exists, not its size."""

    def draw_small(scene, *, seed):
        return photo_jpeg(scene, seed=seed, size=(320, 180))

    monkeypatch.setattr(loader, "photo_jpeg", draw_small)


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db, clock, small_photos) -> DemoReport:
    return load_demo(now=NOW)


def demo_articles():
    return Article.objects.filter(slug__in=DEMO_SLUGS)


def visible_demo_articles():
    return demo_articles().published(now=NOW)


def record_counts() -> dict[str, int]:
    models = (Article, Byline, Mention, Image, Section, Outlet, Contributor, Person, Alias)
    counts = {model.__name__: model.objects.count() for model in models}
    counts["tags"] = Article.tags.through.objects.count()
    return counts


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_load_demo_creates_about_a_dozen_stories(demo):
    assert demo_articles().count() == len(STORIES) >= 12
    assert demo.created["stories"] == len(STORIES)
    assert (demo.published, demo.scheduled, demo.drafts) == (len(STORIES) - 2, 1, 1)


def test_readers_see_published_stories_but_not_the_draft_or_scheduled_one(demo):
    draft = demo_articles().get(status=Article.Status.DRAFT)
    scheduled = demo_articles().get(published_at__gt=NOW)

    visible = set(visible_demo_articles().values_list("slug", flat=True))

    assert visible == DEMO_SLUGS - {draft.slug, scheduled.slug}
    assert scheduled.status == Article.Status.SCHEDULED


@pytest.mark.django_db
def test_lead_photos_are_drawn_as_full_size_jpegs_with_renditions(clock):
    load_demo(now=NOW)

    for image in Image.objects.all():
        assert image.file.name.endswith(".jpg")
        assert (image.width, image.height) == (1600, 900)
        widths = set(image.renditions.filter(crop="16:9").values_list("width", flat=True))
        assert widths == {480, 800, 1200, 1600}, image.caption
    assert Contributor.objects.exclude(photo="").count() >= 2


def test_published_stories_have_a_drawn_lead_photo_with_caption_and_credit(demo):
    for article in visible_demo_articles().select_related("lead_image__photographer"):
        image = article.lead_image
        assert image.file.storage.exists(image.file.name), article.slug
        assert (image.width, image.height) == (320, 180)
        assert image.caption and image.alt_text
        assert image.photographer and image.agency
        assert image.credit_line == f"{image.photographer.name}/{image.agency.name}"


def test_published_stories_have_a_writer_byline_and_tags(demo):
    for article in visible_demo_articles():
        roles = [byline.role for byline in article.bylines.all()]
        assert roles[0] == Byline.Role.WRITER, article.slug
        assert 2 <= article.tags.count() <= 4


def test_stories_share_tags_so_related_stories_exist(demo):
    article = visible_demo_articles().get(slug="night-ferry-gullstone-winter")

    assert Article.objects.published(now=NOW).related_for(article).exists()


def test_people_recur_across_stories_and_have_a_surname_alias(demo):
    people = Person.objects.filter(slug__in=[p.slug for p in PEOPLE])
    assert people.count() == len(PEOPLE)
    story_counts = []
    for person in people:
        story_counts.append(visible_demo_articles().mentioning(person).count())
        assert list(person.aliases.values_list("name", flat=True)) == [person.surname]
        assert person.office
    assert min(story_counts) >= 1
    assert sum(count >= 2 for count in story_counts) >= len(PEOPLE) // 2


def test_every_mentioned_person_is_named_in_the_story():
    names = {p.slug: p.name for p in PEOPLE}
    for story in STORIES:
        text = story_html(story.body)
        for slug in story.people:
            assert names[slug] in text, (story.slug, slug)


def test_syndicated_story_credits_its_source_outlet(demo):
    syndicated = demo_articles().exclude(source_outlet=None).get()

    assert syndicated.source_outlet.slug == "estuary-weekly"
    assert syndicated.source_url.startswith("https://")
    assert syndicated.bylines.filter(contributor__outlet=syndicated.source_outlet).exists()


def test_publication_times_spread_over_the_last_ten_days_newest_first(demo):
    times = list(visible_demo_articles().newest_first().values_list("published_at", flat=True))

    assert len(set(times)) == len(times)
    assert NOW - times[0] < timedelta(hours=6)
    assert timedelta(days=7) < NOW - times[-1] <= timedelta(days=10)


def test_story_bodies_keep_paragraphs_and_attributed_quotes_through_sanitising(demo):
    for story in STORIES:
        body = demo_articles().get(slug=story.slug).body
        assert body == story_html(story.body)
        assert 4 <= body.count("<p>") - body.count("<blockquote>") <= 8
        assert re.search(r"<blockquote><p>.+</p><p>— .+</p></blockquote>", body)


def test_loading_twice_creates_nothing_new(demo):
    before = record_counts()

    again = load_demo(now=NOW + timedelta(hours=1))

    assert record_counts() == before
    assert sum(again.created.values()) == 0
    assert again.photos_drawn == 0
    assert again.existing["stories"] == len(STORIES)


def test_reloading_draws_a_photo_whose_file_went_missing(demo):
    image = demo_articles().get(slug="rovers-draw-kilnbury").lead_image
    image.file.storage.delete(image.file.name)

    again = load_demo(now=NOW)

    image.refresh_from_db()
    assert again.photos_drawn == 1
    assert image.file.storage.exists(image.file.name)
    assert Image.objects.count() == len(STORIES)


def test_photos_are_the_same_for_a_seed_and_differ_between_stories():
    scene = STORIES[0].photo.scene

    assert photo_jpeg(scene, seed=7, size=(320, 180)) == photo_jpeg(scene, seed=7, size=(320, 180))
    assert photo_jpeg(scene, seed=7, size=(320, 180)) != photo_jpeg(scene, seed=8, size=(320, 180))


@pytest.mark.django_db
def test_command_creates_an_admin_who_can_log_in(client, clock, small_photos, fast_passwords):
    output = run_command()

    assert "http://127.0.0.1:8000/admin/" in output
    assert "admin / newsroom-demo" in output
    assert client.login(username="admin", password="newsroom-demo")
    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_command_never_changes_an_existing_admin_password(
    client, clock, small_photos, fast_passwords
):
    run_command("--admin-password", "first-password-here")

    output = run_command("--admin-password", "second-password-here")

    assert "already exists" in output
    assert client.login(username="admin", password="first-password-here")
    assert not client.login(username="admin", password="second-password-here")


@pytest.mark.django_db
def test_command_leaves_a_user_it_did_not_create_alone(client, clock, small_photos, fast_passwords):
    UserFactory(username="admin", is_staff=False)

    run_command()

    assert client.login(username="admin", password="correct horse battery staple")
    assert not get_user_model().objects.get(username="admin").is_staff


@pytest.mark.django_db
def test_command_with_no_admin_creates_no_user(clock, small_photos):
    output = run_command("--no-admin")

    assert not get_user_model().objects.exists()
    assert f"Stories: {len(STORIES)} " in output


@pytest.mark.django_db
def test_command_rejects_an_empty_admin_password(clock):
    with pytest.raises(CommandError):
        run_command("--admin-password", "")
    assert not Article.objects.exists()
