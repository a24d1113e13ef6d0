from functools import partial

from articles.structured_data import profile_page
from articles.views import SubjectArticlesView
from newsroom.absolute import absolute_url
from people.models import Contributor, Outlet, Person, Quote
from people.redirects import FollowsPersonRedirects


class ProfileMixin:
    """A person's page describes them to search engines as a ProfilePage."""

    def get_context_data(self, **kwargs):
        absolute = partial(absolute_url, request=self.request)
        return super().get_context_data(
            structured_data=profile_page(self.subject, absolute), **kwargs
        )


class ContributorDetailView(ProfileMixin, SubjectArticlesView):
    subject_model = Contributor
    template_name = "people/contributor_detail.html"
    feed_name = "people:contributor-feed"
    cache_kind = "contributor"
    narrow = "by_contributor"

    def get_subject_queryset(self):
        return Contributor.objects.select_related("outlet")


class PersonDetailView(FollowsPersonRedirects, ProfileMixin, SubjectArticlesView):
    """A person's stories (paginated), with their offices, quotes and who they appear with."""

    subject_model = Person
    template_name = "people/person_detail.html"
    feed_name = "people:person-feed"
    cache_kind = "person"
    narrow = "mentioning"
    redirect_url_name = "people:person"
    quotes_shown = 10
    alongside_shown = 8

    def get_subject_queryset(self):
        return Person.objects.prefetch_related("offices", "same_as")

    def get_context_data(self, **kwargs):
        person = self.subject
        quotes = Quote.objects.published().by(person).select_related("article").newest_first()
        return super().get_context_data(
            quotes=list(quotes[: self.quotes_shown]),
            alongside=list(Person.objects.mentioned_alongside(person)[: self.alongside_shown]),
            **kwargs,
        )


class OutletDetailView(SubjectArticlesView):
    subject_model = Outlet
    template_name = "people/outlet_detail.html"
    cache_kind = "outlet"
    narrow = "from_outlet"
