"""Read what a photo says about itself: its IPTC (IIM) and XMP metadata.

Fields follow the IPTC Photo Metadata Standard's mapping between the two forms, and the
Metadata Working Group's rules decide which wins when they disagree.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from PIL import Image as PILImage
from PIL import IptcImagePlugin

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"

# Photoshop image resources: the IIM block, and the digest of it an XMP-aware tool leaves.
IRB_IIM = 0x0404
IRB_IIM_DIGEST = 0x0425
# IIM 1:90 names the character set; this escape sequence (ISO 2022) means UTF-8.
CODED_CHARACTER_SET = (1, 90)
UTF8_ESCAPE = b"\x1b%G"


@dataclass(frozen=True)
class PhotoMetadata:
    """What the photo's metadata says; empty strings where it says nothing."""

    caption: str = ""
    headline: str = ""
    credit_line: str = ""
    creator: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    alt_text: str = ""
    keywords: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class _Field:
    name: str
    iim: tuple[int, int] | None  # record and dataset, e.g. 2:120
    xmp: tuple[str, str]  # namespace and property
    is_list: bool = False  # kept as a tuple; other repeated values are joined with commas


# The IPTC standard's table: each field's IIM dataset and XMP property.
FIELDS = (
    _Field("caption", (2, 120), (DC, "description")),
    _Field("headline", (2, 105), (PHOTOSHOP, "Headline")),
    _Field("credit_line", (2, 110), (PHOTOSHOP, "Credit")),
    _Field("creator", (2, 80), (DC, "creator")),
    _Field("copyright_notice", (2, 116), (DC, "rights")),
    _Field("usage_terms", None, (XMP_RIGHTS, "UsageTerms")),
    _Field("alt_text", None, (IPTC_CORE, "AltTextAccessibility")),
    _Field("keywords", (2, 25), (DC, "subject"), is_list=True),
)


def read_metadata(image: PILImage.Image) -> PhotoMetadata:
    """The photo's metadata; a damaged or missing block reads as saying nothing."""
    iim = read_iim(image)
    xmp = read_xmp(image.info.get("xmp"))
    prefer_iim = _iim_changed_since_xmp(image.info.get("photoshop") or {})
    values = {}
    for field in FIELDS:
        # MWG "Guidelines for Handling Image Metadata" 2.0, reading IIM beside XMP: when
        # the IIM block carries a digest and it still matches, an XMP-aware tool wrote both,
        # so XMP is the richer copy and wins. With no digest, XMP also wins, and IIM only
        # fills a field XMP lacks. A digest that no longer matches means an older tool edited
        # the IIM after XMP was written, so the IIM value is the newer one and wins instead.
        first, second = (iim, xmp) if prefer_iim else (xmp, iim)
        found = first.get(field.name) or second.get(field.name) or []
        values[field.name] = tuple(found) if field.is_list else ", ".join(found)
    return PhotoMetadata(**values)


def read_iim(image: PILImage.Image) -> dict[str, list[str]]:
    """IIM fields by our names, each a list of its (possibly repeated) values."""
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, OSError, ValueError):
        return {}
    decode = _iim_decoder(info.get(CODED_CHARACTER_SET))
    found = {}
    for field in FIELDS:
        raw = info.get(field.iim) if field.iim else None
        items = raw if isinstance(raw, list) else [raw]
        texts = [text for item in items if item and (text := decode(item).strip())]
        if texts:
            found[field.name] = texts
    return found


def read_xmp(packet: bytes | str | None) -> dict[str, list[str]]:
    """XMP fields by our names. defusedxml refuses entity tricks (billion laughs, XXE)."""
    if not packet:
        return {}
    try:
        root = fromstring(packet)
    except (ParseError, DefusedXmlException, ValueError):
        return {}
    rdf = root if root.tag == f"{{{RDF}}}RDF" else root.find(f".//{{{RDF}}}RDF")
    if rdf is None:
        return {}
    descriptions = rdf.findall(f"{{{RDF}}}Description")
    found = {}
    for field in FIELDS:
        if values := _xmp_property(descriptions, *field.xmp):
            found[field.name] = values
    return found


def _iim_decoder(coded_character_set: bytes | None) -> Callable[[bytes], str]:
    if coded_character_set == UTF8_ESCAPE:
        return lambda raw: raw.decode("utf-8", errors="replace")
    return _decode_legacy


def _decode_legacy(raw: bytes) -> str:
    """IIM text that does not declare UTF-8: Windows-1252, the usual legacy encoding.

    Many tools write UTF-8 without saying so; bytes that form valid multi-byte UTF-8 almost
    never come from Windows-1252 text, so those are read as UTF-8.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: Latin-1 maps every byte.
        return raw.decode("latin-1")


def _iim_changed_since_xmp(photoshop: dict) -> bool:
    block, digest = photoshop.get(IRB_IIM), photoshop.get(IRB_IIM_DIGEST)
    if not isinstance(block, bytes) or not isinstance(digest, bytes):
        return False
    return hashlib.md5(block, usedforsecurity=False).digest() != digest


def _xmp_property(descriptions: list[Element], namespace: str, name: str) -> list[str]:
    tag = f"{{{namespace}}}{name}"
    for description in descriptions:
        # A simple value may be written as an attribute of rdf:Description.
        if tag in description.attrib:
            value = description.attrib[tag].strip()
            return [value] if value else []
        if (prop := description.find(tag)) is not None:
            return _xmp_values(prop)
    return []


def _xmp_values(prop: Element) -> list[str]:
    """A property's text: a language alternative's default, or an array's items in order."""
    for container in ("Alt", "Seq", "Bag"):
        array = prop.find(f"{{{RDF}}}{container}")
        if array is None:
            continue
        items = array.findall(f"{{{RDF}}}li")
        if container == "Alt":
            default = [li for li in items if li.get(XML_LANG) == "x-default"]
            items = default or items[:1]
        return [text for li in items if (text := (li.text or "").strip())]
    text = (prop.text or "").strip()
    return [text] if text else []
