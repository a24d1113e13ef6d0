"""The foundation's acceptance check: the shared seed story, imported and read as a reader."""

import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.articles.test_import_stories import SEED, seed_body_paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_page(client) -> str:
    if not SEED.exists():
        pytest.skip(f"the shared seed story is not here: {SEED}")
    call_command("import_stories", str(SEED), "--publish", stdout=StringIO())
    response = client.get(Article.objects.get().get_absolute_url())
    assert response.status_code == 200
    return unescape(response.content.decode())


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_seed_page_shows_headline_dek_and_byline_with_outlet(seed_page):
    assert "Blinken: US and world pressure on Israel caused Hamas to reject hostage deals</h1>" in (
        seed_page
    )
    assert '<p class="dek">Blinken said he believed Hamas wanted to forestall' in seed_page
    assert "By Vered Weiss, World Israel News" in text_of(seed_page)


def test_seed_page_shows_caption_without_credit_and_the_credit_as_records(seed_page):
    caption = re.search(r"<figcaption>(.*?)</figcaption>", seed_page, re.S).group(1)

    assert "Tel Aviv, November 3rd, 2023.</span>" in caption
    assert "(Amos Ben-Gershom/GPO)" not in seed_page
    assert '<a href="/contributors/amos-ben-gershom/">Amos Ben-Gershom</a> / ' in caption
    assert '<a href="/outlets/gpo/">GPO</a>' in caption


def test_seed_page_shows_every_body_paragraph_and_no_trailer(seed_page):
    body = re.search(r'<div class="story-body">(.*?)</div>', seed_page, re.S).group(1)

    for paragraph in seed_body_paragraphs(SEED):
        assert paragraph in text_of(body)
    assert "Related Post" not in body


def test_seed_page_links_exactly_blinken_and_netanyahu(seed_page):
    people = re.findall(r'<a href="/people/([^/]+)/">([^<]+)</a>', seed_page)

    assert sorted(people) == [
        ("antony-blinken", "Antony Blinken"),
        ("benjamin-netanyahu", "Benjamin Netanyahu"),
    ]
