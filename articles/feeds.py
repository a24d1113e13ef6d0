"""RSS 2.0 and Atom feeds: the whole site, and each section, tag, contributor and person.

Every feed is a `StoryFeed` subclass naming its subject and how to narrow the stories; each
is served as RSS and as Atom. Items carry every byline, the tags, the full sanitised body
and the lead photo with its caption and credit as Media RSS.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from taggit.models import Tag

from articles.cache import STORIES, dependency, serve
from articles.models import Article, Section
from articles.structured_data import AUTHOR_ROLES, copyright_notice, date_modified, image_crops
from newsroom.absolute import absolute_url
from people.models import Contributor, Person
from people.redirects import moved_person

DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
MEDIA = "http://search.yahoo.com/mrss/"


def _add_media(handler, media: dict | None) -> None:
    """The lead photo as Media RSS: the file, its caption and its credit."""
    if not media:
        return
    attributes = {"url": media["url"], "medium": "image"}
    if media["width"] and media["height"]:
        attributes.update(width=str(media["width"]), height=str(media["height"]))
    handler.startElement("media:content", attributes)
    if media["caption"]:
        handler.addQuickElement("media:title", media["caption"], {"type": "plain"})
        handler.addQuickElement("media:description", media["caption"], {"type": "plain"})
    if media["credit"]:
        handler.addQuickElement("media:credit", media["credit"], {"role": "photographer"})
    if media["copyright"]:
        handler.addQuickElement("media:copyright", media["copyright"])
    handler.endElement("media:content")


class RssStoryFeed(Rss201rev2Feed):
    """RSS 2.0 with a dc:creator per byline, content:encoded and Media RSS."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:dc": DC,
            "xmlns:content": CONTENT,
            "xmlns:media": MEDIA,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        handler.addQuickElement("content:encoded", item["content"])
        _add_media(handler, item["media"])


class AtomStoryFeed(Atom1Feed):
    """Atom with an author element per byline, the full body as content, and Media RSS."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            handler.addQuickElement("uri", author["url"])
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})
        _add_media(handler, item["media"])


class StoryFeed(Feed):
    """The newest published stories about a subject; subclasses say which subject."""

    subject_model = None
    subject_label = ""
    narrow = None  # the ArticleQuerySet method that keeps the subject's stories
    cache_kind = None  # what the feed lists, for the page cache, as in the views

    def __init__(self, *, atom: bool = False, request=None):
        self.feed_type = AtomStoryFeed if atom else RssStoryFeed
        self.request = request

    @classmethod
    def as_view(cls, *, atom: bool = False):
        """A view making one feed per request, so the request can shape absolute URLs."""

        def view(request, *args, **kwargs):
            feed = cls(atom=atom, request=request)
            return serve(request, lambda: feed(request, *args, **kwargs), feed.cache_dependencies)

        view.feed_class = cls
        return view

    def absolute(self, path: str) -> str:
        return absolute_url(path, self.request)

    # The feed as a whole.

    def get_object(self, request, slug=None):
        if self.subject_model is not None:
            self.subject = get_object_or_404(self.subject_model, slug=slug)
            return self.subject
        return None

    def cache_dependencies(self):
        if self.cache_kind is None:
            return [STORIES]
        return [dependency(self.cache_kind, self.subject.pk)]

    def items(self, subject):
        articles = Article.objects.published()
        if self.narrow:
            articles = getattr(articles, self.narrow)(subject)
        return (
            articles.for_listing()
            .prefetch_related("tags")
            .newest_first()[: settings.NEWSROOM_FEED_SIZE]
        )

    def title(self, subject):
        if subject is None:
            return settings.SITE_NAME
        return f"{settings.SITE_NAME}: {self.subject_label}{subject}"

    def description(self, subject):
        if subject is None:
            return f"The latest stories from {settings.SITE_NAME}."
        return f"The latest stories from {settings.SITE_NAME} about {subject}."

    def link(self, subject):
        return self.absolute(subject.get_absolute_url() if subject else "/")

    def feed_url(self, subject):
        return self.absolute(self.request.path)

    def feed_guid(self, subject):
        return self.feed_url(subject)

    # Each story.

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.dek or None

    def item_link(self, article):
        return self.absolute(article.get_absolute_url())

    def item_guid(self, article):
        """A tag URI (RFC 4151) from the story's id: stable when its slug or host changes."""
        host = urlsplit(self.absolute("/")).hostname
        # A scheduled story is live before `publish_scheduled` notes its first publication.
        first = article.first_published_at or article.published_at
        return f"tag:{host},{first:%Y-%m-%d}:story:{article.pk}"

    def item_guid_is_permalink(self, article):
        return False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return date_modified(article)

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article):
        return {
            "authors": [
                {
                    "name": b.contributor.name,
                    "url": self.absolute(b.contributor.get_absolute_url()),
                }
                for b in article.bylines.all()
                if b.role in AUTHOR_ROLES
            ],
            "content": article.body,  # sanitised on every write by SanitisedHTMLField
            "media": self.item_media(article),
        }

    def item_media(self, article) -> dict | None:
        image = article.lead_image
        if not image or not image.file:
            return None
        return {
            **image_crops(image, self.absolute)[0],
            "caption": image.caption,
            "credit": image.credit,
            "copyright": copyright_notice(image),
        }


class SiteFeed(StoryFeed):
    pass


class SectionFeed(StoryFeed):
    subject_model = Section
    narrow = "in_section"
    cache_kind = "section"


class TagFeed(StoryFeed):
    subject_model = Tag
    subject_label = "stories tagged "
    narrow = "tagged"
    cache_kind = "tag"

    def link(self, tag):
        return self.absolute(reverse("articles:tag", args=[tag.slug]))


class ContributorFeed(StoryFeed):
    subject_model = Contributor
    subject_label = "stories by "
    narrow = "by_contributor"
    cache_kind = "contributor"


class PersonFeed(StoryFeed):
    subject_model = Person
    subject_label = "stories mentioning "
    narrow = "mentioning"
    cache_kind = "person"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # A merged person's old feed address moves for good to the survivor's feed.
            name = (
                "people:person-feed-atom"
                if self.feed_type is AtomStoryFeed
                else "people:person-feed"
            )
            return moved_person(kwargs["slug"], name)

    def cache_dependencies(self):
        # A redirect from a merged person's old address has no subject of its own.
        return super().cache_dependencies() if hasattr(self, "subject") else [STORIES]


def feed_paths(prefix: str, feed: type[StoryFeed], name: str) -> list:
    """RSS at `<prefix>feed/` and Atom at `<prefix>feed/atom/`, named `name` and `name-atom`."""
    return [
        path(f"{prefix}feed/", feed.as_view(), name=name),
        path(f"{prefix}feed/atom/", feed.as_view(atom=True), name=f"{name}-atom"),
    ]
