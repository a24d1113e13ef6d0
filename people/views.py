from articles.views import SubjectArticlesView
from people.models import Contributor, Outlet, Person


class ContributorDetailView(SubjectArticlesView):
    subject_model = Contributor
    template_name = "people/contributor_detail.html"

    def get_subject_queryset(self):
        return Contributor.objects.select_related("outlet")

    def filter_articles(self, articles):
        return articles.by_contributor(self.subject)


class PersonDetailView(SubjectArticlesView):
    subject_model = Person
    template_name = "people/person_detail.html"

    def filter_articles(self, articles):
        return articles.mentioning(self.subject)


class OutletDetailView(SubjectArticlesView):
    subject_model = Outlet
    template_name = "people/outlet_detail.html"

    def filter_articles(self, articles):
        return articles.from_outlet(self.subject)
