"""Put the demo newsroom into the database: sections, outlets, people, stories and photos.

Every record is found by its slug before anything is created, so loading twice adds nothing.
Stories that already exist are left as editors may have changed them; only a photo whose file
has gone missing from storage (or was public before originals went private) is drawn again.
"""

import io
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models, transaction

from articles.demo.content import (
    CONTRIBUTORS,
    OUTLETS,
    PEOPLE,
    SECTIONS,
    DemoContributor,
    DemoStory,
    Quote,
)
from articles.demo.photos import avatar_jpeg, photo_jpeg
from articles.demo.stories import STORIES
from articles.images.services import image_ingest
from articles.models import Article, Byline, Image, Mention, Section
from articles.related import related_lists_rebuild
from people.analysis import article_analyse
from people.models import Alias, Contributor, Outlet, Person

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "newsroom-demo"


@dataclass
class DemoReport:
    """What a load did: records created or found, photos drawn, and what readers can see."""

    created: Counter[str] = field(default_factory=Counter)
    existing: Counter[str] = field(default_factory=Counter)
    photos_drawn: int = 0
    published: int = 0
    scheduled: int = 0
    drafts: int = 0

    def count(self, kind: str, *, created: bool) -> None:
        (self.created if created else self.existing)[kind] += 1

    def count_story(self, article: Article, *, now: datetime) -> None:
        if article.status == Article.Status.DRAFT:
            self.drafts += 1
        elif article.published_at > now:
            self.scheduled += 1
        else:
            self.published += 1

    def lines(self) -> list[str]:
        stories = self.created["stories"] + self.existing["stories"]
        others = ", ".join(
            f"{self.created[kind]} {kind}"
            for kind in ("sections", "outlets", "contributors", "people")
            if self.created[kind]
        )
        return [
            f"Stories: {stories} ({self.created['stories']} new, "
            f"{self.existing['stories']} already there): {self.published} published, "
            f"{self.scheduled} scheduled, {self.drafts} draft.",
            f"Photos drawn: {self.photos_drawn}.",
            f"Also created: {others}." if others else "Nothing else to create.",
        ]


def load_demo(*, now: datetime) -> DemoReport:
    """Create whatever part of the demo newsroom is missing, dating stories back from `now`."""
    report = DemoReport()
    with transaction.atomic():
        sections = {
            s.slug: _find_or_create(
                Section, report, "sections", slug=s.slug, name=s.name, description=s.description
            )
            for s in SECTIONS
        }
        outlets = {
            o.slug: _find_or_create(Outlet, report, "outlets", slug=o.slug, name=o.name, url=o.url)
            for o in OUTLETS
        }
        contributors = {c.slug: _load_contributor(c, outlets, report) for c in CONTRIBUTORS}
        people = {}
        for p in PEOPLE:
            person, created = Person.objects.get_or_create(
                slug=p.slug, defaults={"name": p.name, "office": p.office}
            )
            report.count("people", created=created)
            if created:
                # Stories call people by surname after the first mention.
                Alias.objects.create(person=person, name=person.surname)
            people[p.slug] = person
        articles = []
        for story in STORIES:
            article = _load_story(
                story,
                now=now,
                sections=sections,
                outlets=outlets,
                contributors=contributors,
                people=people,
                report=report,
            )
            report.count_story(article, now=now)
            articles.append(article)
        # Read as if an editor had saved each story: quotes, people, then related blocks.
        for article in articles:
            article_analyse(article=article)
        related_lists_rebuild(articles=articles)
    return report


def create_demo_admin(*, username: str = DEMO_ADMIN_USERNAME, password: str) -> bool:
    """Create a superuser to try the admin with; never touches an existing user or password."""
    User = get_user_model()
    if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
        return False
    User.objects.create_superuser(username=username, email="", password=password)
    return True


def story_html(body: tuple[str | Quote, ...]) -> str:
    """The body as the HTML the article field stores: paragraphs and attributed block quotes."""
    parts = []
    for block in body:
        if isinstance(block, Quote):
            parts.append(
                f"<blockquote><p>{escape(block.text, quote=False)}</p>"
                f"<p>— {escape(block.by, quote=False)}</p></blockquote>"
            )
        else:
            parts.append(f"<p>{escape(block, quote=False)}</p>")
    return "\n".join(parts)


def photo_seed(slug: str) -> int:
    """The same slug always draws the same picture."""
    return zlib.crc32(slug.encode())


def _find_or_create(
    model: type[models.Model], report: DemoReport, kind: str, *, slug: str, **fields
):
    obj, created = model.objects.get_or_create(slug=slug, defaults=fields)
    report.count(kind, created=created)
    return obj


def _load_contributor(
    spec: DemoContributor, outlets: dict[str, Outlet], report: DemoReport
) -> Contributor:
    contributor, created = Contributor.objects.get_or_create(
        slug=spec.slug,
        defaults={"name": spec.name, "bio": spec.bio, "outlet": outlets[spec.outlet]},
    )
    report.count("contributors", created=created)
    if spec.avatar and (created or _file_missing(contributor.photo)):
        data = avatar_jpeg(
            background=spec.avatar.background, figure=spec.avatar.figure, seed=photo_seed(spec.slug)
        )
        name = f"{spec.slug}.jpg"
        contributor.photo.save(name, ContentFile(data, name=name), save=True)
        report.photos_drawn += 1
    return contributor


def _load_story(
    story: DemoStory,
    *,
    now: datetime,
    sections: dict[str, Section],
    outlets: dict[str, Outlet],
    contributors: dict[str, Contributor],
    people: dict[str, Person],
    report: DemoReport,
) -> Article:
    if story.hours_ago is None:
        status, published_at = Article.Status.DRAFT, None
    else:
        published_at = now - timedelta(hours=story.hours_ago)
        # A story due later is scheduled: it goes live by itself when its time comes.
        status = Article.Status.SCHEDULED if story.hours_ago < 0 else Article.Status.PUBLISHED
    source_outlet, source_url = story.source or ("", "")
    article, created = Article.objects.get_or_create(
        slug=story.slug,
        defaults={
            "headline": story.headline,
            "dek": story.dek,
            "body": story_html(story.body),
            "section": sections[story.section],
            "status": status,
            "published_at": published_at,
            "source_outlet": outlets[source_outlet] if source_outlet else None,
            "source_url": source_url,
        },
    )
    report.count("stories", created=created)
    if created:
        for position, (slug, role) in enumerate(story.bylines):
            Byline.objects.create(
                article=article,
                contributor=contributors[slug],
                role=Byline.Role(role),
                position=position,
            )
        for slug in story.people:
            Mention.objects.create(
                article=article, person=people[slug], origin=Mention.Origin.MANUAL
            )
        article.tags.add(*story.tags)
        photographer = contributors[story.photo.photographer]
        agency = outlets[story.photo.agency]
        article.lead_image = Image.objects.create(
            caption=story.photo.caption,
            alt_text=story.photo.alt_text,
            photographer=photographer,
            agency=agency,
            credit_line=f"{photographer.name}/{agency.name}",
        )
        article.save(update_fields=["lead_image"])
    image = article.lead_image
    if image and (created or _file_missing(image.file)):
        data = photo_jpeg(story.photo.scene, seed=photo_seed(story.slug))
        # The same path as an editor's upload: a private original, then its renditions.
        image_ingest(file=io.BytesIO(data), name=f"{story.slug}.jpg", image=image)
        report.photos_drawn += 1
    return article


def _file_missing(file: models.fields.files.FieldFile) -> bool:
    """Whether a file the record names has gone from storage (say, a wiped media folder)."""
    return bool(file) and not file.storage.exists(file.name)
