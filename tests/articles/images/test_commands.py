import io
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles.images.services import image_ingest
from articles.models import Image, Rendition
from tests.factories import ImageFactory
from tests.photos import jpeg_bytes

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("generate_renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_backfill_makes_renditions_for_photos_without_them_and_is_idempotent():
    bare = ImageFactory(file__width=900, file__height=600)
    done = image_ingest(file=io.BytesIO(jpeg_bytes((700, 500))), name="done.jpg")
    done_files = set(done.renditions.values_list("file", flat=True))

    output, _ = run()
    again, _ = run()

    assert bare.renditions.filter(crop="16:9", format="jpeg").exists()
    assert set(done.renditions.values_list("file", flat=True)) == done_files
    assert "for 1 images, 0 failed" in output
    assert "0 renditions made for 0 images" in again


def test_all_remakes_every_set():
    done = image_ingest(file=io.BytesIO(jpeg_bytes((700, 500))), name="done.jpg")
    before = set(done.renditions.values_list("file", flat=True))

    run("--all")

    assert before.isdisjoint(done.renditions.values_list("file", flat=True))


def test_backfill_moves_an_original_left_in_public_storage_to_private_storage(tmp_path):
    image = ImageFactory(file="")
    name = default_storage.save("images/2024/01/old.jpg", ContentFile(jpeg_bytes((600, 400))))
    # As uploads before this release were stored: public, with their size recorded.
    Image.objects.filter(pk=image.pk).update(file=name, width=600, height=400)

    output, _ = run()

    image.refresh_from_db()
    assert not default_storage.exists(name)
    assert (tmp_path / "private" / image.file.name).is_file()
    assert f"image {image.pk}: original moved to private storage" in output
    assert Rendition.objects.filter(image=image).exists()


def test_a_broken_file_is_reported_and_the_others_still_get_renditions():
    broken = ImageFactory(file__width=300, file__height=200)
    with broken.file.open("wb") as f:
        f.write(b"not a photo any more")
    fine = ImageFactory(file__width=300, file__height=200, file__color="navy")

    with pytest.raises(CommandError, match="1 image"):
        run()

    assert fine.renditions.exists()
    assert not broken.renditions.exists()
