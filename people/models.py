from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse

from people.querysets import PersonQuerySet, QuoteQuerySet


class Outlet(models.Model):
    """A news organisation or agency: a publisher, a wire service, a photo agency."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:outlet", kwargs={"slug": self.slug})


class Contributor(models.Model):
    """Someone credited on our content. Most wire and freelance contributors have no account."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField("short bio", blank=True)
    photo = models.ImageField(upload_to="contributors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributor",
    )
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributors"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:contributor", kwargs={"slug": self.slug})


class Person(models.Model):
    """A named person who appears in stories: a minister, a witness, a coach."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    office = models.CharField(
        "current office or description",
        max_length=200,
        blank=True,
        help_text="For example “US Secretary of State”.",
    )
    description = models.TextField(
        "short description", blank=True, help_text="Who they are, in a sentence or two."
    )
    photo = models.ImageField(upload_to="people/", blank=True)
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, help_text="For example Q7821."
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:person", kwargs={"slug": self.slug})

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


class Alias(models.Model):
    """Another way a story may name a person: a spelling, a transliteration, a surname form."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="unique_alias_per_person")
        ]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """An office someone held, with dates when known: "US Secretary of State, 2021 to 2025"."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(max_length=200)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while they hold it.")

    class Meta:
        ordering = [models.F("started_on").desc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        if self.started_on and self.ended_on:
            return f"{self.title}, {self.started_on.year} to {self.ended_on.year}"
        if self.started_on:
            return f"{self.title}, since {self.started_on.year}"
        if self.ended_on:
            return f"{self.title}, until {self.ended_on.year}"
        return self.title

    def held_on(self, day: date) -> bool:
        """Whether the office was theirs on `day`; unknown dates count as "yes"."""
        return office_held_on(self.started_on, self.ended_on, day)


def office_held_on(started_on: date | None, ended_on: date | None, day: date) -> bool:
    """`Office.held_on` for an office read as plain values."""
    return (started_on is None or started_on <= day) and (ended_on is None or day <= ended_on)


class SameAs(models.Model):
    """The same person elsewhere: a Wikipedia page, an official site, a parliament profile."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="same_as")
    url = models.URLField("URL", max_length=500)

    class Meta:
        ordering = ["url"]
        verbose_name = "same-as link"
        constraints = [models.UniqueConstraint(fields=["person", "url"], name="unique_same_as")]

    def __str__(self) -> str:
        return self.url


class PersonRedirect(models.Model):
    """An old address of a person page, kept after a merge so links keep working."""

    old_slug = models.SlugField(max_length=200, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.person.slug}"


class PersonProposal(models.Model):
    """Someone a story seems to name who is not registered yet, waiting for an editor."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an editor"
        CONFIRMED = "confirmed", "Registered"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=200)
    # Rejections are remembered by this, so "Ann  Lee" or "ANN LEE" is not proposed again.
    normalised_name = models.CharField(max_length=200, unique=True, editable=False)
    office = models.CharField("office suggested", max_length=200, blank=True)
    evidence = models.TextField(blank=True, help_text="The words that suggested this person.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    articles = models.ManyToManyField(
        "articles.Article", blank=True, related_name="person_proposals"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "proposed person"

    def __str__(self) -> str:
        return self.name


class Quote(models.Model):
    """A direct quotation in a story and who said it; no person means an editor must say."""

    class Attribution(models.TextChoices):
        NAMED = "named", "Named beside the quote"
        PRONOUN = "pronoun", "He or she, after the speaker was named"
        TITLE = "title", "Their title, after they were named"
        CONTINUED = "continued", "Continues the previous speaker"
        EDITOR = "editor", "Attributed by an editor"
        UNCLEAR = "unclear", "Unclear: needs an editor"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    text = models.TextField()
    # Finds the same quote again when the story is saved, so an editor's attribution stays.
    fingerprint = models.CharField(max_length=64, editable=False)
    paragraph = models.PositiveIntegerField(help_text="Which paragraph of the story, from 1.")
    position = models.PositiveIntegerField(help_text="Its order among the story's quotes.")
    speaker_text = models.CharField(
        "speaker as written", max_length=200, blank=True, help_text="“He”, “the minister”…"
    )
    speaker_office = models.CharField("office at the time", max_length=200, blank=True)
    attribution = models.CharField(
        max_length=20, choices=Attribution.choices, default=Attribution.UNCLEAR
    )

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "fingerprint"], name="unique_quote")
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"“{text}”"

    @property
    def needs_attribution(self) -> bool:
        return self.person_id is None


class AmbiguousMention(models.Model):
    """A name in a story that fits several registered people: an editor picks, never a guess."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="ambiguous_mentions"
    )
    name = models.CharField(max_length=200)
    candidates = models.ManyToManyField(Person, related_name="ambiguous_mentions")

    class Meta:
        ordering = ["article", "name"]
        constraints = [
            models.UniqueConstraint(fields=["article", "name"], name="unique_ambiguous_mention")
        ]

    def __str__(self) -> str:
        return f"“{self.name}” in “{self.article}”"
