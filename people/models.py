from django.conf import settings
from django.db import models
from django.urls import reverse


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
    photo = models.ImageField(upload_to="people/", blank=True)
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, help_text="For example Q7821."
    )

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
