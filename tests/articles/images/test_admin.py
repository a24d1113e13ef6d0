import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.images.services import image_ingest
from articles.models import Image
from tests.factories import ArticleFactory, ImageFactory, OutletFactory, UserFactory
from tests.photos import UTF8, iim_block, jpeg_bytes

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_image_add")
CHANGELIST = reverse("admin:articles_image_changelist")


def form_data(upload=None, **fields) -> dict:
    data = {"focal_x": "0.5", "focal_y": "0.5", **fields}
    if upload is not None:
        data["file"] = upload
    return data


def wire_photo(caption: str = "Gulls over the fish market.") -> bytes:
    iim = iim_block(
        {
            (1, 90): UTF8,
            (2, 120): caption,
            (2, 110): "Amos Ben-Gershom/GPO",
            (2, 116): "© Government Press Office",
        }
    )
    return jpeg_bytes((900, 600), iim=iim)


def test_upload_prefills_caption_credit_and_rights_from_the_photo(admin_client):
    upload = SimpleUploadedFile("gulls.jpg", wire_photo(), content_type="image/jpeg")

    response = admin_client.post(ADD, form_data(upload), follow=True)

    image = Image.objects.get()
    assert image.caption == "Gulls over the fish market."
    assert image.credit == "Amos Ben-Gershom / GPO"
    assert image.copyright_notice == "© Government Press Office"
    assert image.renditions.filter(format="jpeg").exists()
    assert "filled from the photo&#x27;s own metadata" in response.content.decode()


def test_editor_typed_caption_wins_over_the_photo_metadata(admin_client):
    upload = SimpleUploadedFile("gulls.jpg", wire_photo(), content_type="image/jpeg")

    admin_client.post(ADD, form_data(upload, caption="Our caption"))

    assert Image.objects.get().caption == "Our caption"


def test_text_file_named_jpg_is_refused_with_a_clear_message(admin_client):
    upload = SimpleUploadedFile("photo.jpg", b"Sorry, the photo will follow.", "image/jpeg")

    response = admin_client.post(ADD, form_data(upload))

    assert response.status_code == 200
    assert "The file is not an image Newsroom can read." in response.content.decode()
    assert not Image.objects.exists()


def test_truncated_upload_is_refused_with_a_clear_message(admin_client):
    data = jpeg_bytes((600, 400))
    upload = SimpleUploadedFile("photo.jpg", data[: len(data) // 2], "image/jpeg")

    html = admin_client.post(ADD, form_data(upload)).content.decode()

    # Django's own image check or ours: either way the editor is told and nothing is saved.
    assert "damaged or incomplete" in html or "Upload a valid image" in html
    assert not Image.objects.exists()


def test_duplicate_upload_links_to_the_photo_already_in_the_library(admin_client):
    data = wire_photo()
    existing = image_ingest(file=io.BytesIO(data), name="gulls.jpg")

    response = admin_client.post(
        ADD, form_data(SimpleUploadedFile("gulls-again.jpg", data, "image/jpeg"))
    )

    html = response.content.decode()
    change = reverse("admin:articles_image_change", args=[existing.pk])
    assert f'This photo is already in the library: <a href="{change}">' in html
    assert Image.objects.count() == 1


def test_moving_the_focal_point_remakes_the_crops(admin_client):
    image = image_ingest(file=io.BytesIO(wire_photo()), name="gulls.jpg")
    before = set(image.renditions.values_list("file", flat=True))

    admin_client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        form_data(focal_x="0.9", caption=image.caption),
    )

    image.refresh_from_db()
    assert image.focal_x == 0.9
    assert before.isdisjoint(image.renditions.values_list("file", flat=True))
    page = admin_client.get(reverse("admin:articles_image_change", args=[image.pk]))
    assert "left: 90.0%; top: 50.0%" in page.content.decode()  # the cross on the preview


def test_change_page_shows_where_the_photo_is_used(admin_client):
    image = ImageFactory()
    ArticleFactory(headline="Fish market reopens", lead_image=image)

    html = admin_client.get(reverse("admin:articles_image_change", args=[image.pk])).content
    changelist = admin_client.get(CHANGELIST).content.decode()

    assert "Fish market reopens" in html.decode()
    assert f"?lead_image__id__exact={image.pk}" in changelist


def test_changelist_searches_credit_and_filters_by_agency(admin_client):
    gpo = OutletFactory(name="GPO")
    credited = ImageFactory(credit_line="Amos Ben-Gershom/GPO", agency=gpo)
    ImageFactory(credit_line="Rhea Marlow/Harbour Gazette")

    searched = admin_client.get(CHANGELIST, {"q": "Ben-Gershom"})
    filtered = admin_client.get(CHANGELIST, {"agency__id__exact": gpo.pk})

    assert list(searched.context["cl"].result_list) == [credited]
    assert list(filtered.context["cl"].result_list) == [credited]


def test_staff_see_the_original_and_readers_cannot(admin_client, client, settings):
    data = wire_photo()
    image = image_ingest(file=io.BytesIO(data), name="gulls.jpg")
    url = reverse("admin:articles_image_original", args=[image.pk])

    assert b"".join(admin_client.get(url).streaming_content) == data
    assert client.get(url).status_code == 302  # to the admin login
    assert not (settings.MEDIA_ROOT / image.file.name).exists()  # nothing public to guess


def test_staff_without_photo_permission_cannot_open_originals(client):
    image = image_ingest(file=io.BytesIO(wire_photo()), name="gulls.jpg")
    client.force_login(UserFactory(is_staff=True))

    url = reverse("admin:articles_image_original", args=[image.pk])

    assert client.get(url).status_code == 403


def test_clearing_the_file_removes_its_renditions_and_hash(admin_client):
    image = image_ingest(file=io.BytesIO(wire_photo()), name="gulls.jpg")

    admin_client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        form_data(**{"file-clear": "on", "caption": image.caption}),
    )

    image.refresh_from_db()
    assert not image.file and image.content_hash == ""
    assert not image.renditions.exists()


def test_deleting_a_photo_removes_its_original_and_renditions(
    admin_client, tmp_path, django_capture_on_commit_callbacks
):
    image = image_ingest(file=io.BytesIO(wire_photo()), name="gulls.jpg")
    files = [tmp_path / "private" / image.file.name] + [
        tmp_path / "media" / name for name in image.renditions.values_list("file", flat=True)
    ]
    assert all(f.exists() for f in files)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})

    assert not Image.objects.exists()
    assert not any(f.exists() for f in files)
