"""Check an uploaded photo before anything is stored: a real, whole image of sane size."""

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from articles.images.metadata import PhotoMetadata, read_metadata

# Formats a newsroom receives from cameras and agencies, and that renditions can start from.
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "AVIF", "TIFF", "GIF"})


class ImageRejected(ValueError):
    """An upload we will not store; the message tells the editor why, in plain words."""


@dataclass(frozen=True)
class CheckedImage:
    """A photo that passed every check, with what we learned on the way."""

    data: bytes
    content_hash: str
    format: str
    width: int
    height: int
    metadata: PhotoMetadata


def check_image(
    file: IO[bytes], *, max_bytes: int | None = None, max_pixels: int | None = None
) -> CheckedImage:
    """Read and check the file: raises ImageRejected unless it is a whole, decodable photo."""
    max_bytes = max_bytes or settings.NEWSROOM_IMAGE_MAX_BYTES
    max_pixels = max_pixels or settings.NEWSROOM_IMAGE_MAX_PIXELS
    if hasattr(file, "seek"):
        file.seek(0)
    # One byte more than allowed is enough to know it is too big, without reading it all.
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(
            f"The file is larger than the {filesizeformat(max_bytes)} allowed for a photo."
        )
    if not data:
        raise ImageRejected("The file is empty.")
    with warnings.catch_warnings():
        # Our own pixel limit below is the one that applies; Pillow's warning is noise.
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        return _decode(data, max_pixels=max_pixels)


def _decode(data: bytes, *, max_pixels: int) -> CheckedImage:
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            # The header gives the size before any pixel is decoded: check it first.
            width, height = image.size
            if width * height > max_pixels:
                raise ImageRejected(
                    f"The image is {width} × {height} pixels, more than the "
                    f"{max_pixels:,} allowed; save a smaller version and upload that."
                )
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(
                    f"{image.format} images are not accepted; upload a JPEG, PNG or WebP."
                )
            image_format = image.format
            metadata = read_metadata(image)
            image.verify()
        # verify() checks structure only; decoding every pixel finds a truncated file.
        with PILImage.open(io.BytesIO(data)) as image:
            image.load()
    except ImageRejected:
        raise
    except UnidentifiedImageError:
        raise ImageRejected("The file is not an image Newsroom can read.") from None
    except PILImage.DecompressionBombError:
        # Pillow's own guard, for sizes so absurd it refuses to read even the header.
        raise ImageRejected(
            f"The image has far more than the {max_pixels:,} pixels allowed."
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRejected(
            f"The image is damaged or incomplete ({error}); try exporting it again."
        ) from None
    return CheckedImage(
        data=data,
        content_hash=hashlib.sha256(data).hexdigest(),
        format=image_format,
        width=width,
        height=height,
        metadata=metadata,
    )
