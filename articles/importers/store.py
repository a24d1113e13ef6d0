"""Write imported stories: upsert each article with its bylines, tags, people and lead image.

A story's identity is its source and external id. An unchanged story (same fingerprint)
costs nothing but its share of one look-up per batch; an older version is skipped; anything
else is written in the story's own transaction, so a failure or a crash never leaves half
a story behind.
"""

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import reversion
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from reversion.models import Version

from articles.html import paragraphs_html
from articles.images.services import image_ingest
from articles.images.validation import ImageRejected, check_image
from articles.importers.lookups import Lookups
from articles.importers.report import Outcome
from articles.importers.story import SourceStatus, Story, StoryImage, Vocabulary
from articles.models import Article, Byline, Image, Mention, TaggedArticle
from articles.querysets import LIVE_STATUSES
from articles.related import related_refresh_many
from articles.services import article_unpublish, articles_publish
from newsroom.slugs import free_slug, slug_base, unique_slug
from people.analysis import articles_analyse

logger = logging.getLogger(__name__)

_MAX_ALT_TEXT = Image._meta.get_field("alt_text").max_length
_RELATED_BATCH = 250
_MAX_HEADLINE = Article._meta.get_field("headline").max_length
_MAX_SOURCE_URL = Article._meta.get_field("source_url").max_length
# Fields whose change an update reports, so a dry run says what it would rewrite.
_REPORTED_FIELDS = ("headline", "dek", "body", "status", "published_at", "section_id")


@dataclass(frozen=True)
class StoryOptions:
    publish: bool = False
    section: str = ""


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    note: str = ""


class StoryStore:
    """One run's writer: remembers what it has matched and reads existing stories in batches."""

    def __init__(self, *, options: StoryOptions, lookups: Lookups | None = None) -> None:
        self.options = options
        self.lookups = lookups or Lookups()
        # Stories written this run, whose related lists `related_update` brings up to date.
        self.written: list[int] = []

    def related_update(self) -> None:
        """Bring the related lists of every story this run wrote, and of the stories they
        now belong with, up to date: once, at the end, in batches.

        At the end because the run's stories are each other's candidates: each list is
        then computed once with all of them there, and none is offered to another.
        """
        written = list(dict.fromkeys(self.written))
        self.written = []
        for at in range(0, len(written), _RELATED_BATCH):
            batch = Article.objects.filter(pk__in=written[at : at + _RELATED_BATCH])
            related_refresh_many(articles=list(batch), settled=set(written))

    def upsert_many(self, stories: list[Story]) -> Iterator[Result | Exception]:
        """Each story's result, or the exception that stopped it, in order.

        New stories are created together, in one transaction; should that fail, each is
        tried again in its own, so one bad story never takes the others down. Every other
        story is written in its own transaction.
        """
        existing = _existing_articles(stories)
        results: dict[int, Result | Exception] = {}
        new: dict[tuple[str, str], tuple[int, Story, str]] = {}
        for at, story in enumerate(stories):
            key = (story.source, story.external_id)
            if key not in existing and key not in new:
                checksum = story_checksum(story=story, options=self.options, article=None)
                new[key] = (at, story, checksum)
        if len(new) > 1:
            try:
                for key, article in self._create_many(list(new.values())).items():
                    existing[key] = article
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
                result, article = self._upsert(story, _existing_articles([story]).get(key))
        except Exception as error:  # noqa: BLE001 - reported by the caller, run goes on
            return error
        if article is not None:
            existing[key] = article
        return result

    def vocabulary_apply(self, vocabulary: Vocabulary) -> None:
        """Create the sections, tags and contributors a file defines, matching existing ones."""
        try:
            with transaction.atomic():
                for name, slug in vocabulary.sections:
                    self.lookups.section(name, slug=slug)
                names, slugs = zip(*vocabulary.tags, strict=True) if vocabulary.tags else ((), ())
                self.lookups.tag_ids(names, slugs=slugs)
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

    def _upsert(self, story: Story, article: Article | None) -> tuple[Result, Article | None]:
        if article is not None and (older := _older_version_note(story, article)):
            return Result(Outcome.SKIPPED, older), None
        checksum = story_checksum(story=story, options=self.options, article=article)
        if article is not None and article.import_checksum == checksum:
            return Result(Outcome.UNCHANGED), None
        try:
            with transaction.atomic():
                created = article is None
                article = article or Article(
                    import_source=story.source,
                    external_id=story.external_id,
                    slug=unique_slug(Article, story.headline, fallback="story"),
                )
                if not created:
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
        """Create new stories with a handful of queries: one insert per table for them all."""
        with transaction.atomic():
            slugs = _free_article_slugs([story.headline for _, story, _ in new])
            articles = []
            for (_, story, checksum), slug in zip(new, slugs, strict=True):
                article = Article(import_source=story.source, external_id=story.external_id)
                article.slug = slug
                self._fill(article, story, checksum=checksum)
                status, published_at = _target_status(story, self.options, None)
                if status in LIVE_STATUSES:
                    # What articles_publish does, for a whole batch at once.
                    article.status = status
                    article.published_at = published_at or timezone.now()
                    if status == Article.Status.PUBLISHED:
                        article.first_published_at = article.published_at
                articles.append(article)
            Article.objects.bulk_create(articles)
            stories = [story for _, story, _ in new]
            links = [self._links(a, story) for a, story in zip(articles, stories, strict=True)]
            Byline.objects.bulk_create(b for bylines, _, _ in links for b in bylines)
            TaggedArticle.objects.bulk_create(t for _, taggings, _ in links for t in taggings)
            Mention.objects.bulk_create(m for _, _, mentions in links for m in mentions)
            articles_analyse(articles=articles)
            for article in articles:
                _story_saved(article, created=True)
        self.written += [article.pk for article in articles]
        return {(a.import_source, a.external_id): a for a in articles}

    def _fill(self, article: Article, story: Story, *, checksum: str) -> None:
        """Set the article's own fields from the story, saving nothing but its photo."""
        lookups = self.lookups
        article.headline = Truncator(story.headline).chars(_MAX_HEADLINE)
        article.dek = story.dek
        article.body = story.body_html or paragraphs_html(story.paragraphs)
        article.source_outlet = lookups.outlet(story.outlet) if story.outlet else None
        if section_name := self.options.section or story.section:
            article.section = lookups.section(section_name)
        article.source_url = story.source_url if len(story.source_url) <= _MAX_SOURCE_URL else ""
        article.lead_image = self._lead_image(article, story.image)
        article.import_checksum = checksum
        article.import_version = story.version
        article.import_version_at = story.version_at

    def _links(self, article: Article, story: Story):
        """The story's writer bylines, taggings and mentions, unsaved."""
        outlet = article.source_outlet
        contributors = dict.fromkeys(
            self.lookups.contributor(name, outlet=outlet) for name in story.writers
        )
        bylines = [
            Byline(article=article, contributor=c, role=Byline.Role.WRITER, position=position)
            for position, c in enumerate(contributors)
        ]
        taggings = [
            TaggedArticle(content_object=article, tag_id=tag_id)
            for tag_id in self.lookups.tag_ids(story.tags)
        ]
        # People the source lists; those the text names are found when the story is read.
        mentions = [
            Mention(article=article, person_id=pk, origin=Mention.Origin.SOURCE)
            for pk in self.lookups.person_ids(story.people)
        ]
        return bylines, taggings, mentions

    def _write(self, article: Article, story: Story, *, checksum: str, created: bool) -> list[str]:
        before = {name: getattr(article, name) for name in _REPORTED_FIELDS}
        self._fill(article, story, checksum=checksum)
        status, published_at = _target_status(story, self.options, article)
        if status in LIVE_STATUSES:
            article.published_at = published_at or article.published_at
        # Publishing or unpublishing saves the article; otherwise it is saved here.
        if not _status_apply(article, status):
            article.save()
        bylines, taggings, mentions = self._links(article, story)
        if not created:
            # Only writer credits come from the source; editors' other credits stay. The
            # source's subjects and people replace the ones it gave before; people an
            # editor added stay too.
            article.bylines.filter(role=Byline.Role.WRITER).delete()
            article.tagged_items.all().delete()
            article.mentions.exclude(origin=Mention.Origin.MANUAL).delete()
            manual = set(article.mentions.values_list("person_id", flat=True))
            mentions = [mention for mention in mentions if mention.person_id not in manual]
        Byline.objects.bulk_create(bylines)
        TaggedArticle.objects.bulk_create(taggings)
        Mention.objects.bulk_create(mentions)
        articles_analyse(articles=[article])
        # Its people or tags may have changed, whatever its status did.
        self.written.append(article.pk)
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
            image = _image_for(data.file)
        else:
            image = current if current and not current.file and not is_shared else Image()
        agency = self.lookups.outlet(data.agency) if data.agency else None
        # Alt text defaults to the caption, unless an editor has written a real description.
        if data.alt_text:
            image.alt_text = Truncator(data.alt_text).chars(_MAX_ALT_TEXT)
        elif not image.alt_text or image.alt_text == Truncator(image.caption).chars(_MAX_ALT_TEXT):
            image.alt_text = Truncator(data.caption).chars(_MAX_ALT_TEXT)
        image.caption = data.caption
        image.credit_line = data.credit_line
        image.agency = agency
        image.photographer = (
            self.lookups.contributor(data.photographer, outlet=agency)
            if data.photographer
            else None
        )
        image.save()
        return image


def story_upsert(*, story: Story, options: StoryOptions) -> Outcome:
    """Create or update one story's article; an unchanged story costs one query, no writes."""
    store = StoryStore(options=options)
    outcome = store.upsert(story).outcome
    store.related_update()
    return outcome


def story_checksum(*, story: Story, options: StoryOptions, article: Article | None) -> str:
    """A fingerprint of what the import would write, including the options' effect.

    Without a status from the source, the import never unpublishes a live story; nor does
    it clear a section an editor chose. So the fingerprint uses the status and section the
    article would end with.
    """
    status, _ = _target_status(story, options, article)
    section = options.section or story.section
    section = section or (article.section.name if article and article.section else "")
    payload = {"story": asdict(story), "status": status, "section": section.casefold()}
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def _existing_articles(stories: Iterable[Story]) -> dict[tuple[str, str], Article]:
    """The stored articles for a batch of stories, in one query per source."""
    wanted: dict[str, set[str]] = {}
    for story in stories:
        wanted.setdefault(story.source, set()).add(story.external_id)
    found: dict[tuple[str, str], Article] = {}
    for source, external_ids in wanted.items():
        # The body is only needed for an update, which loads it when it reads it.
        articles = (
            Article.objects.select_related("section", "lead_image")
            .defer("body")
            .filter(import_source=source, external_id__in=external_ids)
            # Repeats the identity index's condition, so the database can use that index.
            .exclude(external_id="")
        )
        found.update(((a.import_source, a.external_id), a) for a in articles)
    return found


def _older_version_note(story: Story, article: Article) -> str:
    """Why the story is older than the stored one, or "" if it is not (or cannot tell)."""
    if None not in (story.version, article.import_version) and (
        story.version != article.import_version
    ):
        if story.version < article.import_version:
            return f"version {story.version} is older than the stored {article.import_version}"
        return ""
    if None not in (story.version_at, article.import_version_at) and (
        story.version_at < article.import_version_at
    ):
        return (
            f"version of {story.version_at.isoformat()} is older than the stored "
            f"{article.import_version_at.isoformat()}"
        )
    return ""


def _target_status(story: Story, options: StoryOptions, article: Article | None):
    """The status and publication time the article should end with.

    A source that states a status (WordPress, ninjs) is followed both ways, so a withdrawn
    wire story comes down. A source that does not (plain text, feeds) publishes only with
    --publish, and never unpublishes what an editor put live. A publication time still to
    come (a WordPress "future" post, a ninjs embargo) makes the story scheduled.
    """
    if story.status == SourceStatus.DRAFT:
        return Article.Status.DRAFT, None
    is_live = article is not None and article.status in LIVE_STATUSES
    if story.status == SourceStatus.PUBLISHED or options.publish or is_live:
        published_at = story.published_at
        if published_at and published_at > timezone.now():
            return Article.Status.SCHEDULED, published_at
        return Article.Status.PUBLISHED, published_at
    return Article.Status.DRAFT, None


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


def _free_article_slugs(headlines: list[str]) -> list[str]:
    """A free slug for each new story, found with one query for the whole batch."""
    max_length = Article._meta.get_field("slug").max_length
    bases = [slug_base(h, fallback="story", max_length=max_length) for h in headlines]
    candidates = {slug for base in bases for slug in (base, f"{base}-2"[:max_length])}
    taken = set(Article.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    slugs = []
    for base, headline in zip(bases, headlines, strict=True):
        if f"{base}-2"[:max_length] in taken:
            # Taken twice already: the careful search, which counts every suffix in use.
            slug = unique_slug(Article, headline, fallback="story")
            while slug in taken:
                slug = free_slug(base, taken=taken | {slug}, max_length=max_length)
        else:
            slug = free_slug(base, taken=taken, max_length=max_length)
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _image_for(path: Path) -> Image:
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
        return image_ingest(file=file, name=path.name, checked=checked)
