"""Read WordPress eXtended RSS (WXR 1.0 to 1.2) exports, streaming.

The file is read three times with lxml's iterparse, each element cleared once read, so a
multi-gigabyte export needs little memory: first the featured-image ids the posts use,
then those attachments, then the authors, categories, tags and posts themselves.

Posts become stories. Categories become sections: a story sits in one section, its primary
category (Yoast's, when set) or else its first. Tags stay tags, and authors become
contributors, their logins resolved to display names. Pages, menu items, attachments,
other post types and comments are not stories; they are counted and skipped.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import unquote, urlsplit

from django.utils.text import Truncator
from lxml import etree

from articles.importers import markup
from articles.importers.sniff import SAFE_XML
from articles.importers.story import (
    Skipped,
    SourceStatus,
    Story,
    StoryError,
    StoryImage,
    Vocabulary,
    as_utc,
)

SOURCE = "wxr"
SUFFIXES = (".xml", ".wxr")

_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
_EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_PUBLISHED = {"publish": SourceStatus.PUBLISHED, "future": SourceStatus.PUBLISHED}
# Private and pending posts were never public; they stay drafts.
_UNPUBLISHED = {"draft": SourceStatus.DRAFT, "pending": SourceStatus.DRAFT}
_UNPUBLISHED["private"] = SourceStatus.DRAFT
_SKIPPED_KINDS = {"page": "page", "nav_menu_item": "menu item", "attachment": "attachment"}
_NO_DATE = "0000-00-00 00:00:00"
_HEADLINE_WORDS = 12


@dataclass(frozen=True)
class _Namespaces:
    wp: str
    excerpt: str

    def wp_tag(self, name: str) -> str:
        return f"{{{self.wp}}}{name}"


@dataclass(frozen=True)
class _Attachment:
    path: str  # relative to the uploads folder, "2012/12/photo.jpg"
    caption: str
    alt_text: str


def read(
    stream: IO[bytes], *, media_root: Path | None = None, **_options
) -> Iterator[Story | StoryError | Skipped | Vocabulary]:
    start = stream.tell()
    thumbnails = {
        thumbnail
        for item, ns in _items(stream, quiet=True)
        if _text(item, ns.wp_tag("post_type")) == "post"
        and (thumbnail := _meta(item, ns, "_thumbnail_id"))
    }
    stream.seek(start)
    attachments = {
        post_id: _attachment(item, ns)
        for item, ns in _items(stream, quiet=True)
        if (post_id := _text(item, ns.wp_tag("post_id"))) in thumbnails
        and _text(item, ns.wp_tag("post_type")) == "attachment"
    }
    stream.seek(start)
    yield from _Reader(attachments, media_root).entries(stream)


class _Reader:
    def __init__(self, attachments: dict[str, _Attachment], media_root: Path | None) -> None:
        self.attachments = attachments
        self.media_root = media_root
        self.authors: dict[str, str] = {}
        self.sections: dict[str, tuple[str, str]] = {}  # term id: (name, slug)
        self.section_names: dict[str, str] = {}  # slug: name
        self.tags: list[tuple[str, str]] = []
        self.blog_url = ""

    def entries(self, stream: IO[bytes]) -> Iterator[Story | StoryError | Skipped | Vocabulary]:
        told_vocabulary = False
        for element, ns in _items(stream, quiet=False, channel_terms=True):
            if element.tag != "item":
                self._learn_term(element, ns)
                continue
            if not told_vocabulary:
                told_vocabulary = True
                yield self._vocabulary()
            yield from self._item(element, ns)
        if not told_vocabulary:
            yield self._vocabulary()

    def _learn_term(self, element, ns: _Namespaces) -> None:
        if element.tag == ns.wp_tag("base_blog_url"):
            self.blog_url = (element.text or "").strip().rstrip("/")
        elif element.tag == ns.wp_tag("author"):
            login = _text(element, ns.wp_tag("author_login"))
            name = _text(element, ns.wp_tag("author_display_name")) or login
            if login:
                self.authors[login] = markup.plain_text(name)
        elif element.tag == ns.wp_tag("category"):
            name = markup.plain_text(_text(element, ns.wp_tag("cat_name")))
            slug = _text(element, ns.wp_tag("category_nicename"))
            if name:
                name = self._distinct_name(
                    name, parent=_text(element, ns.wp_tag("category_parent"))
                )
                self.sections[_text(element, ns.wp_tag("term_id")) or slug] = (name, slug)
                self.section_names[slug] = name
        elif element.tag == ns.wp_tag("tag"):
            name = markup.plain_text(_text(element, ns.wp_tag("tag_name")))
            if name:
                self.tags.append((name, _text(element, ns.wp_tag("tag_slug"))))

    def _distinct_name(self, name: str, *, parent: str) -> str:
        """Two categories may share a name under different parents; sections may not."""
        taken = {taken.casefold() for taken in self.section_names.values()}
        if name.casefold() not in taken:
            return name
        return f"{name} ({self.section_names.get(parent, parent or 'top level')})"

    def _vocabulary(self) -> Vocabulary:
        return Vocabulary(
            sections=tuple(self.sections.values()),
            tags=tuple(self.tags),
            contributors=tuple(dict.fromkeys(self.authors.values())),
        )

    def _item(self, item, ns: _Namespaces) -> Iterator[Story | StoryError | Skipped]:
        if comments := len(item.findall(ns.wp_tag("comment"))):
            yield Skipped("comment", comments)
        post_type = _text(item, ns.wp_tag("post_type"))
        if post_type != "post":
            yield Skipped(_SKIPPED_KINDS.get(post_type, post_type or "item without a type"))
            return
        status = _text(item, ns.wp_tag("status"))
        source_status = _PUBLISHED.get(status) or _UNPUBLISHED.get(status)
        if source_status is None:
            yield Skipped(f"{status or 'unknown-status'} post")
            return
        try:
            yield self._story(item, ns, source_status)
        except StoryError as error:
            yield StoryError(item.sourceline, error.reason)

    def _story(self, item, ns: _Namespaces, status: SourceStatus) -> Story:
        post_id = _text(item, ns.wp_tag("post_id"))
        body = markup.wordpress_html(_text(item, _CONTENT))
        headline = markup.plain_text(_text(item, "title"))
        headline = headline or Truncator(markup.plain_text(body)).words(_HEADLINE_WORDS)
        login = _text(item, _CREATOR).strip(" <>")
        published_at = _date(item, ns, "post_date")
        return Story(
            source=SOURCE,
            external_id=self._identity(item, post_id),
            headline=headline or f"Untitled post {post_id}",
            dek=markup.plain_text(_text(item, f"{{{ns.excerpt}}}encoded")),
            body_html=body,
            writers=(self.authors.get(login, login),) if login else (),
            image=self._featured_image(item, ns),
            section=self._primary_category(item, ns),
            tags=tuple(
                dict.fromkeys(
                    markup.plain_text(tag.text or "")
                    for tag in item.iterfind("category[@domain='post_tag']")
                    if (tag.text or "").strip()
                )
            ),
            source_url=_text(item, "link"),
            status=status,
            published_at=published_at if status == SourceStatus.PUBLISHED else None,
            version_at=_date(item, ns, "post_modified"),
        )

    def _identity(self, item, post_id: str) -> str:
        # The site and the post id: WordPress never reuses an id, but exports do repeat guids.
        if post_id and self.blog_url:
            return f"{self.blog_url}/?p={post_id}"[:255]
        guid = _text(item, "guid")
        if not guid:
            raise StoryError(item.sourceline, "a post with neither an id nor a guid")
        return guid[:255]

    def _primary_category(self, item, ns: _Namespaces) -> str:
        primary = self.sections.get(_meta(item, ns, "_yoast_wpseo_primary_category"))
        if primary:
            return primary[0]
        first = item.find("category[@domain='category']")
        if first is None:
            return ""
        return self.section_names.get(first.get("nicename", "")) or markup.plain_text(first.text)

    def _featured_image(self, item, ns: _Namespaces) -> StoryImage | None:
        attachment = self.attachments.get(_meta(item, ns, "_thumbnail_id"))
        if attachment is None:
            return None
        file = _media_file(self.media_root, attachment.path) if self.media_root else None
        return StoryImage(caption=attachment.caption, alt_text=attachment.alt_text, file=file)


def _items(stream: IO[bytes], *, quiet: bool, channel_terms: bool = False):
    """Each <item> (and, if asked, each channel-level term) with the document's namespaces.

    Elements are cleared once the caller is done with them. `quiet` passes stop at a
    syntax error; the last pass reports it, after the posts before it have imported.
    """
    namespaces: dict[str, str] = {}
    ns: _Namespaces | None = None
    try:
        for event, element in etree.iterparse(stream, events=("start-ns", "end"), **SAFE_XML):
            if event == "start-ns":
                namespaces[element[0]] = element[1]
                continue
            parent = element.getparent()
            if parent is None or parent.tag != "channel":
                continue
            if ns is None:
                ns = _namespaces(namespaces)
            if element.tag == "item" or (channel_terms and element.tag.startswith(f"{{{ns.wp}}}")):
                yield element, ns
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        if not quiet:
            raise StoryError(error.lineno, f"not well-formed XML ({error.msg})") from None


def _namespaces(declared: dict[str, str]) -> _Namespaces:
    """The export's own `wp` namespace: 1.0, 1.1 and 1.2, http or https, never assumed."""
    uris = declared.values()
    wp = next((uri for uri in uris if _WP_NAMESPACE.match(uri)), None)
    if wp is None:
        raise StoryError(1, "not a WordPress export: no wordpress.org/export/ namespace")
    excerpt = next((uri for uri in uris if _EXCERPT_NAMESPACE.match(uri)), f"{wp}excerpt/")
    return _Namespaces(wp=wp, excerpt=excerpt)


def _text(element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _meta(item, ns: _Namespaces, key: str) -> str:
    for meta in item.iterfind(ns.wp_tag("postmeta")):
        if _text(meta, ns.wp_tag("meta_key")) == key:
            return _text(meta, ns.wp_tag("meta_value"))
    return ""


def _attachment(item, ns: _Namespaces) -> _Attachment:
    # WordPress keeps a photo's caption as the attachment's excerpt, its longer description
    # as the content; Newsroom's photos have one caption, so the description stands in.
    caption = _text(item, f"{{{ns.excerpt}}}encoded") or _text(item, _CONTENT)
    return _Attachment(
        path=_meta(item, ns, "_wp_attached_file")
        or _uploads_path(_text(item, ns.wp_tag("attachment_url"))),
        caption=markup.plain_text(caption),
        alt_text=markup.plain_text(_meta(item, ns, "_wp_attachment_image_alt")),
    )


def _media_file(media_root: Path, path: str) -> Path | None:
    """The file at `path` under `media_root`, if there is one; never a file outside it."""
    relative = PurePosixPath(path)
    # A crafted path must not reach elsewhere: no "..", no absolute path, no symbolic link
    # out; and no NUL (a decoded %00), which the file system refuses with an error.
    if not path or relative.is_absolute() or ".." in relative.parts or "\0" in path:
        return None
    try:
        candidate = (media_root / relative).resolve()
        if candidate.is_file() and candidate.is_relative_to(media_root.resolve()):
            return candidate
    except OSError:  # a name too long for the file system, say: no such file here
        pass
    return None


def _uploads_path(url: str) -> str:
    """The file's path under the uploads folder, from its URL: many exports give no other.

    "https://example.org/wp-content/uploads/2013/03/photo.jpg" gives "2013/03/photo.jpg";
    a URL outside an uploads folder (a CDN's, say) gives its whole path.
    """
    path = unquote(urlsplit(url).path)
    for marker in ("/wp-content/uploads/", "/uploads/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.lstrip("/")


def _date(item, ns: _Namespaces, name: str) -> datetime | None:
    """The GMT time WordPress recorded; the site's local time if it recorded none."""
    for tag in (f"{name}_gmt", name):
        value = _text(item, ns.wp_tag(tag))
        if value and value != _NO_DATE:
            try:
                return as_utc(datetime.fromisoformat(value))
            except ValueError:
                raise StoryError(item.sourceline, f"wp:{tag} is not a date: {value!r}") from None
    return None
