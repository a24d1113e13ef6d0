"""Write an imported story: upsert the article, its bylines and lead image, then read it for
the people it names and quotes."""

import hashlib
import json
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.text import Truncator, slugify

from articles.importers.report import Outcome
from articles.importers.story import Story, StoryImage
from articles.models import Article, Byline, Image, Section
from articles.services import articles_publish
from newsroom.slugs import unique_slug
from people.models import Contributor, Outlet
from people.services import article_analyse

_MAX_ALT_TEXT = Image._meta.get_field("alt_text").max_length


@dataclass(frozen=True)
class StoryOptions:
    publish: bool = False
    section: str = ""


def story_upsert(*, story: Story, options: StoryOptions) -> Outcome:
    """Create or update the story's article; an unchanged story costs one query, no writes."""
    article = (
        Article.objects.select_related("section", "lead_image")
        .filter(import_source=story.source, external_id=story.external_id)
        .first()
    )
    checksum = story_checksum(story=story, options=options, article=article)
    if article and article.import_checksum == checksum:
        return Outcome.UNCHANGED

    with transaction.atomic():
        created = article is None
        if article is None:
            article = Article(
                import_source=story.source,
                external_id=story.external_id,
                slug=unique_slug(Article, story.headline, fallback="story"),
            )
        article.headline = story.headline
        article.dek = story.dek
        article.body = paragraphs_html(story.paragraphs)
        article.source_outlet = outlet_for(story.outlet) if story.outlet else None
        if options.section:
            article.section = section_for(options.section)
        article.lead_image = _lead_image(article, story.image)
        article.import_checksum = checksum
        article.save()
        _bylines_replace(article, writers=story.writers, outlet=article.source_outlet)
        article_analyse(article=article)
        if options.publish:
            articles_publish(articles=[article])
    return Outcome.CREATED if created else Outcome.UPDATED


def story_checksum(*, story: Story, options: StoryOptions, article: Article | None) -> str:
    """A fingerprint of what the import would write, including the options' effect.

    The import never unpublishes a live story or clears a section an editor chose, so the
    fingerprint uses the status and section the article would end with.
    """
    is_published = options.publish or (
        article is not None and article.status == Article.Status.PUBLISHED
    )
    section = options.section or (article.section.name if article and article.section else "")
    payload = {
        "story": asdict(story),
        "status": Article.Status.PUBLISHED if is_published else Article.Status.DRAFT,
        "section": section.casefold(),
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def paragraphs_html(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def outlet_for(name: str) -> Outlet:
    """The outlet with this name, in any case, or this slug; created if there is none."""
    outlet = Outlet.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
    return outlet or Outlet.objects.create(
        name=name, slug=unique_slug(Outlet, name, fallback="outlet")
    )


def contributor_for(name: str, *, outlet: Outlet | None) -> Contributor:
    """The contributor with this name or slug, preferring one at `outlet`; created if none."""
    matches = Contributor.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name)))
    contributor = min(
        matches, key=lambda c: (c.outlet_id != getattr(outlet, "pk", None), c.pk), default=None
    )
    if contributor is None:
        return Contributor.objects.create(
            name=name, slug=unique_slug(Contributor, name, fallback="contributor"), outlet=outlet
        )
    if outlet and contributor.outlet_id is None:
        # Fill a blank, never overwrite: an editor may have set a different outlet on purpose.
        contributor.outlet = outlet
        contributor.save(update_fields=["outlet"])
    return contributor


def section_for(name: str) -> Section:
    section = Section.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
    return section or Section.objects.create(
        name=name, slug=unique_slug(Section, name, fallback="section")
    )


def _lead_image(article: Article, data: StoryImage | None) -> Image | None:
    """Update the imported photo in place, so a file uploaded to it since is kept."""
    current = article.lead_image
    is_shared = bool(current and current.lead_for.exclude(pk=article.pk).exists())
    if data is None:
        # A photo known only by its words, and only to this story, is the import's own.
        if current and not current.file and not is_shared:
            current.delete()
        return None
    agency = outlet_for(data.agency) if data.agency else None
    image = current if current and not is_shared else Image()
    # Alt text defaults to the caption, unless an editor has written a real description.
    if not image.alt_text or image.alt_text == Truncator(image.caption).chars(_MAX_ALT_TEXT):
        image.alt_text = Truncator(data.caption).chars(_MAX_ALT_TEXT)
    image.caption = data.caption
    image.credit_line = data.credit_line
    image.agency = agency
    image.photographer = (
        contributor_for(data.photographer, outlet=agency) if data.photographer else None
    )
    image.save()
    return image


def _bylines_replace(article: Article, *, writers: tuple[str, ...], outlet: Outlet | None) -> None:
    # Only writer credits come from the file; other roles are editors' additions and stay.
    article.bylines.filter(role=Byline.Role.WRITER).delete()
    contributors = dict.fromkeys(contributor_for(name, outlet=outlet) for name in writers)
    Byline.objects.bulk_create(
        Byline(article=article, contributor=c, role=Byline.Role.WRITER, position=position)
        for position, c in enumerate(contributors)
    )
