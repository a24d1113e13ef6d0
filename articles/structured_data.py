"""What search engines and social sites read about a page: schema.org JSON-LD and Open Graph.

Plain functions from prefetched objects to dicts and tag lists, so the data says exactly
what the page shows and costs no queries of its own. `absolute` turns a path into the
public URL (newsroom.absolute.absolute_url bound to the request).
"""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Image
from people.models import Contributor, Person

Absolute = Callable[[str], str]

CONTEXT = "https://schema.org"
LOGO_PATH, LOGO_SIZE = "img/logo.png", 512
# Bylines credited as authors; the other roles are listed as what they are.
AUTHOR_ROLES = {Byline.Role.WRITER, Byline.Role.CONTRIBUTOR}


def iso(value: datetime) -> str:
    """ISO 8601 with the UTC offset, as schema.org and Open Graph want dates."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def publisher(absolute: Absolute) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(LOGO_PATH)),
            "width": LOGO_SIZE,
            "height": LOGO_SIZE,
        },
    }


def contributor_data(contributor: Contributor, absolute: Absolute) -> dict:
    data = {
        "@type": "Person",
        "name": contributor.name,
        "url": absolute(contributor.get_absolute_url()),
    }
    if contributor.outlet:
        data["worksFor"] = {"@type": "NewsMediaOrganization", "name": contributor.outlet.name}
    return data


def person_data(person: Person, absolute: Absolute) -> dict:
    data = {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}
    if person.office:
        data["jobTitle"] = person.office
    if person.wikidata_id:
        data["sameAs"] = [f"https://www.wikidata.org/wiki/{person.wikidata_id}"]
    return data


STRUCTURED_CROPS = ("16:9", "4:3", "1:1")


def image_crops(image: Image, absolute: Absolute) -> list[dict]:
    """The photo's 16:9, 4:3 and 1:1 crops (URL, width, height), each at its widest JPEG.

    Reads the renditions `for_detail()` prefetched, narrowest first. Before they exist, the
    public photo address stands in: the original file itself is private.
    """
    widest = {r.crop: r for r in image.renditions.all() if r.format == "jpeg"}
    crops = [widest[crop] for crop in STRUCTURED_CROPS if crop in widest]
    if crops:
        return [{"url": absolute(r.file.url), "width": r.width, "height": r.height} for r in crops]
    url = absolute(reverse("articles:photo", args=[image.pk]))
    return [{"url": url, "width": image.width, "height": image.height}]


def copyright_notice(image: Image) -> str:
    return image.copyright_notice or image.credit


def image_data(image: Image, absolute: Absolute) -> list[dict]:
    """One ImageObject per crop, each carrying the caption and credit."""
    creator = (
        contributor_data(image.photographer, absolute)
        if image.photographer
        else {"@type": "Organization", "name": image.agency.name}
        if image.agency
        else None
    )
    objects = []
    for crop in image_crops(image, absolute):
        data = {"@type": "ImageObject", "contentUrl": crop["url"], "url": crop["url"]}
        if crop["width"] and crop["height"]:
            data.update(width=crop["width"], height=crop["height"])
        if image.caption:
            data["caption"] = image.caption
        if image.credit:
            data["creditText"] = image.credit
        if creator:
            data["creator"] = creator
        if notice := copyright_notice(image):
            data["copyrightNotice"] = notice
        objects.append(data)
    return objects


def correction_data(correction) -> dict:
    """A published correction, clarification or update to the story, as schema.org has it."""
    return {
        "@type": "CorrectionComment",
        "name": correction.get_kind_display(),
        "text": correction.text,
        "datePublished": iso(correction.appended_at),
    }


def date_modified(article: Article) -> datetime:
    # A story scheduled after its last edit was not modified before it appeared.
    return max(article.updated_at, article.published_at or article.updated_at)


def news_article(article: Article, absolute: Absolute) -> dict:
    """The NewsArticle for the story page, from an article loaded with for_detail()."""
    url = absolute(article.get_absolute_url())
    bylines = list(article.bylines.all())
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "inLanguage": settings.NEWSROOM_LANGUAGE,
        "author": [
            contributor_data(b.contributor, absolute) for b in bylines if b.role in AUTHOR_ROLES
        ],
        "publisher": publisher(absolute),
        "isAccessibleForFree": True,
    }
    if article.dek:
        data["description"] = article.dek
    if article.published_at:
        data["datePublished"] = iso(article.published_at)
        data["dateModified"] = iso(date_modified(article))
    for role, key in [(Byline.Role.EDITOR, "editor"), (Byline.Role.PHOTOGRAPHER, "contributor")]:
        credited = [contributor_data(b.contributor, absolute) for b in bylines if b.role == role]
        if credited:
            data[key] = credited
    if article.lead_image and article.lead_image.file:
        data["image"] = image_data(article.lead_image, absolute)
    if article.section:
        data["articleSection"] = article.section.name
    if tags := [tag.name for tag in article.tags.all()]:
        data["keywords"] = tags
    if people := [person_data(person, absolute) for person in article.people.all()]:
        data["mentions"] = people
    if article.source_outlet:
        source = {"@type": "NewsMediaOrganization", "name": article.source_outlet.name}
        if article.source_outlet.url:
            source["url"] = article.source_outlet.url
        data["sourceOrganization"] = source
        data["isBasedOn"] = article.source_url or absolute(article.source_outlet.get_absolute_url())
    if corrections := article.corrections.all():  # prefetched by for_detail()
        data["correction"] = [correction_data(c) for c in corrections]
    return data


def website(absolute: Absolute) -> dict:
    """The site itself, for the home page, with the search readers can use."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "inLanguage": settings.NEWSROOM_LANGUAGE,
        "publisher": publisher(absolute),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("articles:search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def profile_page(subject: Contributor | Person, absolute: Absolute) -> dict:
    """ProfilePage data for a contributor's or a named person's page."""
    about = (
        contributor_data(subject, absolute)
        if isinstance(subject, Contributor)
        else person_data(subject, absolute)
    )
    if isinstance(subject, Contributor) and subject.bio:
        about["description"] = subject.bio
    if subject.photo:
        about["image"] = absolute(subject.photo.url)
    return {
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "url": absolute(subject.get_absolute_url()),
        "mainEntity": about,
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": absolute("/")},
    }


def open_graph(article: Article, absolute: Absolute) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter card tags for a story, as (attribute, name, content)."""
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:title", article.headline),
        ("property", "og:url", absolute(article.get_absolute_url())),
        ("property", "og:site_name", settings.SITE_NAME),
    ]
    if article.dek:
        tags.append(("property", "og:description", article.dek))
    image = article.lead_image
    if image and image.file:
        crop = image_crops(image, absolute)[0]
        tags.append(("property", "og:image", crop["url"]))
        if crop["width"] and crop["height"]:
            tags += [
                ("property", "og:image:width", str(crop["width"])),
                ("property", "og:image:height", str(crop["height"])),
            ]
        if image.alt_text:
            tags.append(("property", "og:image:alt", image.alt_text))
    if article.published_at:
        tags += [
            ("property", "article:published_time", iso(article.published_at)),
            ("property", "article:modified_time", iso(date_modified(article))),
        ]
    tags += [
        ("property", "article:author", absolute(b.contributor.get_absolute_url()))
        for b in article.bylines.all()
        if b.role in AUTHOR_ROLES
    ]
    if article.section:
        tags.append(("property", "article:section", article.section.name))
    tags += [("property", "article:tag", tag.name) for tag in article.tags.all()]
    has_image = image and image.file
    tags += [
        ("name", "twitter:card", "summary_large_image" if has_image else "summary"),
        ("name", "twitter:title", article.headline),
    ]
    if article.dek:
        tags.append(("name", "twitter:description", article.dek))
    if has_image:
        tags.append(("name", "twitter:image", image_crops(image, absolute)[0]["url"]))
        if image.alt_text:
            tags.append(("name", "twitter:image:alt", image.alt_text))
    return tags
