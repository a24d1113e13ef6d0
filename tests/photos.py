"""Photos made in memory for tests, with exactly the metadata a test needs written into them."""

import hashlib
import io
import struct

from PIL import Image as PILImage

UTF8 = b"\x1b%G"


def iim_block(fields: dict[tuple[int, int], str | list[str]], *, encoding: str = "utf-8") -> bytes:
    """IPTC IIM datasets: 0x1C, record, dataset, a two-byte length, then the value."""
    block = b""
    for (record, dataset), values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            raw = value if isinstance(value, bytes) else value.encode(encoding)
            block += struct.pack(">BBBH", 0x1C, record, dataset, len(raw)) + raw
    return block


def photoshop_segment(iim: bytes, *, digest: bytes | None = None) -> bytes:
    """A JPEG APP13 segment: Photoshop image resources holding the IIM block (0x0404)."""
    resources = _resource(0x0404, iim)
    if digest is not None:
        resources += _resource(0x0425, digest)
    payload = b"Photoshop 3.0\x00" + resources
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def _resource(code: int, data: bytes) -> bytes:
    padding = b"\x00" if len(data) % 2 else b""
    # "8BIM", the resource id, an empty name padded to even length, the size, the data.
    return (
        b"8BIM"
        + struct.pack(">H", code)
        + b"\x00\x00"
        + struct.pack(">I", len(data))
        + data
        + padding
    )


def xmp_packet(
    *,
    description: str = "",
    creator: str = "",
    credit: str = "",
    rights: str = "",
    alt_text: str = "",
    headline: str = "",
    usage_terms: str = "",
    keywords: tuple[str, ...] = (),
) -> bytes:
    """An XMP packet as cameras and photo desks write it, rdf:Alt for language alternatives."""

    def alt(tag: str, text: str) -> str:
        if not text:
            return ""
        return f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt></{tag}>'

    def array(tag: str, kind: str, items: tuple[str, ...]) -> str:
        if not items:
            return ""
        lis = "".join(f"<rdf:li>{item}</rdf:li>" for item in items)
        return f"<{tag}><rdf:{kind}>{lis}</rdf:{kind}></{tag}>"

    simple = f"<photoshop:Headline>{headline}</photoshop:Headline>" if headline else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        ' xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"'
        + (f' photoshop:Credit="{credit}"' if credit else "")
        + ">"
        + alt("dc:description", description)
        + array("dc:creator", "Seq", (creator,) if creator else ())
        + alt("dc:rights", rights)
        + alt("Iptc4xmpCore:AltTextAccessibility", alt_text)
        + alt("xmpRights:UsageTerms", usage_terms)
        + array("dc:subject", "Bag", keywords)
        + simple
        + "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def jpeg_bytes(
    size: tuple[int, int] = (64, 48),
    *,
    colour: str = "teal",
    iim: bytes | None = None,
    iim_digest: bytes | None = None,
    xmp: bytes | None = None,
    exif: bytes | None = None,
    draw=None,
) -> bytes:
    """A small JPEG; `iim` goes in an APP13 segment, `xmp` in APP1, as Photoshop writes them."""
    image = PILImage.new("RGB", size, colour)
    if draw:
        draw(image)
    options = {}
    if iim is not None:
        options["extra"] = photoshop_segment(iim, digest=iim_digest)
    if xmp is not None:
        options["xmp"] = xmp
    if exif is not None:
        options["exif"] = exif
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def md5(data: bytes) -> bytes:
    return hashlib.md5(data, usedforsecurity=False).digest()


def gps_exif() -> bytes:
    """EXIF naming a camera owner and a GPS position: what must never reach readers."""
    exif = PILImage.Exif()
    exif[0x013B] = "Private Photographer"  # Artist
    exif[0xA430] = "Camera Owner Name"  # CameraOwnerName
    exif[0x8825] = {1: "N", 2: (32.0, 46.0, 44.0), 3: "E", 4: (35.0, 13.0, 48.0)}  # GPS IFD
    exif[0x0112] = 1  # orientation: upright
    return exif.tobytes()
