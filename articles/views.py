from functools import cached_property, partial

from django.conf import settings
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles import structured_data
from articles.cache import (
    CORRECTIONS,
    STORIES,
    CachedPageMixin,
    dependency,
    remembered,
    visibility_deadline,
)
from articles.exports import story_ninjs
from articles.images.jpeg import NotAJpeg, without_metadata
from articles.models import Article, Correction, Image, Rendition, Section
from articles.preview import preview_article_id
from articles.related import related_preview
from articles.search import search_articles
from newsroom.absolute import absolute_url


class ReaderArticlesMixin:
    """Readers get published stories only; staff may also open drafts to preview them."""

    def get_queryset(self):
        articles = Article.objects.all()
        if not self.request.user.is_staff:
            articles = articles.published()
        return articles


class ArticleDetailView(CachedPageMixin, ReaderArticlesMixin, DetailView):
    model = Article

    def get_queryset(self):
        return super().get_queryset().for_detail()

    def cache_dependencies(self):
        # The related block shows stories sharing a tag or a person: their listings.
        article = self.object
        yield dependency("story", article.pk)
        yield from (dependency("tag", tag.pk) for tag in article.tags.all())
        yield from (dependency("person", person.pk) for person in article.people.all())

    def get_context_data(self, **kwargs):
        article = self.object
        if article.is_published:
            related = list(Article.objects.published().related_for(article))
        else:
            related = related_preview(article)  # a preview: no stored list yet
        absolute = partial(absolute_url, request=self.request)
        return super().get_context_data(
            related=related,
            active_section=article.section,
            structured_data=structured_data.news_article(article, absolute),
            open_graph=structured_data.open_graph(article, absolute),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_published:
            # A preview must not be kept by a browser or proxy cache, nor indexed.
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ArticlePreviewView(ArticleDetailView):
    """One unpublished story through a signed, expiring link, for someone without a login.

    Only the signed story is shown: everything else on the page (related stories, menus)
    is what any reader sees.
    """

    shared_page = False  # the link is the reader's key: no cache may keep the page

    def get_object(self, queryset=None):
        try:
            pk = preview_article_id(self.kwargs["token"])
        except signing.BadSignature as error:
            raise Http404("This preview link is not valid, or it has expired.") from error
        return get_object_or_404(Article.objects.for_detail(), pk=pk)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_published:
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))


class CorrectionListView(CachedPageMixin, ListView):
    """Every correction, clarification and update on a story readers can see, newest first."""

    paginate_by = settings.PAGE_SIZE
    context_object_name = "corrections"
    template_name = "articles/correction_list.html"

    def get_queryset(self):
        return Correction.objects.public()

    def cache_dependencies(self):
        # Any story's takedown or expiry can hide its corrections.
        return [STORIES, CORRECTIONS]


class ArticleNinjsView(View):
    """A published story as IPTC ninjs 3.1, for syndication partners; never a draft."""

    def get(self, request, slug):
        articles = Article.objects.published().for_detail().select_related("lead_image")
        article = get_object_or_404(articles, slug=slug)
        return JsonResponse(story_ninjs(article), json_dumps_params={"ensure_ascii": False})


class RememberedCountPaginator(Paginator):
    """Counting a listing walks every published story in it: at a million stories that
    dominates the page, so the count is remembered until the listing changes."""

    def __init__(self, *args, count_key: str, count_dependencies: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key, self.count_dependencies = count_key, count_dependencies

    @cached_property
    def count(self) -> int:
        return remembered(
            self.count_key,
            self.count_dependencies,
            lambda: Paginator.count.func(self),
            until=visibility_deadline(),
        )


class ArticleListView(CachedPageMixin, ListView):
    """A newest-first, paginated list of published stories, optionally about one thing."""

    paginate_by = settings.PAGE_SIZE
    context_object_name = "articles"

    def get_paginator(self, queryset, per_page, **kwargs):
        dependencies = sorted(self.cache_dependencies())
        return RememberedCountPaginator(
            queryset,
            per_page,
            count_key=f"count:{type(self).__name__}:{','.join(dependencies)}",
            count_dependencies=dependencies,
            **kwargs,
        )

    def get_queryset(self):
        return self.filter_articles(Article.objects.published()).for_listing().newest_first()

    def filter_articles(self, articles):
        return articles


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        absolute = partial(absolute_url, request=self.request)
        return super().get_context_data(structured_data=structured_data.website(absolute), **kwargs)


class SubjectArticlesView(ArticleListView):
    """A listing for one subject (a section, a tag, a contributor…), looked up by slug."""

    subject_model = None
    template_name = "articles/subject_list.html"
    # The URL name of the subject's RSS feed; its Atom feed is named with "-atom".
    feed_name = None
    # What the page lists, for the page cache: "section" means dependency "section:<pk>".
    cache_kind = None
    # The ArticleQuerySet method that keeps the subject's stories, as the feeds name it.
    narrow = None

    def get_subject_queryset(self):
        return self.subject_model.objects.all()

    def get_subject(self):
        return get_object_or_404(self.get_subject_queryset(), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject()
        return super().get(request, *args, **kwargs)

    def cache_dependencies(self):
        return [dependency(self.cache_kind, self.subject.pk)]

    def filter_articles(self, articles):
        return getattr(articles, self.narrow)(self.subject)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, feeds=self.subject_feeds(), **kwargs)

    def subject_feeds(self) -> list[dict]:
        """The subject's own feeds, advertised in the page head."""
        if not self.feed_name:
            return []
        return [
            {
                "type": kind,
                "title": f"{self.subject} ({label})",
                "url": reverse(name, args=[self.subject.slug]),
            }
            for kind, label, name in [
                ("application/rss+xml", "RSS", self.feed_name),
                ("application/atom+xml", "Atom", f"{self.feed_name}-atom"),
            ]
        ]


class SectionView(SubjectArticlesView):
    subject_model = Section
    template_name = "articles/section_detail.html"
    feed_name = "articles:section-feed"
    cache_kind = "section"
    narrow = "in_section"

    def get_context_data(self, **kwargs):
        return super().get_context_data(active_section=self.subject, **kwargs)


class TagView(SubjectArticlesView):
    subject_model = Tag
    template_name = "articles/tag_detail.html"
    feed_name = "articles:tag-feed"
    cache_kind = "tag"
    narrow = "tagged"


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


class SearchView(CachedPageMixin, ListView):
    """Published stories matching the reader's words, best match first, with snippets."""

    page_cache = False  # every query is its own page; browsers may still reuse one

    paginate_by = settings.PAGE_SIZE
    context_object_name = "articles"
    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = " ".join(self.request.GET.get("q", "").split())[:200]
        if not self.query:
            return Article.objects.none()
        return search_articles(Article.objects.published(), self.query).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)
