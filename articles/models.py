from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.fields import SanitisedHTMLField
from articles.querysets import ArticleQuerySet


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
    """A photo and its journalism. The record may exist before its file arrives."""

    file = models.ImageField(
        upload_to="images/%Y/%m/", blank=True, width_field="width", height_field="height"
    )
    caption = models.TextField(blank=True)
    alt_text = models.CharField(
        max_length=300, blank=True, help_text="What the photo shows, for readers who cannot see it."
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
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.caption[:80] or self.credit_line or f"Image {self.pk}"

    @property
    def credit(self) -> str:
        """The credit as a reader sees it: "Amos Ben-Gershom / GPO"."""
        names = [n for n in (self.photographer, self.agency) if n]
        return " / ".join(str(n) for n in names) or self.credit_line


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

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
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
        indexes = [models.Index(fields=["status", "published_at"], name="article_visibility")]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED:
            self.published_at = self.published_at or timezone.now()
            self.first_published_at = self.first_published_at or self.published_at
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        """Whether a reader can see the story now."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class TaggedArticle(TaggedItemBase):
    """A real foreign key to the article, so tag joins use an index instead of a generic key."""

    content_object = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="tagged_items"
    )

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

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="mentions")
    # Detection only ever replaces its own finds; an editor's additions stay.
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

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_rows")
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
