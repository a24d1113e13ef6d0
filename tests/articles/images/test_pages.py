"""What readers get: responsive pictures from renditions, and a safe fallback without them."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.images.services import image_ingest
from people.models import Contributor
from tests.factories import ArticleFactory, ContributorFactory, ImageFactory, OutletFactory
from tests.photos import gps_exif, iim_block, jpeg_bytes

pytestmark = pytest.mark.django_db


def photo(size=(2000, 1200), **kwargs):
    """A photo uploaded as an editor would, credited "Amos Ben-Gershom / GPO"."""
    data = jpeg_bytes(size, exif=gps_exif(), iim=iim_block({(2, 80): "Private Person"}), **kwargs)
    agency = OutletFactory(name="GPO", slug="gpo")
    photographer = Contributor.objects.filter(slug="amos").first() or ContributorFactory(
        name="Amos Ben-Gershom", slug="amos", outlet=agency
    )
    image = ImageFactory(file="", photographer=photographer, agency=agency)
    return image_ingest(file=io.BytesIO(data), name="harbour.jpg", image=image)


def test_article_page_serves_the_lead_photo_as_a_responsive_picture(client):
    article = ArticleFactory(published=True, lead_image=photo())

    html = client.get(article.get_absolute_url()).content.decode()

    figure = html[html.index('<figure class="lead-image">') : html.index("</figure>")]
    assert figure.count("<source") == 2 if "image/avif" in figure else 1
    assert 'type="image/webp"' in figure
    img = re.search(r"<img [^>]+>", figure)[0]
    assert re.search(r'srcset="[^"]*-480-\w+\.jpg 480w, [^"]*-800-\w+\.jpg 800w', img)
    assert "1600w" in img and 'sizes="(min-width: 42rem) 40rem' in img
    assert 'width="1600" height="960"' in img
    assert 'loading="lazy"' not in img
    assert "/private/" not in figure and "originals/" not in figure


def test_article_page_credits_photographer_and_agency_with_links(client):
    article = ArticleFactory(published=True, lead_image=photo())

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'Photo: <a href="/contributors/amos/">Amos Ben-Gershom</a> / ' in html
    assert '<a href="/outlets/gpo/">GPO</a>' in html


def test_story_cards_lazy_load_a_16_by_9_crop(client):
    ArticleFactory(published=True, lead_image=photo())

    html = client.get(reverse("articles:home")).content.decode()

    card = html[html.index('<a class="card-image"') :]
    img = re.search(r"<img [^>]+>", card)[0]
    assert 'loading="lazy"' in img
    assert 'width="1600" height="900"' in img
    assert "/16x9-" in img


def test_photo_without_renditions_falls_back_to_the_original_sized_by_the_browser(client):
    image = ImageFactory()
    article = ArticleFactory(published=True, lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    fallback = reverse("articles:photo", args=[image.pk])
    assert f'<img src="{fallback}" alt="{image.alt_text}" width="64" height="36"' in html
    assert image.renditions.count() == 0  # nothing was made while the reader waited


def test_fallback_sends_the_original_without_exif_or_iptc(client):
    data = jpeg_bytes((300, 200), exif=gps_exif(), iim=iim_block({(2, 80): "Private Person"}))
    image = ImageFactory()
    image.file.save("harbour.jpg", ContentFile(data, name="harbour.jpg"))
    ArticleFactory(published=True, lead_image=image)

    response = client.get(reverse("articles:photo", args=[image.pk]))

    body = response.content
    assert response["Content-Type"] == "image/jpeg"
    assert len(body) < len(data)
    served = PILImage.open(io.BytesIO(body))
    served.load()
    assert served.size == (300, 200)
    assert not served.getexif()
    assert b"Private" not in body


def test_fallback_redirects_to_a_rendition_once_there_is_one(client):
    image = photo()
    ArticleFactory(published=True, lead_image=image)

    response = client.get(reverse("articles:photo", args=[image.pk]))

    assert response.status_code == 302
    assert re.search(r"/renditions/\d+/original-1600-\w+\.jpg$", response["Location"])


def test_fallback_does_not_serve_photos_of_drafts_to_readers(client):
    image = ImageFactory()
    ArticleFactory(lead_image=image)

    assert client.get(reverse("articles:photo", args=[image.pk])).status_code == 404


def test_fallback_of_a_file_that_is_not_a_jpeg_is_not_found_rather_than_an_error(client):
    image = ImageFactory(file__format="PNG")
    ArticleFactory(published=True, lead_image=image)

    assert client.get(reverse("articles:photo", args=[image.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 8])
def test_listing_query_count_stays_constant_with_renditions(
    client, count, django_assert_max_num_queries
):
    for n in range(count):
        ArticleFactory(
            published=True, lead_image=photo(size=(500, 300), colour=f"#{n * 30:02x}3344")
        )

    with django_assert_max_num_queries(5):
        html = client.get(reverse("articles:home")).content.decode()

    assert html.count('type="image/webp"') == count
