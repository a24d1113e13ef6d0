from articles.views import SubjectArticlesView
from people.models import Contributor, Outlet, Person, Quote
from people.redirects import FollowsPersonRedirects


class ContributorDetailView(SubjectArticlesView):
    subject_model = Contributor
    template_name = "people/contributor_detail.html"

    def get_subject_queryset(self):
        return Contributor.objects.select_related("outlet")

    def filter_articles(self, articles):
        return articles.by_contributor(self.subject)


class PersonDetailView(FollowsPersonRedirects, SubjectArticlesView):
    """A person's stories (paginated), with their offices, quotes and who they appear with."""

    subject_model = Person
    template_name = "people/person_detail.html"
    redirect_url_name = "people:person"
    quotes_shown = 10
    alongside_shown = 8

    def get_subject_queryset(self):
        return Person.objects.prefetch_related("offices", "same_as")

    def filter_articles(self, articles):
        return articles.mentioning(self.subject)

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

    def filter_articles(self, articles):
        return articles.from_outlet(self.subject)
