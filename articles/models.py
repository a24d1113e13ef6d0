from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.fields import SanitisedHTMLField
from articles.images.storage import private_storage
from articles.querysets import LIVE_STATUSES, ArticleQuerySet, CorrectionQuerySet


def _user_link(*, related_name: str) -> models.ForeignKey:
    """Who wrote or did something: set by the code, and kept when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class Image(models.Model):
    """A photo and its journalism. The record may exist before its file arrives.

    The file is the original as received, kept in private storage with its metadata;
    readers only ever get renditions.
    """

    file = models.ImageField(
        "original",
        upload_to="originals/%Y/%m/",
        storage=private_storage,
        blank=True,
        width_field="width",
        height_field="height",
        help_text="Caption, credit and copyright come from the photo where left blank.",
    )
    caption = models.TextField(blank=True)
    alt_text = models.CharField(
        max_length=300, blank=True, help_text="What the photo shows, for readers who cannot see it."
    )
    headline = models.CharField(
        max_length=255, blank=True, help_text="The photo's own headline, from its metadata."
    )
    keywords = models.CharField(
        max_length=500, blank=True, help_text="Comma-separated, from the photo's metadata."
    )
    photographer = models.ForeignKey(
        "people.Contributor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    agency = models.ForeignKey(
        "people.Outlet", null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    credit_line = models.CharField(
        max_length=300,
        blank=True,
        help_text="The credit as printed, e.g. “Amos Ben-Gershom/GPO”.",
    )
    copyright_notice = models.CharField(max_length=300, blank=True)
    usage_terms = models.TextField(
        blank=True, help_text="What we may do with it, e.g. “Editorial use only”."
    )
    is_redistributable = models.BooleanField(
        "may redistribute",
        default=False,
        help_text="Partners and feeds may pass the photo on with our stories.",
    )
    # Where the subject is, as fractions of the width and height: crops keep it in frame.
    focal_x = models.FloatField(
        "focal point across",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the left edge, 1 the right.",
    )
    focal_y = models.FloatField(
        "focal point down",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the top edge, 1 the bottom.",
    )
    content_hash = models.CharField(
        "SHA-256 of the file", max_length=64, blank=True, editable=False
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One record per photo file; records without a file have no hash.
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~models.Q(content_hash=""),
                name="unique_image_content",
            )
        ]

    def __str__(self) -> str:
        return self.caption[:80] or self.credit_line or f"Image {self.pk}"

    @property
    def credit(self) -> str:
        """The credit as a reader sees it: "Amos Ben-Gershom / GPO"."""
        names = [n for n in (self.photographer, self.agency) if n]
        return " / ".join(str(n) for n in names) or self.credit_line


class Rendition(models.Model):
    """One resized, cropped copy of a photo that public pages serve, with no EXIF."""

    class Crop(models.TextChoices):
        ORIGINAL = "original", "As taken"
        WIDE = "16:9", "16:9"
        STANDARD = "4:3", "4:3"
        SQUARE = "1:1", "Square"

    class Format(models.TextChoices):
        AVIF = "avif", "AVIF"
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    crop = models.CharField(max_length=10, choices=Crop.choices)
    format = models.CharField(max_length=10, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to="renditions/", max_length=255)

    class Meta:
        ordering = ["image", "crop", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "crop", "format", "width"], name="unique_rendition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.crop} {self.width}w {self.get_format_display()} of image {self.image_id}"


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    dek = models.TextField("dek", blank=True, help_text="The standfirst under the headline.")
    body = SanitisedHTMLField(blank=True, help_text="Paragraphs, block quotes, links and emphasis.")

    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    lead_image = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="lead_for"
    )
    tags = TaggableManager(blank=True, through="articles.TaggedArticle")
    people = models.ManyToManyField(
        "people.Person", through="articles.Mention", blank=True, related_name="articles"
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Readers see the story from this time."
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Optional: readers stop seeing the story at this time."
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = _user_link(related_name="articles_created")
    # Bumped by every save, so an editor's form can tell that someone else saved meanwhile.
    version = models.PositiveIntegerField(default=0, editable=False)

    source_outlet = models.ForeignKey(
        "people.Outlet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="syndicated_articles",
        help_text="Where a syndicated story was first published.",
    )
    source_url = models.URLField(max_length=500, blank=True)
    # An import's identity: the format and its id for the story, so re-runs update in place.
    import_source = models.CharField(max_length=50, blank=True, editable=False)
    external_id = models.CharField(max_length=255, blank=True)
    import_checksum = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the source's bytes the story was last written from, with the import's
    # options: the same bytes again are unchanged, known without reading them.
    import_digest = models.CharField(max_length=64, blank=True, editable=False)
    # The source's version of the story (ninjs `version`, a feed's or WordPress's modified
    # time): an import never overwrites a newer version with an older one.
    import_version = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    import_version_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_import_identity",
            )
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_visibility"),
            # Finds the next expiry without reading every story (caches end there).
            models.Index(fields=["expires_at"], name="article_expiry"),
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish stories")]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED:
            self.published_at = self.published_at or timezone.now()
            self.first_published_at = self.first_published_at or self.published_at
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        """Whether a reader can see the story now: the same rule as `published()`."""
        now = timezone.now()
        return (
            self.status in LIVE_STATUSES
            and self.published_at is not None
            and self.published_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )


class TaggedArticle(TaggedItemBase):
    """A real foreign key to the article, so tag joins use an index instead of a generic key."""

    content_object = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="tagged_items"
    )
    # Given by an import's source: a newer version from the source replaces these tags,
    # and never those the desk added. A database default, so bulk SQL can leave it out.
    is_from_source = models.BooleanField(default=False, db_default=False)

    class Meta:
        # Stories sharing a tag, read from the index alone: related-story scoring.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_article_by_tag")]


class Byline(models.Model):
    """One credit on a story, in print order: "By Vered Weiss" is a writer byline."""

    class Role(models.TextChoices):
        WRITER = "writer", "Writer"
        PHOTOGRAPHER = "photographer", "Photographer"
        EDITOR = "editor", "Editor"
        CONTRIBUTOR = "contributor", "Additional reporting"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    contributor = models.ForeignKey(
        "people.Contributor", on_delete=models.CASCADE, related_name="bylines"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.WRITER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "contributor", "role"], name="unique_byline_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contributor} ({self.get_role_display()})"


class Mention(models.Model):
    """A named person an article mentions, found in its text or added by an editor."""

    class Origin(models.TextChoices):
        DETECTED = "detected", "Found in the text"
        MANUAL = "manual", "Added by an editor"
        SOURCE = "source", "Listed by the source"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="mentions")
    # Detection only ever replaces its own finds; an editor's (or the source's) stay.
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.DETECTED)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="unique_mention")]
        # Stories naming a person, read from the index alone: person pages, related stories.
        indexes = [models.Index(fields=["person", "article"], name="mention_by_person")]

    def __str__(self) -> str:
        return f"{self.person} in “{self.article}”"


class MentionSuppression(models.Model):
    """An editor removed this person from the story: detection must not add them back."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="mention_suppressions"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "person removed by an editor"
        verbose_name_plural = "people removed by an editor"
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_suppression")
        ]

    def __str__(self) -> str:
        return f"{self.person} (removed)"


class RelatedChoice(models.Model):
    """An editor's say over one story's related block: always show, or never show, a story."""

    class Kind(models.TextChoices):
        PIN = "pin", "Always show (pinned)"
        EXCLUDE = "exclude", "Never show"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_choices")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PIN)
    position = models.PositiveSmallIntegerField(default=0, help_text="Pinned stories' order.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "related story chosen by an editor"
        verbose_name_plural = "related stories chosen by editors"
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="unique_related_choice"),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")), name="related_choice_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.related}"


class RelatedArticle(models.Model):
    """One precomputed entry of a story's related block, with its score and why it was chosen.

    Rows may name stories readers cannot see (yet, or any more): the page joins them to
    `Article.objects.published()` when it reads them.
    """

    # A list is found through the unique (article, related) index: one of its own would
    # only slow the writes, which come by the hundred thousand on an import.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="related_rows", db_index=False
    )
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_from")
    score = models.FloatField()
    reason = models.CharField(max_length=255)
    is_pinned = models.BooleanField(default=False)
    # Pinned stories come first in this order; the rest by score.
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-is_pinned", "position", "-score", "related_id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="unique_related_article")
        ]

    def __str__(self) -> str:
        return f"{self.related} ({self.reason})"


class RelatedPending(models.Model):
    """A story an import wrote whose related lists are still to be brought up to date.

    Written in the story's own transaction and cleared once its lists are done, so a run
    killed between the two leaves the work for the next run instead of losing it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name_plural = "related lists pending"

    def __str__(self) -> str:
        return f"Related lists pending for story {self.article_id}"


class Correction(models.Model):
    """A dated note appended to a published story, shown to readers under it."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="Plain text, as readers will see it.")
    appended_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = _user_link(related_name="corrections")

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["appended_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to “{self.article}”"


class EditorialNote(models.Model):
    """An internal comment on a story for the desk. Never shown to readers."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editorial_notes")
    text = models.TextField()
    author = _user_link(related_name="editorial_notes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
