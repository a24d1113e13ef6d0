from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.importers.photos import import_photos
from articles.models import Image
from tests.photos import UTF8, iim_block, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def drop_folder(tmp_path):
    folder = tmp_path / "agency-drop"
    (folder / "monday").mkdir(parents=True)
    iim = iim_block({(1, 90): UTF8, (2, 120): "Ferry at the quay.", (2, 110): "Reuters"})
    (folder / "monday" / "ferry.jpg").write_bytes(jpeg_bytes((640, 480), iim=iim))
    (folder / "gulls.jpg").write_bytes(jpeg_bytes((640, 480), colour="navy"))
    (folder / "notes.jpg").write_text("Captions to follow by email.")
    (folder / "readme.txt").write_text("Not a photo, and not named like one.")
    return folder


def test_import_reads_metadata_and_reports_bad_files(drop_folder):
    report = import_photos(paths=[drop_folder])

    assert report.counts() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 1,
    }
    assert str(report.failed[0]).endswith("notes.jpg: The file is not an image Newsroom can read.")
    ferry = Image.objects.get(caption="Ferry at the quay.")
    assert ferry.agency.name == "Reuters"
    assert ferry.renditions.exists()


def test_reimporting_the_same_folder_adds_nothing(drop_folder):
    import_photos(paths=[drop_folder])

    again = import_photos(paths=[drop_folder])

    assert again.counts()["unchanged"] == 2
    assert Image.objects.count() == 2


def test_command_prints_the_report_and_fails_on_bad_files(drop_folder):
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 file"):
        call_command("import_photos", str(drop_folder), stdout=out, stderr=err)

    assert "2 created, 0 updated, 0 unchanged, 0 skipped, 1 failed" in out.getvalue()
    assert "notes.jpg: The file is not an image" in err.getvalue()
