import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from articles.images.metadata import PhotoMetadata, read_metadata
from tests.photos import UTF8, iim_block, jpeg_bytes, md5, xmp_packet

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
REFERENCE = SHARED / "samples/images/IPTC-PhotometadataRef-Std2021.1.jpg"


def metadata_of(data: bytes) -> PhotoMetadata:
    with PILImage.open(io.BytesIO(data)) as image:
        return read_metadata(image)


def test_iim_only_photo_gives_caption_credit_creator_and_copyright():
    iim = iim_block(
        {
            (1, 90): UTF8,
            (2, 120): "Ferries at the north pier at dawn.",
            (2, 110): "Ivo Brandt/Coastline",
            (2, 80): "Ivo Brandt",
            (2, 116): "© 2025 Coastline Photo Agency",
            (2, 105): "Dawn ferries",
            (2, 25): ["ferries", "harbour"],
        }
    )

    found = metadata_of(jpeg_bytes(iim=iim))

    assert found == PhotoMetadata(
        caption="Ferries at the north pier at dawn.",
        headline="Dawn ferries",
        credit_line="Ivo Brandt/Coastline",
        creator="Ivo Brandt",
        copyright_notice="© 2025 Coastline Photo Agency",
        keywords=("ferries", "harbour"),
    )


def test_xmp_only_photo_gives_every_field_including_alt_text_and_usage_terms():
    xmp = xmp_packet(
        description="The sea wall at high tide.",
        creator="Rhea Marlow",
        credit="Rhea Marlow/Harbour Gazette",
        rights="© Harbour Gazette",
        alt_text="Waves breaking over a concrete sea wall.",
        headline="High tide",
        usage_terms="Editorial use only",
        keywords=("sea wall", "storm"),
    )

    found = metadata_of(jpeg_bytes(xmp=xmp))

    assert found == PhotoMetadata(
        caption="The sea wall at high tide.",
        headline="High tide",
        credit_line="Rhea Marlow/Harbour Gazette",
        creator="Rhea Marlow",
        copyright_notice="© Harbour Gazette",
        usage_terms="Editorial use only",
        alt_text="Waves breaking over a concrete sea wall.",
        keywords=("sea wall", "storm"),
    )


def test_xmp_wins_where_iim_and_xmp_disagree_and_iim_fills_what_xmp_lacks():
    iim = iim_block(
        {(2, 120): "Old caption from the wire", (2, 116): "© Old", (2, 110): "Wire Photo"}
    )
    xmp = xmp_packet(description="Corrected caption", rights="© New")

    found = metadata_of(jpeg_bytes(iim=iim, xmp=xmp))

    assert found.caption == "Corrected caption"
    assert found.copyright_notice == "© New"
    assert found.credit_line == "Wire Photo"


def test_iim_edited_after_xmp_wins_when_its_digest_no_longer_matches():
    iim = iim_block({(2, 120): "Caption edited in an old tool"})
    xmp = xmp_packet(description="Caption from before the edit")

    stale = metadata_of(jpeg_bytes(iim=iim, xmp=xmp, iim_digest=md5(b"the block as it was")))
    in_sync = metadata_of(jpeg_bytes(iim=iim, xmp=xmp, iim_digest=md5(iim)))

    assert stale.caption == "Caption edited in an old tool"
    assert in_sync.caption == "Caption from before the edit"


def test_iim_declared_utf8_is_decoded_as_utf8():
    iim = iim_block({(1, 90): UTF8, (2, 120): "Straße in Zürich, 東京の港"})

    assert metadata_of(jpeg_bytes(iim=iim)).caption == "Straße in Zürich, 東京の港"


def test_iim_without_a_character_set_is_read_as_a_legacy_encoding():
    iim = iim_block(
        {(2, 120): "Café on the quay – Zürich", (2, 80): "José Núñez"}, encoding="cp1252"
    )

    found = metadata_of(jpeg_bytes(iim=iim))

    assert found.caption == "Café on the quay – Zürich"
    assert found.creator == "José Núñez"


def test_photo_without_metadata_gives_nothing():
    found = metadata_of(jpeg_bytes())

    assert found == PhotoMetadata()
    assert not found


def test_malformed_xmp_is_ignored_and_iim_still_read():
    iim = iim_block({(2, 120): "Still here"})

    found = metadata_of(jpeg_bytes(iim=iim, xmp=b"<x:xmpmeta><rdf:RDF><unclosed"))

    assert found.caption == "Still here"


def test_xmp_with_entity_declarations_is_refused_rather_than_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>&b;</dc:description>'
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )

    assert metadata_of(jpeg_bytes(xmp=bomb)).caption == ""


def test_iptc_reference_image_fills_caption_credit_creator_and_copyright():
    if not REFERENCE.exists():
        pytest.skip(f"IPTC reference image not found at {REFERENCE} (needs ../shared)")

    found = metadata_of(REFERENCE.read_bytes())

    assert found.caption == "The description aka caption (ref2021.1)"
    assert found.credit_line == "Credit Line (ref2021.1)"
    assert found.creator == "Creator1 (ref2021.1)"
    assert found.copyright_notice == "Copyright (Notice) 2021.1 IPTC - www.iptc.org  (ref2021.1)"
    assert found.headline == "The Headline (ref2021.1)"
    assert found.usage_terms == "Rights Usage Terms (ref2021.1)"
    assert found.alt_text.startswith("This is the Alt Text description")
    assert found.keywords == ("Keyword1ref2021.1", "Keyword2ref2021.1", "Keyword3ref2021.1")
