"""Writes for photos: take in an original, fill its record from its metadata, make renditions.

The admin, the photo importer, the demo loader and the backfill command all call these.
"""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.text import Truncator
from PIL import Image as PILImage

from articles.images.metadata import PhotoMetadata
from articles.images.renditions import render
from articles.images.validation import CheckedImage, check_image
from articles.importers.lookups import Lookups
from articles.importers.text import parse_credit
from articles.models import Image, Rendition

logger = logging.getLogger(__name__)

# Text fields filled from the metadata, each only where the editor has left it blank.
_PREFILLED = ("caption", "headline", "credit_line", "copyright_notice", "usage_terms", "alt_text")


class DuplicateImage(Exception):
    """The same file is already in the library; `existing` is its record."""

    def __init__(self, existing: Image) -> None:
        super().__init__(f"This photo is already in the library as image {existing.pk}.")
        self.existing = existing


def image_ingest(
    *,
    file: IO[bytes],
    name: str,
    image: Image | None = None,
    checked: CheckedImage | None = None,
) -> Image:
    """Store `file` as the original of `image` (a new record if None), filling blank fields
    from the photo's metadata, then make its renditions.

    Raises ImageRejected for a file that is not a whole, sane photo, and DuplicateImage when
    another record already holds the same file. A failure while making renditions is logged
    and leaves the photo saved: pages show the original until the backfill command runs.
    """
    checked = checked or check_image(file)
    image = image or Image()
    existing = Image.objects.filter(content_hash=checked.content_hash).exclude(pk=image.pk)
    if duplicate := existing.first():
        raise DuplicateImage(duplicate)
    storage_name = ""
    replaced = image.file.name if image.file else ""
    try:
        with transaction.atomic():
            metadata_prefill(image=image, metadata=checked.metadata)
            image.content_hash = checked.content_hash
            file_name = _file_name(name, checked.format)
            # The content needs its name, or ImageField cannot read the width and height.
            content = ContentFile(checked.data, name=file_name)
            image.file.save(file_name, content, save=False)
            storage_name = image.file.name
            image.save()
    except Exception as error:
        _delete_quietly(image.file.storage, storage_name)
        # Another upload of the same file may have won the race between check and save.
        won = Image.objects.filter(content_hash=checked.content_hash).first()
        if isinstance(error, IntegrityError) and won:
            raise DuplicateImage(won) from None
        raise
    if replaced and replaced != image.file.name:
        # The editor replaced the photo: the old original is nobody's any more.
        storage = image.file.storage
        transaction.on_commit(lambda: _delete_quietly(storage, replaced))
    try:
        renditions_generate(image=image, data=checked.data)
    except Exception:
        logger.exception("Could not make renditions of image %s", image.pk)
    return image


def metadata_prefill(*, image: Image, metadata: PhotoMetadata) -> list[str]:
    """Fill the record's blank fields from the metadata; returns the names of those filled.

    Photographer and agency become records: the credit line is split as the text importer
    splits printed credits, and the creator names the photographer when the credit does not.
    """
    filled = []
    for field_name in _PREFILLED:
        value = getattr(metadata, field_name)
        if value and not getattr(image, field_name):
            setattr(image, field_name, _fit(image, field_name, value))
            filled.append(field_name)
    if metadata.keywords and not image.keywords:
        image.keywords = _fit(image, "keywords", ", ".join(metadata.keywords))
        filled.append("keywords")
    credit = parse_credit(metadata.credit_line) if metadata.credit_line else None
    # The importers' matching, so a photo's agency and photographer are never duplicated.
    lookups = Lookups()
    if image.agency is None and credit and credit.agency:
        image.agency = lookups.outlet(_fit_name(credit.agency))
        filled.append("agency")
    photographer = (credit.photographer if credit else "") or metadata.creator
    if image.photographer is None and photographer:
        image.photographer = lookups.contributor(_fit_name(photographer), outlet=image.agency)
        filled.append("photographer")
    return filled


def renditions_generate(*, image: Image, data: bytes | None = None) -> int:
    """Replace the photo's renditions with a fresh set; returns how many were made.

    Drawing happens before any write, so a photo that cannot be drawn keeps its old set.
    `data` saves reading the original back from storage when the caller has it.
    """
    # Never through image.renditions: a page may have prefetched only some of them.
    current = Rendition.objects.filter(image=image)
    if not image.file:
        current.delete()
        return 0
    if data is None:
        with image.file.open("rb") as original:
            data = original.read()
    rendered = list(render(data, focal=(image.focal_x, image.focal_y)))

    storage = Rendition._meta.get_field("file").storage
    # A fresh token per set: new URLs, so no cache keeps serving the old crop.
    token = secrets.token_hex(4)
    saved: list[Rendition] = []
    try:
        for item in rendered:
            crop = item.crop.replace(":", "x")
            path = f"renditions/{image.pk}/{crop}-{item.width}-{token}.{item.extension}"
            saved.append(
                Rendition(
                    image=image,
                    crop=item.crop,
                    format=item.format,
                    width=item.width,
                    height=item.height,
                    file=storage.save(path, ContentFile(item.data)),
                )
            )
        with transaction.atomic():
            old_names = list(current.values_list("file", flat=True))
            current.delete()
            Rendition.objects.bulk_create(saved)
    except Exception:
        for rendition in saved:
            _delete_quietly(storage, rendition.file.name)
        raise
    transaction.on_commit(lambda: [_delete_quietly(storage, name) for name in old_names])
    return len(saved)


def images_delete(*, images: Iterable[Image]) -> int:
    """Delete photos with their files: a photo taken down must not live on at a rendition URL.

    Files go once the deletion is committed, so a rolled-back delete keeps them.
    """
    deleted = 0
    for image in images:
        files = image_files(image=image)
        image.delete()
        deleted += 1
        transaction.on_commit(lambda files=files: files_delete(files=files))
    return deleted


def image_files(*, image: Image) -> list[tuple[Storage, str]]:
    """Where the photo's renditions and original are stored, as (storage, name) pairs."""
    rendition_storage = Rendition._meta.get_field("file").storage
    names = Rendition.objects.filter(image=image).values_list("file", flat=True)
    files = [(rendition_storage, name) for name in names]
    return [*files, (image.file.storage, image.file.name)]


def files_delete(*, files: Iterable[tuple[Storage, str]]) -> None:
    """Delete stored files now; one that cannot be deleted is logged, not raised."""
    for storage, name in files:
        _delete_quietly(storage, name)


@dataclass
class BackfillReport:
    made: dict[int, int] = field(default_factory=dict)  # image id: renditions made
    moved: list[int] = field(default_factory=list)  # image ids whose original went private
    failed: dict[int, str] = field(default_factory=dict)  # image id: reason


def renditions_backfill(*, images: Iterable[Image], force: bool = False) -> BackfillReport:
    """Make renditions for photos that lack them (every photo with `force`), one at a time.

    A photo that cannot be drawn is reported and skipped; the rest go on.
    """
    report = BackfillReport()
    for image in images:
        if not image.file or (not force and Rendition.objects.filter(image=image).exists()):
            continue
        try:
            if original_make_private(image=image):
                report.moved.append(image.pk)
            report.made[image.pk] = renditions_generate(image=image)
        except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as error:
            report.failed[image.pk] = f"{image.file.name}: {error}"
    return report


def original_make_private(*, image: Image) -> bool:
    """Move an original uploaded before originals went private out of public storage.

    Returns whether it moved. The copy is made before the public file is deleted.
    """
    private, public = image.file.storage, Rendition._meta.get_field("file").storage
    name = image.file.name
    if private.exists(name) or not public.exists(name):
        return False
    with public.open(name, "rb") as original:
        image.file.name = private.save(name, original)
    image.save(update_fields=["file"])
    public.delete(name)
    return True


def _file_name(name: str, image_format: str) -> str:
    """The uploaded name, with the extension its real format has."""
    stem = PurePath(name).stem or "photo"
    extension = {"JPEG": "jpg", "TIFF": "tif"}.get(image_format, image_format.lower())
    return f"{stem}.{extension}"


def _fit(image: Image, field_name: str, value: str) -> str:
    return Truncator(value).chars(image._meta.get_field(field_name).max_length or len(value))


def _fit_name(name: str) -> str:
    return Truncator(name.strip()).chars(200)


def _delete_quietly(storage, name: str) -> None:
    if not name:
        return
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Could not delete %s from storage", name)
