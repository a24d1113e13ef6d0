import io

import pytest
from PIL import Image as PILImage

from articles.images.validation import ImageRejected, check_image
from tests.photos import iim_block, jpeg_bytes


def test_a_whole_jpeg_passes_with_its_size_hash_and_metadata():
    data = jpeg_bytes((120, 80), iim=iim_block({(2, 120): "Pier at dawn"}))

    checked = check_image(io.BytesIO(data))

    assert (checked.format, checked.width, checked.height) == ("JPEG", 120, 80)
    assert len(checked.content_hash) == 64
    assert checked.metadata.caption == "Pier at dawn"


def test_text_file_named_jpg_is_rejected_as_not_an_image():
    with pytest.raises(ImageRejected, match="not an image"):
        check_image(io.BytesIO(b"Dear editor, please find the photo attached.\n"))


def test_truncated_jpeg_is_rejected_as_damaged():
    data = jpeg_bytes((400, 300), draw=lambda im: im.putpixel((5, 5), (255, 0, 0)))

    with pytest.raises(ImageRejected, match="damaged or incomplete"):
        check_image(io.BytesIO(data[: len(data) // 2]))


def test_decompression_bomb_is_rejected_before_its_pixels_are_decoded():
    # A 12000 × 12000 PNG of one colour compresses to a few tens of kilobytes.
    buffer = io.BytesIO()
    PILImage.new("1", (12_000, 12_000)).save(buffer, "PNG")

    with pytest.raises(ImageRejected, match=r"12000 × 12000 pixels, more than the 1,000,000"):
        check_image(io.BytesIO(buffer.getvalue()), max_pixels=1_000_000)


def test_bomb_too_big_for_pillow_to_open_is_rejected_too():
    buffer = io.BytesIO()
    PILImage.new("1", (20_000, 20_000)).save(buffer, "PNG")

    with pytest.raises(ImageRejected, match="far more than the 1,000,000 pixels allowed"):
        check_image(io.BytesIO(buffer.getvalue()), max_pixels=1_000_000)


def test_pixel_limit_comes_from_settings(settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 100

    with pytest.raises(ImageRejected, match="more than the 100 allowed"):
        check_image(io.BytesIO(jpeg_bytes((20, 20))))


def test_file_over_the_size_limit_is_rejected_with_the_limit(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1024

    with pytest.raises(ImageRejected, match="larger than the 1.0\xa0KB allowed"):
        check_image(io.BytesIO(jpeg_bytes((400, 300), colour="white") + b"\0" * 2048))


def test_empty_file_is_rejected():
    with pytest.raises(ImageRejected, match="empty"):
        check_image(io.BytesIO(b""))
