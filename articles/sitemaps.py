"""Sitemaps: an index, story and listing sitemaps split by id range, and a Google News sitemap.

Each sitemap covers a fixed range of ids (`SITEMAP_SIZE` wide), so it never holds more
than that many URLs and is read with an indexed range scan, never an OFFSET that walks
past every earlier row. The index lists only ranges holding published stories, with the
latest change in each as its lastmod.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db.models import F, Max
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.cache import STORIES, cached_view
from articles.models import Article, Section
from articles.structured_data import iso
from newsroom.absolute import absolute_url
from people.models import Contributor, Person

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000
XML = "application/xml; charset=utf-8"


@dataclass(frozen=True)
class Kind:
    """A family of pages listed in sitemaps, and the article field that leads to them."""

    name: str
    key: str  # the id, reached from an article, of the page's subject
    model: type | None = None
    url_name: str = ""


KINDS = {
    kind.name: kind
    for kind in [
        Kind("stories", "pk"),
        Kind("sections", "section__id", Section, "articles:section"),
        Kind("tags", "tagged_items__tag__id", Tag, "articles:tag"),
        Kind("contributors", "bylines__contributor__id", Contributor, "people:contributor"),
        Kind("people", "mentions__person__id", Person, "people:person"),
    ]
}


@dataclass
class Entry:
    loc: str
    lastmod: datetime | None = None
    images: list[dict] = field(default_factory=list)
    news: dict | None = None


def _last_change():
    # A story scheduled after its last edit changed when it appeared.
    return Max(Greatest("updated_at", "published_at"))


def index_entries(absolute) -> list[Entry]:
    """One entry per non-empty id range of each kind, then the news sitemap."""
    size = settings.NEWSROOM_SITEMAP_SIZE
    entries = []
    for kind in KINDS.values():
        ranges = (
            Article.objects.published()
            .filter(**{f"{kind.key}__isnull": False})
            .values(bucket=F(kind.key) / size)
            .annotate(lastmod=_last_change())
            .order_by("bucket")
        )
        entries += [
            Entry(absolute(reverse("sitemap", args=[kind.name, r["bucket"]])), r["lastmod"])
            for r in ranges
        ]
    entries.append(Entry(absolute(reverse("sitemap-news"))))
    return entries


def _id_range(number: int) -> tuple[int, int]:
    size = settings.NEWSROOM_SITEMAP_SIZE
    return number * size, (number + 1) * size - 1


def story_entries(number: int, absolute) -> list[Entry]:
    """Published stories with ids in the sitemap's range, each with its lead photo."""
    stories = (
        Article.objects.published()
        .filter(pk__range=_id_range(number))
        .select_related("lead_image")
        .order_by("pk")
    )
    return [
        Entry(
            absolute(article.get_absolute_url()),
            max(article.updated_at, article.published_at),
            images=_images(article, absolute),
        )
        for article in stories
    ]


def subject_entries(kind: Kind, number: int, absolute) -> list[Entry]:
    """Listing pages with ids in the range that hold published stories, newest change first."""
    changes = (
        Article.objects.published()
        .filter(**{f"{kind.key}__range": _id_range(number)})
        .values(subject=F(kind.key))
        .annotate(lastmod=_last_change())
        .order_by("subject")
    )
    lastmods = {row["subject"]: row["lastmod"] for row in changes}
    subjects = kind.model.objects.filter(pk__in=lastmods).only("slug").order_by("pk")
    return [
        Entry(absolute(reverse(kind.url_name, args=[s.slug])), lastmods[s.pk]) for s in subjects
    ]


def news_entries(absolute, *, now: datetime | None = None) -> list[Entry]:
    """Stories first published in the last two days, newest first, at most 1,000."""
    now = now or timezone.now()
    # A scheduled story is live before `publish_scheduled` notes its first publication.
    first_published = Coalesce("first_published_at", "published_at")
    stories = (
        Article.objects.published(now=now)
        .annotate(first_published=first_published)
        .filter(first_published__gt=now - NEWS_WINDOW)
        .select_related("lead_image")
        .order_by("-first_published", "-pk")[:NEWS_LIMIT]
    )
    publication = {"name": settings.SITE_NAME, "language": settings.NEWSROOM_LANGUAGE}
    return [
        Entry(
            absolute(article.get_absolute_url()),
            max(article.updated_at, article.published_at),
            images=_images(article, absolute),
            news={
                **publication,
                "publication_date": iso(article.first_published),
                "title": article.headline,
            },
        )
        for article in stories
    ]


def _images(article: Article, absolute) -> list[dict]:
    image = article.lead_image
    if not image or not image.file:
        return []
    # The public photo address (it redirects to the largest rendition): reading renditions
    # here would cost a query per story in a sitemap of ten thousand.
    url = absolute(reverse("articles:photo", args=[image.pk]))
    return [{"loc": url, "caption": image.caption}]


def _xml(template: str, entries: list[Entry]) -> HttpResponse:
    return HttpResponse(render_to_string(template, {"entries": entries}), content_type=XML)


@cached_view(STORIES)
def sitemap_index(request):
    absolute = partial(absolute_url, request=request)
    return _xml("sitemaps/index.xml", index_entries(absolute))


@cached_view(STORIES)
def sitemap(request, kind: str, number: int):
    if kind not in KINDS:
        raise Http404("No such sitemap.")
    absolute = partial(absolute_url, request=request)
    if kind == "stories":
        entries = story_entries(number, absolute)
    else:
        entries = subject_entries(KINDS[kind], number, absolute)
    if not entries:
        raise Http404("No published pages in this range.")
    return _xml("sitemaps/urlset.xml", entries)


@cached_view(STORIES)
def news_sitemap(request):
    absolute = partial(absolute_url, request=request)
    # A urlset must hold at least one URL; with no recent stories, list the home page alone.
    entries = news_entries(absolute) or [Entry(absolute(reverse("articles:home")))]
    return _xml("sitemaps/urlset.xml", entries)


@cached_view()
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap-index'), request)}",
        f"Sitemap: {absolute_url(reverse('sitemap-news'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
