"""The lead photo a browser actually downloads is sized for its screen, not the original."""

import io
import re

import pytest

from articles.images.services import image_ingest
from tests.factories import ArticleFactory, ImageFactory
from tests.photos import jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)

RENDITION = re.compile(r"/renditions/\d+/original-(?P<width>\d+)-\w+\.(?P<ext>avif|webp|jpg)$")


@pytest.fixture
def story():
    image = ImageFactory(file="", caption="Cranes over the container port.")
    image_ingest(file=io.BytesIO(jpeg_bytes((3000, 2000))), name="port.jpg", image=image)
    return ArticleFactory(published=True, lead_image=image)


def chosen_rendition(page, story) -> re.Match:
    page.goto(story.get_absolute_url())
    img = page.locator("figure.lead-image img")
    img.evaluate("img => img.decode()")
    current = img.evaluate("img => img.currentSrc")
    match = RENDITION.search(current)
    assert match, f"not a rendition: {current}"
    return match


def test_phone_gets_a_small_modern_rendition_of_the_lead_photo(phone_page, story):
    match = chosen_rendition(phone_page, story)

    # 375px wide less margins is 343 CSS pixels: the 480 rendition is the nearest above.
    assert match["width"] == "480"
    assert match["ext"] in {"avif", "webp"}


def test_desktop_gets_a_rendition_close_to_the_story_column(page, story):
    page.set_viewport_size({"width": 1280, "height": 800})

    match = chosen_rendition(page, story)

    # The story column is 40rem (640 CSS pixels): 800 is the nearest width above it.
    assert match["width"] == "800"
    assert page.locator("figure.lead-image img").evaluate("img => img.clientWidth") == 640
