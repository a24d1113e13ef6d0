"""In Chromium: axe finds no WCAG 2.1 AA violations, the CSP blocks nothing we ship, and the
reader's comforts (skip link, visible focus, dark scheme, print styles) work."""

import os
from pathlib import Path

import pytest

from tests.articles.test_views import story_with_everything
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# axe-core is installed at test time, never committed: `make axe` puts it in the cache.
AXE_CANDIDATES = [
    Path(os.environ.get("NEWSROOM_AXE", "/nonexistent")),
    Path.home() / ".cache/newsroom/node_modules/axe-core/axe.min.js",
    Path("/tmp/newsroom-tools/node_modules/axe-core/axe.min.js"),
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Collects CSP violations from the first moment of each page; init scripts are not subject
# to the page's policy.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def axe_source() -> str:
    for path in AXE_CANDIDATES:
        if path.is_file():
            return path.read_text()
    pytest.skip("axe-core not installed: run `make axe` (npm install axe-core into ~/.cache)")


@pytest.fixture
def story():
    return story_with_everything()


def axe_violations(page, axe_source: str) -> list[str]:
    # evaluate() runs through the DevTools protocol, so the page's CSP does not block it.
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


def test_article_page_has_no_axe_violations(page, story, axe_source):
    page.goto(story.get_absolute_url())

    assert axe_violations(page, axe_source) == []


def test_article_page_in_dark_mode_has_no_axe_violations(browser, live_server, story, axe_source):
    context = browser.new_context(base_url=live_server.url, color_scheme="dark")
    page = context.new_page()
    page.goto(story.get_absolute_url())

    assert axe_violations(page, axe_source) == []
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 23, 26)"
    context.close()


def test_reader_pages_trigger_no_csp_violation(page, story):
    page.add_init_script(WATCH_CSP)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(story.get_absolute_url())
    # The JSON-LD block is data: present, and no violation reported for it.
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert page.evaluate("window.__cspViolations") == []
    for url in ["/", "/search/?q=ferry", "/tags/ferries/"]:
        page.goto(url)
        assert page.evaluate("window.__cspViolations") == [], url
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_admin_works_under_the_csp(page, live_server, story):
    UserFactory(username="editor", password="correct horse battery staple", superuser=True)
    page.add_init_script(WATCH_CSP)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()

    page.goto(f"/admin/articles/article/{story.pk}/change/")
    # The admin's own scripts ran: the byline inline offers "Add another".
    assert page.get_by_text("Add another Byline").is_visible()
    page.goto("/admin/articles/article/?q=council")

    assert page.evaluate("window.__cspViolations") == []


def test_skip_link_is_the_first_stop_and_focus_is_visible(page, story):
    page.goto(story.get_absolute_url())

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    page.keyboard.press("Enter")

    assert focused == "Skip to content"
    assert outline == "solid"
    assert top >= 0  # moved on screen when focused
    assert page.evaluate("document.activeElement.id") == "content"


def test_print_hides_navigation_and_the_related_block(page, story):
    page.goto(story.get_absolute_url())
    page.emulate_media(media="print")

    assert not page.locator("nav.sections").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
