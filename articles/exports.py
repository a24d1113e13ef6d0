"""Published stories as IPTC ninjs 3.1, for partners, archives and another Newsroom.

The document keeps what the ninjs importer reads back: every byline as a person, writers
with the relation "author" (and in `by`) and the others by their role; tags as subjects,
the section as a subject with the relation "section", the source outlet as an info source,
and the lead photo as a picture association with its caption, alt text, credit,
photographer and agency.
"""

import json
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from articles.models import Article, Byline, Image

NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
_CHUNK_SIZE = 500
# A byline's role as a ninjs relation: writers are authors; other roles keep their names,
# which the importer reads back as the same roles.
_CREDIT_RELATIONS = {Byline.Role.WRITER: "author"}


def published_for_export(*, since: datetime | None = None):
    """Every story readers may see, with all a ninjs document needs, oldest first."""
    return (
        Article.objects.published()
        .changed_since(since)
        .for_detail()
        .select_related("lead_image")
        .order_by("pk")
    )


def story_ninjs(article: Article) -> dict:
    """One published story as a ninjs 3.1 news item; reads only prefetched relations."""
    writers = [b.contributor for b in article.bylines.all() if b.role == Byline.Role.WRITER]
    document = {
        "uri": _uri("story", article.pk),
        "type": "text",
        "representationType": "full",
        "firstCreated": article.published_at.isoformat(),
        "versionCreated": article.updated_at.isoformat(),
        "pubStatus": "usable",
        "language": settings.LANGUAGE_CODE,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": article.body}],
        "renditions": [
            {
                "name": "html",
                "href": settings.SITE_URL + article.get_absolute_url(),
                "contentType": "text/html",
            }
        ],
        "standard": {"name": "ninjs", "version": "3.1", "schema": NINJS_SCHEMA},
    }
    if article.dek:
        document["headlines"].append({"role": "subhead", "value": article.dek})
    if writers:
        document["by"] = _names_joined([w.name for w in writers])
    # Every credit in byline order: writers as authors, the rest by their role.
    people = [
        {"name": b.contributor.name, "rel": _CREDIT_RELATIONS.get(b.role, b.role)}
        for b in article.bylines.all()
    ]
    people += [_person(person) for person in article.people.all()]
    if people:
        document["people"] = people
    subjects = [{"name": tag.name} for tag in article.tags.all()]
    if article.section:
        subjects.append({"name": article.section.name, "rel": "section"})
    if subjects:
        document["subjects"] = subjects
    if article.source_outlet:
        document["infoSources"] = [_source(article.source_outlet)]
    if article.lead_image:
        document["associations"] = [_picture(article.lead_image)]
    return document


def ninjs_stream(*, since: datetime | None = None, lines: bool = False) -> Iterator[str]:
    """The export, piece by piece: a JSON array of items, or one item a line (JSON Lines)."""
    articles = published_for_export(since=since).iterator(chunk_size=_CHUNK_SIZE)
    if lines:
        for article in articles:
            yield _json(story_ninjs(article)) + "\n"
        return
    yield "["
    for at, article in enumerate(articles):
        yield ("," if at else "") + "\n" + _json(story_ninjs(article))
    yield "\n]\n"


def _json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)


def _uri(kind: str, pk: int) -> str:
    # Stable for the life of the record, unlike a URL with a slug, and unique to this site.
    return f"urn:newsroom:{urlsplit(settings.SITE_URL).netloc}:{kind}:{pk}"


def _names_joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _person(person) -> dict:
    entry = {"name": person.name}
    if person.wikidata_id:
        entry["uri"] = f"http://www.wikidata.org/entity/{person.wikidata_id}"
    return entry


def _source(outlet) -> dict:
    entry = {"name": outlet.name, "role": "originator"}
    if outlet.url:
        entry["uri"] = outlet.url
    return entry


def _picture(image: Image) -> dict:
    association = {"name": "lead-image", "uri": _uri("image", image.pk), "type": "picture"}
    if image.credit_line or image.credit:
        association["by"] = image.credit_line or image.credit
    descriptions = [{"role": "caption", "value": image.caption}] if image.caption else []
    if image.alt_text:
        descriptions.append({"role": "alt", "value": image.alt_text})
    if descriptions:
        association["descriptions"] = descriptions
    if image.photographer:
        association["people"] = [{"name": image.photographer.name, "rel": "photographer"}]
    if image.agency:
        association["infoSources"] = [_source(image.agency)]
    # The original stays private: partners get the public JPEG renditions (prefetched by
    # for_detail), or before those exist the public photo address that stands in for them.
    jpegs = [r for r in image.renditions.all() if r.format == "jpeg" and r.crop == "original"]
    if jpegs:
        association["renditions"] = [
            {
                "name": f"{r.width}w",
                "href": _absolute(r.file.url),
                "width": r.width,
                "height": r.height,
                "contentType": "image/jpeg",
            }
            for r in jpegs
        ]
    elif image.file:
        rendition = {
            "name": "original",
            "href": _absolute(reverse("articles:photo", args=[image.pk])),
        }
        if image.width and image.height:
            rendition |= {"width": image.width, "height": image.height}
        association["renditions"] = [rendition]
    return association


def _absolute(url: str) -> str:
    return url if "://" in url else settings.SITE_URL + url
