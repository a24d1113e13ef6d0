import io

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.images.renditions import FORMATS, crop_box, render, widths_for
from tests.photos import gps_exif, jpeg_bytes, xmp_packet

RED = (220, 20, 20)


def opened(data: bytes) -> PILImage.Image:
    image = PILImage.open(io.BytesIO(data))
    image.load()
    return image


def red_post_on_the_right(image: PILImage.Image) -> None:
    """A red post near the right edge of a grey frame: the photo's subject."""
    ImageDraw.Draw(image).rectangle((1700, 0, 1800, image.height), fill=RED)


def test_widths_stop_at_the_source_width_and_never_upscale():
    assert widths_for(4000) == [480, 800, 1200, 1600]
    assert widths_for(1000) == [480, 800, 1000]
    assert widths_for(300) == [300]


def test_every_crop_comes_at_every_width_in_every_format():
    rendered = list(render(jpeg_bytes((2000, 1500))))

    made = {(r.crop, r.width, r.format) for r in rendered}
    for crop in ("original", "16:9", "4:3", "1:1"):
        for width in (480, 800, 1200):
            for image_format in FORMATS:
                assert (crop, width, image_format) in made
    assert "webp" in FORMATS and FORMATS[-1] == "jpeg"


@pytest.mark.parametrize(
    ("crop", "ratio"), [("16:9", 16 / 9), ("4:3", 4 / 3), ("1:1", 1.0), ("original", 2000 / 1500)]
)
def test_renditions_have_their_crop_shape_and_declared_size(crop, ratio):
    for item in render(jpeg_bytes((2000, 1500)), crops=(crop,)):
        decoded = opened(item.data)
        assert decoded.size == (item.width, item.height)
        assert decoded.format == {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF"}[item.format]
        assert abs(item.width / item.height - ratio) < 0.01


def test_square_crop_keeps_the_focal_point_in_frame():
    data = jpeg_bytes((2000, 1000), colour="grey", draw=red_post_on_the_right)

    centred = next(render(data, crops=("1:1",), formats=("jpeg",)))
    focused = next(render(data, focal=(0.875, 0.5), crops=("1:1",), formats=("jpeg",)))

    def has_red(item) -> bool:
        image = opened(item.data)
        return any(r > 180 and g < 80 for r, g, _ in image.get_flattened_data())

    assert not has_red(centred)
    assert has_red(focused)


def test_crop_box_slides_to_the_focal_point_but_stays_inside_the_frame():
    assert crop_box((400, 100), (1, 1), (0.5, 0.5)) == (150, 0, 250, 100)
    assert crop_box((400, 100), (1, 1), (0.6, 0.5)) == (190, 0, 290, 100)
    assert crop_box((400, 100), (1, 1), (1.0, 0.5)) == (300, 0, 400, 100)
    assert crop_box((100, 400), (16, 9), (0.5, 0.0)) == (0, 0, 100, 56)


def test_renditions_carry_no_exif_gps_or_xmp():
    data = jpeg_bytes((900, 600), exif=gps_exif(), xmp=xmp_packet(creator="Private Person"))
    assert opened(data).getexif().get_ifd(0x8825)  # the original does carry GPS

    for item in render(data):
        decoded = opened(item.data)
        assert not decoded.getexif(), (item.crop, item.width, item.format)
        assert "xmp" not in decoded.info and "exif" not in decoded.info
        assert b"Private" not in item.data


def test_renditions_are_turned_upright_from_the_exif_orientation():
    exif = PILImage.Exif()
    exif[0x0112] = 6  # stored sideways: turn 90° clockwise to view
    data = jpeg_bytes((600, 400), exif=exif.tobytes())

    item = next(render(data, crops=("original",), formats=("jpeg",)))

    assert (item.width, item.height) == (400, 600)
