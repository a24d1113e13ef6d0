from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.models import Article, Section


class ReaderArticlesMixin:
    """Readers get published stories only; staff may also open drafts to preview them."""

    def get_queryset(self):
        articles = Article.objects.all()
        if not self.request.user.is_staff:
            articles = articles.published()
        return articles


class ArticleDetailView(ReaderArticlesMixin, DetailView):
    model = Article

    def get_queryset(self):
        return super().get_queryset().for_detail()

    def get_context_data(self, **kwargs):
        article = self.object
        related = Article.objects.published().related_for(article)
        return super().get_context_data(
            related=list(related), active_section=article.section, **kwargs
        )


class ArticleListView(ListView):
    """A newest-first, paginated list of published stories, optionally about one thing."""

    paginate_by = settings.PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        return self.filter_articles(Article.objects.published()).for_listing().newest_first()

    def filter_articles(self, articles):
        return articles


class HomeView(ArticleListView):
    template_name = "articles/home.html"


class SubjectArticlesView(ArticleListView):
    """A listing for one subject (a section, a tag, a contributor…), looked up by slug."""

    subject_model = None
    template_name = "articles/subject_list.html"

    def get_subject_queryset(self):
        return self.subject_model.objects.all()

    def get_subject(self):
        return get_object_or_404(self.get_subject_queryset(), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class SectionView(SubjectArticlesView):
    subject_model = Section
    template_name = "articles/section_detail.html"

    def filter_articles(self, articles):
        return articles.in_section(self.subject)

    def get_context_data(self, **kwargs):
        return super().get_context_data(active_section=self.subject, **kwargs)


class TagView(SubjectArticlesView):
    subject_model = Tag
    template_name = "articles/tag_detail.html"

    def filter_articles(self, articles):
        return articles.tagged(self.subject)
