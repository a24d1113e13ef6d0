from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.feeds import StoriesFeed
from people.models import Person
from people.redirects import moved_person


class PersonFeed(StoriesFeed):
    """Stories that mention one person, newest first; a merged person's old feed redirects."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            return moved_person(kwargs["slug"], "people:person_feed")

    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, person):
        return self.site_title(person)

    def link(self, person):
        return person.get_absolute_url()

    def description(self, person):
        return f"Stories mentioning {person.name}" + (f", {person.office}" if person.office else "")

    def filter_articles(self, articles, person):
        return articles.mentioning(person)
