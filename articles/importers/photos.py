"""Import photo files from disk or an agency drop folder: each becomes a library image.

Captions, credits and rights come from each photo's own IPTC and XMP metadata. A file already
in the library (same content) is left alone, so a re-run over the same folder adds nothing.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from articles.images.services import DuplicateImage, image_ingest
from articles.images.validation import ImageRejected
from articles.importers.report import ImportReport, Outcome

SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".avif", ".tif", ".tiff", ".gif"})


def import_photos(*, paths: Iterable[Path]) -> ImportReport:
    """Ingest every photo under `paths`; a bad file is reported and the others go on."""
    report = ImportReport()
    for path in _photo_files(paths, report):
        try:
            with path.open("rb") as photo:
                image = image_ingest(file=photo, name=path.name)
        except DuplicateImage as duplicate:
            report.add(Outcome.UNCHANGED, path=str(path), title=_title(duplicate.existing))
        except ImageRejected as error:
            report.fail(str(error), path=str(path))
        except OSError as error:
            report.fail(f"cannot read the file ({error.strerror})", path=str(path))
        else:
            report.add(Outcome.CREATED, path=str(path), title=_title(image))
    return report


def _photo_files(paths: Iterable[Path], report: ImportReport) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and found.suffix.lower() in SUFFIXES and not hidden:
                    yield found
        elif path.is_file():
            yield path
        else:
            report.fail("no such file or directory", path=str(path))


def _title(image) -> str:
    return f"image {image.pk}: {image}"
