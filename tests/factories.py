"""Factories make valid drafts by default; the `published` trait makes live stories."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from articles.models import Article, Byline, Image, Mention, Section
from people.models import Alias, Contributor, Office, Outlet, Person, Quote, SameAs


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class OutletFactory(DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Harbour Gazette {n}")
    slug = factory.Sequence(lambda n: f"harbour-gazette-{n}")
    url = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org/")


class ContributorFactory(DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"Rhea Marlow {n}")
    slug = factory.Sequence(lambda n: f"rhea-marlow-{n}")
    bio = "Covers the waterfront and the council."
    outlet = factory.SubFactory(OutletFactory)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Tomas Ekberg {n}")
    slug = factory.Sequence(lambda n: f"tomas-ekberg-{n}")
    office = "Harbour Commissioner"


class AliasFactory(DjangoModelFactory):
    class Meta:
        model = Alias

    person = factory.SubFactory(PersonFactory)
    name = factory.LazyAttribute(lambda a: a.person.surname)


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    description = "Stories from around the region."


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.django.ImageField(width=64, height=36, color="teal")
    caption = "Ferries wait at the north pier at dawn."
    alt_text = "Three ferries moored at a concrete pier under a pale sky."
    photographer = factory.SubFactory(ContributorFactory)
    agency = factory.SubFactory(OutletFactory)
    credit_line = factory.LazyAttribute(lambda i: f"{i.photographer.name}/{i.agency.name}")


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Harbour council votes on ferry timetable {n}")
    slug = factory.Sequence(lambda n: f"harbour-council-votes-{n}")
    dek = "The vote decides whether the night ferry survives the winter."
    body = "<p>The council met on Tuesday.</p><p>“We will decide by spring,” the clerk said.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Article.Status.SCHEDULED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class BylineFactory(DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    contributor = factory.SubFactory(ContributorFactory)
    role = Byline.Role.WRITER
    position = factory.Sequence(lambda n: n)


class MentionFactory(DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    # As an editor would add it: reading the story again keeps it whatever the text says.
    origin = Mention.Origin.MANUAL


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    person = factory.SubFactory(PersonFactory)
    title = "Harbour Commissioner"


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    text = factory.Sequence(lambda n: f"The night ferry will run all winter, for the {n}th time.")
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")
    paragraph = 1
    position = factory.Sequence(lambda n: n)
    attribution = Quote.Attribution.NAMED


class SameAsFactory(DjangoModelFactory):
    class Meta:
        model = SameAs

    person = factory.SubFactory(PersonFactory)
    url = factory.Sequence(lambda n: f"https://example.org/people/{n}")
