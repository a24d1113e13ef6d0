import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from articles.images.services import DuplicateImage, image_ingest, renditions_generate
from articles.images.validation import ImageRejected
from articles.models import Image, Rendition
from people.models import Contributor, Outlet
from tests.factories import ContributorFactory, ImageFactory
from tests.photos import UTF8, iim_block, jpeg_bytes, xmp_packet

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
REFERENCE = SHARED / "samples/images/IPTC-PhotometadataRef-Std2021.1.jpg"


def agency_photo(**xmp) -> bytes:
    iim = iim_block(
        {
            (1, 90): UTF8,
            (2, 120): "Ferries at the north pier.",
            (2, 110): "Ivo Brandt/Coastline Pictures",
            (2, 80): "Ivo Brandt",
            (2, 116): "© Coastline Pictures",
        }
    )
    return jpeg_bytes((1000, 600), iim=iim, xmp=xmp_packet(**xmp) if xmp else None)


def test_ingest_fills_the_record_from_metadata_and_links_photographer_and_agency(settings):
    image = image_ingest(
        file=io.BytesIO(agency_photo(alt_text="Two ferries", usage_terms="Editorial use only")),
        name="ferries.jpg",
    )

    image.refresh_from_db()
    assert image.caption == "Ferries at the north pier."
    assert image.credit_line == "Ivo Brandt/Coastline Pictures"
    assert image.copyright_notice == "© Coastline Pictures"
    assert image.alt_text == "Two ferries"
    assert image.usage_terms == "Editorial use only"
    assert image.photographer == Contributor.objects.get(name="Ivo Brandt")
    assert image.agency == Outlet.objects.get(name="Coastline Pictures")
    assert image.photographer.outlet == image.agency
    assert (image.width, image.height) == (1000, 600)
    assert len(image.content_hash) == 64


def test_ingest_keeps_what_the_editor_already_wrote():
    editor_choice = ContributorFactory(name="Rhea Marlow")
    image = Image.objects.create(caption="Our own caption", photographer=editor_choice)

    image_ingest(file=io.BytesIO(agency_photo()), name="ferries.jpg", image=image)

    image.refresh_from_db()
    assert (image.width, image.height) == (1000, 600)
    assert image.caption == "Our own caption"
    assert image.photographer == editor_choice
    assert image.copyright_notice == "© Coastline Pictures"


def test_original_goes_to_private_storage_and_renditions_to_public_storage(settings, tmp_path):
    image = image_ingest(file=io.BytesIO(agency_photo()), name="ferries.jpg")

    assert (tmp_path / "private" / image.file.name).is_file()
    assert not default_storage.exists(image.file.name)
    renditions = list(image.renditions.all())
    assert {r.crop for r in renditions} == {"original", "16:9", "4:3", "1:1"}
    assert all(default_storage.exists(r.file.name) for r in renditions)
    assert all(r.file.url.startswith(settings.MEDIA_URL) for r in renditions)


def test_uploading_the_same_file_again_offers_the_existing_image():
    data = agency_photo()
    first = image_ingest(file=io.BytesIO(data), name="ferries.jpg")

    with pytest.raises(DuplicateImage) as raised:
        image_ingest(file=io.BytesIO(data), name="ferries-again.jpg")

    assert raised.value.existing == first
    assert Image.objects.count() == 1


def test_rejected_file_stores_nothing(tmp_path):
    with pytest.raises(ImageRejected):
        image_ingest(file=io.BytesIO(b"not a photo"), name="photo.jpg")

    assert Image.objects.count() == 0
    assert not (tmp_path / "private").exists() or not any((tmp_path / "private").rglob("*.*"))


def test_regenerating_replaces_the_old_renditions_and_their_files(
    django_capture_on_commit_callbacks,
):
    image = image_ingest(file=io.BytesIO(agency_photo()), name="ferries.jpg")
    old_names = set(image.renditions.values_list("file", flat=True))

    image.focal_x = 0.9
    with django_capture_on_commit_callbacks(execute=True):
        made = renditions_generate(image=image)

    new_names = set(image.renditions.values_list("file", flat=True))
    assert made == len(new_names) == Rendition.objects.filter(image=image).count()
    assert not old_names & new_names
    assert not any(default_storage.exists(name) for name in old_names)


def test_record_without_a_file_has_no_renditions():
    image = ImageFactory(file="")

    assert renditions_generate(image=image) == 0


def test_iptc_reference_image_prefills_caption_credit_creator_and_copyright():
    if not REFERENCE.exists():
        pytest.skip(f"IPTC reference image not found at {REFERENCE} (needs ../shared)")

    image = image_ingest(file=REFERENCE.open("rb"), name=REFERENCE.name)

    image.refresh_from_db()
    assert image.caption == "The description aka caption (ref2021.1)"
    assert image.credit_line == "Credit Line (ref2021.1)"
    assert image.photographer.name == "Creator1 (ref2021.1)"
    assert image.copyright_notice == "Copyright (Notice) 2021.1 IPTC - www.iptc.org  (ref2021.1)"
