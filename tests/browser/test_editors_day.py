"""An editor's day in Chromium: a reporter files, an editor reviews, previews and
schedules, the story goes out by itself, and a correction follows."""

from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from articles import roles
from articles.models import Article
from tests.factories import ContributorFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
HEADLINE = "Lighthouse keeper retires after forty years"


@pytest.fixture
def newsroom():
    # Another transactional test may have flushed the groups the roles migration made.
    roles.roles_sync(django_apps)
    SectionFactory(name="Harbour", slug="harbour")
    ContributorFactory(name="Rhea Marlow")
    users = {}
    for username, role in [("rhea", roles.REPORTER), ("vera", roles.EDITOR)]:
        users[username] = UserFactory(username=username, is_staff=True)
        users[username].groups.add(Group.objects.get(name=role))
    return users


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def choose(page, select_id: str, text: str) -> None:
    """Pick `text` in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#{select_id}").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


@pytest.fixture
def people(browser, live_server):
    """A separate browser (own cookies) for the reporter, the editor and a reader."""
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(3)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def test_editors_day(people, newsroom):
    reporter, editor, reader = people

    # 1. The reporter writes the story with a byline and submits it.
    log_in(reporter, "rhea")
    reporter.goto("/admin/articles/article/add/")
    reporter.get_by_label("Headline").fill(HEADLINE)
    reporter.get_by_label("Dek").fill("Ivo Brandt kept the north light burning since 1985.")
    body = reporter.locator(".ProseMirror[contenteditable=true]")
    body.click()
    body.type("The last keeper of the north light handed over his keys on Friday.")
    choose(reporter, "id_section", "Harbour")
    choose(reporter, "id_bylines-0-contributor", "Rhea Marlow")
    reporter.get_by_role("button", name="Save and submit for review").first.click()

    expect(reporter.locator(".messagelist")).to_contain_text("Submitted for review")
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.IN_REVIEW
    assert article.body.startswith("<p>The last keeper of the north light")

    # 2. The editor finds it on the dashboard, previews it, shares a link and schedules it.
    log_in(editor, "vera")
    editor.goto("/admin/articles/article/dashboard/")
    in_review = editor.get_by_role("region", name="In review (1)")
    in_review.get_by_role("link", name=HEADLINE).click()
    preview_href = editor.get_by_role("link", name="Preview as a reader").get_attribute("href")
    share_link = editor.locator("#share-preview-link").input_value()

    editor.goto(preview_href)
    assert editor.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert editor.get_by_role("status").inner_text().startswith("Preview")
    reader.goto(share_link)
    assert reader.get_by_role("heading", level=1).inner_text() == HEADLINE
    editor.go_back()

    go_live = timezone.localtime(timezone.now() + timedelta(seconds=6))
    editor.locator("#id_published_at_0").fill(f"{go_live:%Y-%m-%d}")
    editor.locator("#id_published_at_1").fill(f"{go_live:%H:%M:%S}")
    editor.get_by_role("button", name="Save and schedule").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("Scheduled")

    # 3. Readers see it on the home page when its time comes, with nothing run in between.
    reader.goto("/")
    assert HEADLINE not in reader.content()
    while timezone.now() <= go_live.replace(microsecond=0) + timedelta(seconds=1):
        reader.wait_for_timeout(250)
    reader.goto("/")
    reader.get_by_role("link", name=HEADLINE).click()
    assert reader.get_by_role("heading", level=1).inner_text() == HEADLINE

    # 4. The editor appends a correction, and readers see it on the story.
    editor.reload()
    editor.get_by_role("button", name="Add another Correction").click()
    editor.locator("#id_corrections-0-text").fill("The keeper started in 1984, not 1985.")
    editor.get_by_role("button", name="Save", exact=True).first.click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")

    reader.reload()
    corrections = reader.get_by_role("region", name="Corrections and updates")
    assert "The keeper started in 1984, not 1985." in corrections.inner_text()
