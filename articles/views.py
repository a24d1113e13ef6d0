from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.images.jpeg import NotAJpeg, without_metadata
from articles.models import Article, Image, Rendition, Section


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
        related = Article.objects.published().related_to(article)
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


def photo_fallback(request, pk: int):
    """A photo for a page whose renditions are missing: never generated while a reader waits.

    Once renditions exist, this points at the largest JPEG. Until then a JPEG original is
    sent with its metadata segments dropped (a byte copy, not a re-encode), so no GPS or
    camera-owner EXIF leaks. Only photos of stories readers may see are served.
    """
    image = get_object_or_404(Image.objects.exclude(file=""), pk=pk)
    if not request.user.is_staff and not Article.objects.published().filter(lead_image=image):
        raise Http404("No published story uses this photo.")
    rendition = image.renditions.filter(crop=Rendition.Crop.ORIGINAL, format="jpeg").last()
    if rendition:
        return redirect(rendition.file.url)
    try:
        with image.file.open("rb") as original:
            data = without_metadata(original.read())
    except (OSError, NotAJpeg):
        raise Http404("This photo has no web version yet.") from None
    response = HttpResponse(data, content_type="image/jpeg")
    # Short-lived: renditions are on their way and should replace this soon.
    patch_cache_control(response, max_age=300)
    return response
