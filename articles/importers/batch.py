"""Writing a batch of new stories with a handful of queries: the names they share, their
slugs, and the rows that link them to contributors, tags and people."""

from typing import NamedTuple

from taggit.models import Tag

from articles.importers.lookups import Lookups
from articles.importers.story import Story
from articles.models import Article, Byline, Mention, TaggedArticle
from newsroom.bulk import rows_insert
from newsroom.slugs import free_slug, slug_base, unique_slug
from people.models import Contributor, Person


class Named(NamedTuple):
    """The rows a story's credits, subjects and listed people are, in its order."""

    credits: list[tuple[Contributor, str]]  # with their byline roles, writers first
    tags: list[Tag]
    people: list[Person]

    @classmethod
    def of(cls, lookups: Lookups, story: Story) -> "Named":
        """One story's, looked up (or created) on their own."""
        return cls(_credits(lookups, story), lookups.tags(story.tags), lookups.people(story.people))


def names_create(*, lookups: Lookups, stories: list[Story]) -> list[Named]:
    """Each story's writers, tags and people, with the outlets, contributors, tags and
    people the stories name and the tables lack created first: an insert per table.

    The look-ups run in the order the store makes them one story at a time (every story's
    outlet and photo credit, then each one's writers, tags and people), so the same rows
    come out. Outlets are inserted first: contributors are matched by their outlet's id.
    """
    with lookups.together():
        for story in stories:
            for name in (story.outlet, story.image.agency if story.image else ""):
                if name:
                    lookups.outlet(name)
    with lookups.together():
        for story in stories:
            if story.image and story.image.photographer:
                agency = lookups.outlet(story.image.agency) if story.image.agency else None
                lookups.contributor(story.image.photographer, outlet=agency)
        credits = [_credits(lookups, story) for story in stories]
    with lookups.together():
        named = [
            Named(credits, lookups.tags(story.tags), lookups.people(story.people))
            for credits, story in zip(credits, stories, strict=True)
        ]
    return named


def _credits(lookups: Lookups, story: Story) -> list[tuple[Contributor, str]]:
    """The writers (of the story's outlet), then its other credits."""
    outlet = lookups.outlet(story.outlet) if story.outlet else None
    writers = [
        (lookups.contributor(name, outlet=outlet), Byline.Role.WRITER) for name in story.writers
    ]
    return writers + [
        (lookups.contributor(name, outlet=None), role) for name, role in story.credits
    ]


def free_article_slugs(headlines: list[str]) -> list[str]:
    """A free slug for each new story, found with one query for the whole batch."""
    max_length = Article._meta.get_field("slug").max_length
    bases = [slug_base(h, fallback="story", max_length=max_length) for h in headlines]
    candidates = {slug for base in bases for slug in (base, f"{base}-2"[:max_length])}
    found = Article.objects.filter(slug__in=candidates).order_by()  # by the index, unsorted
    taken = set(found.values_list("slug", flat=True))
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


class Links(NamedTuple):
    """A story's link rows, as tuples of `LINK_FIELDS`."""

    bylines: list[tuple]
    taggings: list[tuple]
    mentions: list[tuple]

    @classmethod
    def of(cls, article_id: int, named: Named) -> "Links":
        """The story's bylines, taggings and source mentions, each once."""
        credits = dict.fromkeys((contributor.pk, role) for contributor, role in named.credits)
        return cls(
            bylines=[(article_id, pk, role, at) for at, (pk, role) in enumerate(credits)],
            taggings=[(article_id, pk, True) for pk in dict.fromkeys(tag.pk for tag in named.tags)],
            # People the source lists; those the text names are found when it is read.
            mentions=[
                (article_id, pk, Mention.Origin.SOURCE)
                for pk in dict.fromkeys(person.pk for person in named.people)
            ],
        )


LINK_FIELDS = {
    Byline: ("article", "contributor", "role", "position"),
    TaggedArticle: ("content_object", "tag", "is_from_source"),
    Mention: ("article", "person", "origin"),
}


def links_insert(links: list[Links]) -> None:
    """One insert per table for the stories' links: they have no save logic to skip."""
    for at, (model, names) in enumerate(LINK_FIELDS.items()):
        rows_insert(model, names, [row for story in links for row in story[at]])
