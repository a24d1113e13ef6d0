"""Make a photo's renditions: crops around its focal point, at several widths and formats.

Plain Pillow, no database: the service stores what this module draws.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageOps, features

# The crops pages use, as width:height; "original" keeps the photographer's framing.
CROPS: dict[str, tuple[int, int] | None] = {
    "original": None,
    "16:9": (16, 9),
    "4:3": (4, 3),
    "1:1": (1, 1),
}
# Wide enough for a phone at 1x up to a desktop column at 2x; never wider than the source.
WIDTHS = (480, 800, 1200, 1600)
# Smallest first: browsers take the first <source> they support, the JPEG is the fallback.
FORMATS = ("avif", "webp", "jpeg") if features.check("avif") else ("webp", "jpeg")
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}

# Qualities chosen by eye on photos. Speeds measured with bench/renditions.py: AVIF speed 9
# encodes about five times faster than speed 8 at much the same size, WebP method 2 three
# times faster than the default for under a tenth more bytes, and progressive JPEG already
# gets optimised Huffman tables, so `optimize` would only cost time.
_SAVE_OPTIONS = {
    "avif": {"format": "AVIF", "quality": 60, "speed": 9},
    "webp": {"format": "WEBP", "quality": 80, "method": 2},
    "jpeg": {"format": "JPEG", "quality": 82, "progressive": True},
}


@dataclass(frozen=True)
class RenderedFile:
    crop: str
    format: str
    width: int
    height: int
    data: bytes

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


def crop_box(
    size: tuple[int, int], ratio: tuple[int, int] | None, focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of `ratio` inside `size`, centred on the focal point where it fits.

    `focal` is (x, y) as fractions of the width and height, so (0.5, 0.5) is the centre.
    """
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    ratio_w, ratio_h = ratio
    if width * ratio_h > height * ratio_w:
        box_w, box_h = max(1, round(height * ratio_w / ratio_h)), height
    else:
        box_w, box_h = width, max(1, round(width * ratio_h / ratio_w))
    left = _clamp(round(focal[0] * width - box_w / 2), 0, width - box_w)
    top = _clamp(round(focal[1] * height - box_h / 2), 0, height - box_h)
    return (left, top, left + box_w, top + box_h)


def widths_for(available: int) -> list[int]:
    """The standard widths below `available`, plus the largest we can make without upscaling."""
    largest = min(available, WIDTHS[-1])
    return [*(width for width in WIDTHS if width < largest), largest]


def render(
    data: bytes,
    *,
    focal: tuple[float, float] = (0.5, 0.5),
    crops: tuple[str, ...] = tuple(CROPS),
    formats: tuple[str, ...] = FORMATS,
) -> Iterator[RenderedFile]:
    """Every rendition of the photo in `data`, upright and carrying no EXIF, XMP or IPTC."""
    for crop, cropped in _crops(data, focal=focal, crops=crops):
        for width in sorted(widths_for(cropped.width), reverse=True):
            height = max(1, round(width * cropped.height / cropped.width))
            resized = cropped.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
            for image_format in formats:
                yield RenderedFile(
                    crop, image_format, width, height, _encode(resized, image_format)
                )


def _crops(
    data: bytes, *, focal: tuple[float, float], crops: tuple[str, ...]
) -> Iterator[tuple[str, PILImage.Image]]:
    with PILImage.open(io.BytesIO(data)) as source:
        # A JPEG can decode at 1/2, 1/4 or 1/8 scale for a fraction of the work; ask for
        # just enough pixels for the widest rendition of the frame.
        largest = WIDTHS[-1]
        source.draft("RGB", (largest, max(1, round(largest * source.height / source.width))))
        upright = ImageOps.exif_transpose(source)
        photo = _flatten(upright)
    for crop in crops:
        box = crop_box(photo.size, CROPS[crop], focal)
        yield crop, photo.crop(box)


def _flatten(image: PILImage.Image) -> PILImage.Image:
    """An RGB copy with nothing from the file's metadata, transparency laid on white."""
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = PILImage.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = image.convert("RGB")
    # Crops and resizes copy `info`; emptying it means nothing can follow into a save.
    flat.info = {}
    return flat


def _encode(image: PILImage.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, **_SAVE_OPTIONS[image_format])
    return buffer.getvalue()


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
