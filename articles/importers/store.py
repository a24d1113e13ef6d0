"""Write imported stories: upsert each article with its bylines, tags, people and lead image.

A story's identity is its source and external id. An unchanged story (same fingerprint)
costs nothing but its share of one look-up per batch; an older version is skipped; anything
else is written in the story's own transaction, so a failure or a crash never leaves half
a story behind.
"""

import logging
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import reversion
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator
from reversion.models import Version
from taggit.models import Tag

from articles.cache import SITE, STORIES, mark_changed
from articles.html import paragraphs_html
from articles.images.services import files_delete, image_files, image_ingest
from articles.images.validation import ImageRejected, check_image
from articles.importers.batch import (
    Links,
    Named,
    free_article_slugs,
    links_insert,
    names_create,
)
from articles.importers.lookups import Lookups
from articles.importers.report import Outcome
from articles.importers.stored import (
    Stored,
    StoryOptions,
    older_version_note,
    source_digest,
    stored_stories,
    story_checksum,
    target_status,
)
from articles.importers.story import Story, StoryImage, Unread, Vocabulary
from articles.models import Article, Byline, Image, Mention, Section
from articles.querysets import LIVE_STATUSES
from articles.related import related_pending_add, related_pending_refresh
from articles.services import article_unpublish, articles_publish
from newsroom.bulk import instances_insert, sqlite_cache
from newsroom.slugs import unique_slug
from people.analysis import articles_analyse
from people.models import Contributor, Outlet, Person

logger = logging.getLogger(__name__)

_MAX_ALT_TEXT = Image._meta.get_field("alt_text").max_length
_MAX_HEADLINE = Article._meta.get_field("headline").max_length
_MAX_SOURCE_URL = Article._meta.get_field("source_url").max_length
# Fields whose change an update reports, so a dry run says what it would rewrite.
_REPORTED_FIELDS = ("headline", "dek", "body", "status", "published_at", "section_id")
_BATCH_CACHE_KIB = 32_000
# The records stories bring with them: a run reports how many of each it added.
_RECORDS = {
    "sections": Section,
    "tags": Tag,
    "contributors": Contributor,
    "outlets": Outlet,
    "people": Person,
    "photos": Image,
}


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    note: str = ""


class StoryStore:
    """One run's writer: remembers what it has matched and reads existing stories in batches."""

    def __init__(
        self, *, options: StoryOptions, lookups: Lookups | None = None, dry_run: bool = False
    ) -> None:
        self.options = options
        self.lookups = lookups or Lookups()
        # Files the new photos were stored as, which a rollback leaves behind: a failed
        # write deletes its own, and a dry run all of them (see `import_paths`). A real run
        # forgets each write's once it is committed.
        self.stored_files: list[tuple[Storage, str]] = []
        self.dry_run = dry_run
        # Each kind of record's highest id before the first write: a run that writes
        # nothing (all unchanged) asks for none.
        self._last_ids: dict[str, int] | None = None

    def _writing(self) -> None:
        if self._last_ids is None:
            self._last_ids = {
                kind: model.objects.aggregate(last=Max("pk"))["last"] or 0
                for kind, model in _RECORDS.items()
            }

    def records_added(self) -> dict[str, int]:
        """How many of each kind of record the writes added: rows past the ids there were,
        so rows deleted meanwhile take nothing off."""
        if self._last_ids is None:
            return {}
        added = {
            kind: model.objects.filter(pk__gt=self._last_ids[kind]).count()
            for kind, model in _RECORDS.items()
        }
        return {kind: count for kind, count in added.items() if count}

    @contextmanager
    def _files_kept_if_saved(self) -> Iterator[None]:
        """Around a transaction that may store photos: if it fails, their files go too."""
        mark = len(self.stored_files)
        try:
            yield
        except BaseException:
            files_delete(files=self.stored_files[mark:])
            del self.stored_files[mark:]
            raise
        if not self.dry_run:
            del self.stored_files[mark:]

    def related_update(self) -> None:
        """Bring the related lists of every story this run wrote (or a killed run left
        pending), and of the stories they now belong with, up to date: once, at the end.

        At the end because the run's stories are each other's candidates: each list is
        then computed once with all of them there, and none is offered to another.
        """
        related_pending_refresh()

    def unchanged(self, unread: list[Unread]) -> dict[Unread, str]:
        """Those of these stories stored from the very same bytes, read with the same
        options, with their stored headlines."""
        stored = stored_stories(unread)
        found = {}
        for item in unread:
            match = stored.get((item.source, item.external_id))
            if match and match.import_digest == source_digest(item.digest, self.options):
                found[item] = match.headline
        return found

    def upsert_many(self, stories: list[Story]) -> Iterator[Result | Exception]:
        """Each story's result, or the exception that stopped it, in order.

        New stories are created together, in one transaction; should that fail, each is
        tried again in its own, so one bad story never takes the others down. Every other
        story is written in its own transaction.
        """
        existing = stored_stories(stories)
        results: dict[int, Result | Exception] = {}
        new: dict[tuple[str, str], tuple[int, Story, str]] = {}
        for at, story in enumerate(stories):
            key = (story.source, story.external_id)
            if key not in existing and key not in new:
                checksum = story_checksum(story=story, options=self.options, stored=None)
                new[key] = (at, story, checksum)
        if len(new) > 1:
            try:
                for key, article in self._create_many(list(new.values())).items():
                    existing[key] = Stored.of(article)
                    results[new[key][0]] = Result(Outcome.CREATED)
            except Exception:  # noqa: BLE001 - retried one by one below, and reported there
                self.lookups.forget()
        for at, story in enumerate(stories):
            if at not in results:
                results[at] = self._upsert_one(story, existing)
        return (results[at] for at in range(len(stories)))

    def _upsert_one(self, story: Story, existing: dict) -> Result | Exception:
        key = (story.source, story.external_id)
        try:
            try:
                result, article = self._upsert(story, existing.get(key))
            except IntegrityError:
                # Another writer may have taken a slug or a name meanwhile: once more,
                # with everything looked up afresh.
                result, article = self._upsert(story, stored_stories([story]).get(key))
        except Exception as error:  # noqa: BLE001 - reported by the caller, run goes on
            return error
        if article is not None:
            existing[key] = Stored.of(article)
        return result

    def vocabulary_apply(self, vocabulary: Vocabulary) -> None:
        """Create the sections, tags and contributors a file defines, matching existing ones."""
        self._writing()
        try:
            with transaction.atomic(), self.lookups.together():
                for name, slug in vocabulary.sections:
                    self.lookups.section(name, slug=slug)
                names, slugs = zip(*vocabulary.tags, strict=True) if vocabulary.tags else ((), ())
                self.lookups.tags(names, slugs=slugs)
                for name in vocabulary.contributors:
                    self.lookups.contributor(name, outlet=None)
        except Exception:
            self.lookups.forget()
            raise

    def upsert(self, story: Story) -> Result:
        (result,) = self.upsert_many([story])
        if isinstance(result, Exception):
            raise result
        return result

    def _upsert(self, story: Story, stored: Stored | None) -> tuple[Result, Article | None]:
        if stored is not None and (older := older_version_note(story, stored)):
            return Result(Outcome.SKIPPED, older), None
        checksum = story_checksum(story=story, options=self.options, stored=stored)
        if stored is not None and stored.import_checksum == checksum:
            return Result(Outcome.UNCHANGED), None
        self._writing()
        try:
            with self._files_kept_if_saved(), transaction.atomic():
                created = stored is None
                if created:
                    article = Article(
                        import_source=story.source,
                        external_id=story.external_id,
                        slug=unique_slug(Article, story.headline, fallback="story"),
                    )
                else:
                    article = Article.objects.select_related("section", "lead_image").get(
                        pk=stored.pk
                    )
                    _revision_baseline(article)
                changes = self._write(article, story, checksum=checksum, created=created)
                _story_saved(article, created=created)
        except Exception:
            # Rows remembered during the rolled-back story may no longer exist.
            self.lookups.forget()
            raise
        if created:
            return Result(Outcome.CREATED), article
        return Result(Outcome.UPDATED, f"changed: {', '.join(changes)}" if changes else ""), article

    def _create_many(self, new: list[tuple[int, Story, str]]) -> dict[tuple[str, str], Article]:
        """Create new stories with a handful of queries: one insert per table for them all.

        The inserts check, and the people found join, stories, contributors and tags by
        the thousand: a bigger page cache keeps them in memory (see `sqlite_cache`).
        """
        self._writing()
        with self._files_kept_if_saved(), sqlite_cache(_BATCH_CACHE_KIB), transaction.atomic():
            stories = [story for _, story, _ in new]
            named = names_create(lookups=self.lookups, stories=stories)
            slugs = free_article_slugs([story.headline for story in stories])
            articles = []
            for (_, story, checksum), slug in zip(new, slugs, strict=True):
                article = Article(import_source=story.source, external_id=story.external_id)
                article.slug = slug
                self._fill(article, story, checksum=checksum)
                status, published_at = target_status(story, self.options, None)
                if status in LIVE_STATUSES:
                    # What articles_publish does, for a whole batch at once.
                    article.status = status
                    article.published_at = published_at or timezone.now()
                    if status == Article.Status.PUBLISHED:
                        article.first_published_at = article.published_at
                articles.append(article)
            instances_insert(articles, key="slug")
            links_insert([Links.of(a.pk, n) for a, n in zip(articles, named, strict=True)])
            articles_analyse(articles=articles)
            for article in articles:
                _story_saved(article, created=True)
            # Saved one by one, each would have told the page cache what it changed: a
            # batch changes so much that every page and remembered count starts anew.
            mark_changed([STORIES, SITE])
            related_pending_add(ids=[article.pk for article in articles])
        return {(a.import_source, a.external_id): a for a in articles}

    def _fill(self, article: Article, story: Story, *, checksum: str) -> None:
        """Set the article's own fields from the story, saving nothing but its photo."""
        lookups = self.lookups
        article.headline = _clipped(story.headline, _MAX_HEADLINE)
        article.dek = story.dek
        article.body = story.body_html or paragraphs_html(story.paragraphs)
        article.source_outlet = lookups.outlet(story.outlet) if story.outlet else None
        if section_name := self.options.section or story.section:
            article.section = lookups.section(section_name)
        article.source_url = story.source_url if len(story.source_url) <= _MAX_SOURCE_URL else ""
        article.lead_image = self._lead_image(article, story.image)
        article.import_checksum = checksum
        article.import_digest = source_digest(story.digest, self.options) if story.digest else ""
        article.import_version = story.version
        article.import_version_at = story.version_at

    def _write(self, article: Article, story: Story, *, checksum: str, created: bool) -> list[str]:
        before = {name: getattr(article, name) for name in _REPORTED_FIELDS}
        self._fill(article, story, checksum=checksum)
        status, published_at = target_status(story, self.options, article.status)
        if status in LIVE_STATUSES:
            article.published_at = published_at or article.published_at
        # Publishing or unpublishing saves the article; otherwise it is saved here.
        if not _status_apply(article, status):
            article.save()
        links = Links.of(article.pk, Named.of(self.lookups, story))
        if not created:
            # Writer credits follow the source; other credits (the source's or the desk's)
            # stay, and are not given twice. The source's subjects and people replace the
            # ones it gave before; the tags and people an editor added stay.
            article.bylines.filter(role=Byline.Role.WRITER).delete()
            credited = set(article.bylines.values_list("contributor_id", "role"))
            article.tagged_items.filter(is_from_source=True).delete()
            desk_tags = set(article.tagged_items.values_list("tag_id", flat=True))
            article.mentions.exclude(origin=Mention.Origin.MANUAL).delete()
            manual = set(article.mentions.values_list("person_id", flat=True))
            links = links._replace(
                bylines=[b for b in links.bylines if (b[1], b[2]) not in credited],
                taggings=[t for t in links.taggings if t[1] not in desk_tags],
                mentions=[m for m in links.mentions if m[1] not in manual],
            )
        links_insert([links])
        articles_analyse(articles=[article])
        # Its people or tags may have changed, whatever its status did.
        related_pending_add(ids=[article.pk])
        after = {name: getattr(article, name) for name in _REPORTED_FIELDS}
        changed = (name for name in _REPORTED_FIELDS if before[name] != after[name])
        return [name.removesuffix("_id") for name in changed]

    def _lead_image(self, article: Article, data: StoryImage | None) -> Image | None:
        """Update the imported photo in place, so a file uploaded to it since is kept."""
        current = article.lead_image
        is_shared = bool(current and current.lead_for.exclude(pk=article.pk).exists())
        if data is None:
            # A photo known only by its words, and only to this story, is the import's own.
            if current and not current.file and not is_shared:
                current.delete()
            return None
        if data.file is not None:
            image = _image_for(data.file, stored_files=self.stored_files)
        else:
            image = current if current and not current.file and not is_shared else Image()
        # A photo with a file has words of its own (IPTC/XMP, or the library's): what the
        # source gives wins, but a blank from the source never erases them.
        kept = image if image.file else Image()
        caption = data.caption or kept.caption
        agency = self.lookups.outlet(data.agency) if data.agency else kept.agency
        # Alt text defaults to the caption, unless an editor has written a real description.
        if data.alt_text:
            image.alt_text = _clipped(data.alt_text, _MAX_ALT_TEXT)
        elif not image.alt_text or image.alt_text == _clipped(image.caption, _MAX_ALT_TEXT):
            image.alt_text = _clipped(caption, _MAX_ALT_TEXT)
        image.caption = caption
        image.credit_line = data.credit_line or kept.credit_line
        image.agency = agency
        image.photographer = (
            self.lookups.contributor(data.photographer, outlet=agency)
            if data.photographer
            else kept.photographer
        )
        image.save()
        return image


def story_upsert(*, story: Story, options: StoryOptions) -> Outcome:
    """Create or update one story's article; an unchanged story costs one query, no writes."""
    store = StoryStore(options=options)
    outcome = store.upsert(story).outcome
    store.related_update()
    return outcome


def _clipped(text: str, length: int) -> str:
    """What `Truncator(text).chars(length)` gives, without its cost when the text fits."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


def _status_apply(article: Article, status: str) -> bool:
    """Move the story to `status` through the editors' services; True if that saved it.

    The import runs as the operator, without the desk's checks: wire copy may arrive
    without a section. A live story the source withdraws is unpublished, not deleted.
    """
    if status == article.status:
        return False
    if status == Article.Status.PUBLISHED:
        return articles_publish(articles=[article]) > 0
    if status == Article.Status.SCHEDULED:
        article.status = status
        return False
    if article.status in LIVE_STATUSES:
        article_unpublish(article=article)
        return True
    return False


def _revision_baseline(article: Article) -> None:
    """Keep the story as it stands before an import first changes it, so that can be undone.

    New stories get no revision of their own: the source holds that version, and a revision
    per story would halve the speed of a first import.
    """
    if not Version.objects.get_for_object(article).exists():
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_comment("As imported before the source's update.")


def _story_saved(article: Article, *, created: bool) -> None:
    """Called after each story an import creates or updates, inside its transaction."""
    if not created:
        # An update from the source is a revision, like a save at the desk.
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_comment("Updated by import.")


def _image_for(path: Path, *, stored_files: list[tuple[Storage, str]]) -> Image:
    """The library's photo with this file's content, or a new one made from it, its caption
    and credit pre-filled from the file's IPTC/XMP: the same photo is never stored twice.

    A file that is not a sane photo leaves the story with a photo record and no file, as if
    the file had not arrived, rather than failing the story.
    """
    try:
        with path.open("rb") as file:
            checked = check_image(file)
    except ImageRejected as error:
        logger.warning("Photo %s left out of its story: %s", path, error)
        return Image()
    existing = Image.objects.filter(content_hash=checked.content_hash).first()
    if existing is not None:
        return existing
    with path.open("rb") as file:
        image = image_ingest(file=file, name=path.name, checked=checked)
    stored_files.extend(image_files(image=image))
    return image
