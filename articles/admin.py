from functools import cached_property
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from taggit.forms import TagWidget

from articles.admin_forms import ArticleAdminForm, body_form_field
from articles.admin_workflow import (
    ArticleWorkflowMixin,
    CorrectionInline,
    EditorialNoteInline,
    MineFilter,
)
from articles.images.forms import ImageForm
from articles.images.services import image_ingest, images_delete, renditions_generate
from articles.models import (
    Article,
    Byline,
    Image,
    Mention,
    MentionSuppression,
    RelatedChoice,
    Rendition,
    Section,
)
from articles.related import related_refresh
from articles.search import search_articles
from newsroom.admin_links import changelist_link
from people.admin import analysis_message, article_people_review
from people.analysis import article_analyse
from people.models import Contributor, Person, Quote
from people.services import mentions_edit, quote_attribute

THUMBNAIL_WIDTH = 60


def image_thumbnail(image: Image | None, *, width: int = THUMBNAIL_WIDTH) -> str:
    """A small `<img>` of the photo, or nothing while the record has no file.

    The smallest prefetched JPEG rendition when there is one; otherwise the private original,
    through the staff-only view, for the browser to shrink.
    """
    if image is None or not image.file:
        return ""
    renditions = [r for r in image.renditions.all() if r.format == Rendition.Format.JPEG]
    smallest = min(renditions, key=lambda r: r.width, default=None)
    if smallest:
        src, ratio = smallest.file.url, smallest.height / smallest.width
    else:
        src = reverse("admin:articles_image_original", args=[image.pk])
        ratio = image.height / image.width if image.width and image.height else None
    # Giving the height too keeps the changelist from jumping as thumbnails load.
    height = round(width * ratio) if ratio else None
    return format_html(
        '<img src="{}" alt="{}" width="{}"{} loading="lazy">',
        src,
        image.alt_text,
        width,
        format_html(' height="{}"', height) if height else "",
    )


class TagSuggestWidget(TagWidget):
    """taggit's comma-separated text input, plus suggestions of existing tags as you type.

    The script only attaches a `<datalist>`; without it the field is a plain text input.
    """

    def __init__(self, *, suggest_url: str, attrs: dict | None = None):
        attrs = {"class": "vTextField", "data-tag-suggest-url": suggest_url, **(attrs or {})}
        super().__init__(attrs=attrs)

    class Media:
        js = ["js/admin-tags.js"]


class ChosenObjectFilter(admin.SimpleListFilter):
    """Narrows stories to one contributor or person, offered only once chosen.

    Listing every contributor in the sidebar would be useless, so the way in is the count
    column of their own changelist, which links here.
    """

    related_model: type
    narrow_by: str  # the ArticleQuerySet method that keeps the chosen one's stories

    @cached_property
    def chosen(self):
        value = self.value()
        if not value or not value.isdigit():
            return None
        return self.related_model.objects.filter(pk=value).first()

    def has_output(self):
        # Shown, and so applied, whenever asked for: an unknown id must match nothing.
        return bool(self.value())

    def lookups(self, request, model_admin):
        return [(str(self.chosen.pk), str(self.chosen))] if self.chosen else []

    def queryset(self, request, queryset):
        if self.chosen:
            return self.narrow(queryset, self.chosen)
        return queryset.none() if self.value() else queryset

    def narrow(self, queryset, chosen):
        return getattr(queryset, self.narrow_by)(chosen)


class ContributorFilter(ChosenObjectFilter):
    title = "contributor"
    parameter_name = "contributor"
    related_model = Contributor
    narrow_by = "by_contributor"


class PersonFilter(ChosenObjectFilter):
    title = "person mentioned"
    parameter_name = "person"
    related_model = Person
    narrow_by = "mentioning"


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "story_count"]
    list_filter = [("description", admin.EmptyFieldListFilter)]
    search_fields = ["name", "description"]
    list_select_related = False
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]

    def get_queryset(self, request):
        # distinct, because a search or filter join must not multiply the count.
        return super().get_queryset(request).annotate(story_count=Count("articles", distinct=True))

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, section):
        return changelist_link(
            self, "articles_article", section.story_count, section__id__exact=section.pk
        )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = [
        "thumbnail",
        "caption_start",
        "credit",
        "credit_line",
        "is_redistributable",
        "story_count",
        "dimensions",
    ]
    list_display_links = ["thumbnail", "caption_start"]
    list_filter = [
        ("agency", admin.RelatedOnlyFieldListFilter),
        ("photographer", admin.RelatedOnlyFieldListFilter),
        "is_redistributable",
        ("file", admin.EmptyFieldListFilter),
    ]
    search_fields = [
        "caption",
        "alt_text",
        "headline",
        "keywords",
        "credit_line",
        "copyright_notice",
        "photographer__name",
        "agency__name",
    ]
    list_select_related = ["photographer", "agency"]
    autocomplete_fields = ["photographer", "agency"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["make_renditions"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "caption", "headline", "keywords"]}),
        ("Credit", {"fields": ["photographer", "agency", "credit_line"]}),
        ("Rights", {"fields": ["copyright_notice", "usage_terms", "is_redistributable"]}),
        (
            "Cropping",
            {
                "fields": [("focal_x", "focal_y")],
                "description": "Crops for cards and squares keep this point in frame.",
            },
        ),
        ("Used in", {"fields": ["used_in"]}),
        (
            "File",
            {
                "fields": ["dimensions", "rendition_count", "content_hash", "created_at"],
                "classes": ["collapse"],
            },
        ),
    ]
    readonly_fields = [
        "preview",
        "used_in",
        "dimensions",
        "rendition_count",
        "content_hash",
        "created_at",
    ]

    def get_queryset(self, request):
        # The smallest rendition is the thumbnail; distinct, as a search join must not
        # multiply the count.
        thumbnails = Rendition.objects.filter(
            crop=Rendition.Crop.ORIGINAL, format=Rendition.Format.JPEG
        )
        return (
            super()
            .get_queryset(request)
            .annotate(story_count=Count("lead_for", distinct=True))
            .prefetch_related(models.Prefetch("renditions", queryset=thumbnails))
        )

    def get_urls(self):
        original = path(
            "<path:object_id>/original/",
            self.admin_site.admin_view(self.original_view),
            name="articles_image_original",
        )
        return [original, *super().get_urls()]

    def original_view(self, request, object_id):
        """The original file as uploaded, metadata and all: for staff who may view photos."""
        image = self.get_object(request, object_id)
        if image is None or not image.file:
            raise Http404("No such photo file.")
        if not self.has_view_permission(request, image):
            raise PermissionDenied
        response = FileResponse(image.file.open("rb"), filename=image.file.name.rsplit("/")[-1])
        response["Cache-Control"] = "private, max-age=3600"
        return response

    def save_model(self, request, obj, form, change):
        if form.checked is not None:
            upload = form.cleaned_data["file"]
            before = {name: getattr(obj, name) for name in ("caption", "credit_line")}
            image_ingest(file=upload, name=upload.name, image=obj, checked=form.checked)
            self.report_prefill(request, obj, before)
            return
        is_cleared = "file" in form.changed_data and not obj.file
        if is_cleared:
            obj.content_hash = ""
        super().save_model(request, obj, form, change)
        if is_cleared or (obj.file and {"focal_x", "focal_y"} & set(form.changed_data)):
            renditions_generate(image=obj)

    def delete_model(self, request, obj):
        images_delete(images=[obj])

    def delete_queryset(self, request, queryset):
        images_delete(images=queryset)

    def report_prefill(self, request, image, before: dict) -> None:
        if any(getattr(image, name) != value for name, value in before.items()):
            self.message_user(
                request,
                "Caption, credit and rights were filled from the photo's own metadata "
                "where you had left them blank; check them before using the photo.",
                messages.INFO,
            )

    @admin.action(description="Make renditions again", permissions=["change"])
    def make_renditions(self, request, queryset):
        made = sum(renditions_generate(image=image) for image in queryset.exclude(file=""))
        self.message_user(request, f"{made} renditions made.", messages.SUCCESS)

    @admin.display(description="photo")
    def thumbnail(self, image):
        return image_thumbnail(image)

    @admin.display(description="preview")
    def preview(self, image):
        if not image.file:
            return "No file yet."
        url = reverse("admin:articles_image_original", args=[image.pk])
        # A cross over the photo where the focal point is, so editors see what crops keep.
        return format_html(
            '<a href="{}" style="position: relative; display: inline-block">{}'
            '<span title="focal point" style="position: absolute; left: {}%; top: {}%; '
            "transform: translate(-50%, -50%); color: #fff; font: bold 2rem/1 sans-serif; "
            'text-shadow: 0 0 3px #000">+</span></a>',
            url,
            image_thumbnail(image, width=400),
            round(image.focal_x * 100, 1),
            round(image.focal_y * 100, 1),
        )

    @admin.display(description="caption", ordering="caption")
    def caption_start(self, image):
        # Captions run to paragraphs; the list needs only enough to recognise the photo.
        return image.caption[:100] or str(image)

    @admin.display(description="credit")
    def credit(self, image):
        return image.credit

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, image):
        return changelist_link(
            self, "articles_article", image.story_count, lead_image__id__exact=image.pk
        )

    @admin.display(description="lead photo of")
    def used_in(self, image):
        if not image.pk:
            return "—"
        articles = image.lead_for.order_by("-published_at", "-pk")
        if not articles:
            return "No story uses this photo yet."
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({})',
            (
                (reverse("admin:articles_article_change", args=[a.pk]), a.headline, a.status)
                for a in articles
            ),
        )

    @admin.display(description="renditions")
    def rendition_count(self, image):
        # Not image.renditions: the changelist's prefetch holds only the thumbnails.
        return Rendition.objects.filter(image=image).count() if image.pk else 0

    @admin.display(description="size")
    def dimensions(self, image):
        if image.width and image.height:
            return f"{image.width} × {image.height}"
        return ""


class BylineInline(admin.TabularInline):
    """Credits in print order: `position` decides who comes first."""

    model = Byline
    fields = ["position", "contributor", "role"]
    autocomplete_fields = ["contributor"]
    ordering = ["position", "pk"]
    extra = 1


class MentionInline(admin.TabularInline):
    """People found in the text, and those an editor added. Deleting a row removes the
    person for good: detection will not add them back."""

    model = Mention
    fields = ["person", "origin"]
    readonly_fields = ["origin"]
    autocomplete_fields = ["person"]
    extra = 0
    verbose_name = "person mentioned"
    verbose_name_plural = "people mentioned"


class MentionSuppressionInline(admin.TabularInline):
    """People an editor removed; delete a row to let detection find them again."""

    model = MentionSuppression
    fields = ["person", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["person"]
    extra = 0


class QuoteInline(admin.TabularInline):
    """The quotes found in the story, for review: set the speaker where it is unclear."""

    model = Quote
    fields = ["paragraph", "text", "person", "attribution", "speaker_office"]
    readonly_fields = ["paragraph", "text", "attribution", "speaker_office"]
    autocomplete_fields = ["person"]
    extra = 0
    can_delete = False
    verbose_name_plural = "quotes found in the story"

    def has_add_permission(self, request, obj=None):
        return False  # quotes come from the text


class RelatedChoiceInline(admin.TabularInline):
    """Pin a story into the related block, or keep one out of it."""

    model = RelatedChoice
    fk_name = "article"
    fields = ["related", "kind", "position"]
    autocomplete_fields = ["related"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(ArticleWorkflowMixin, admin.ModelAdmin):
    list_display = [
        "headline",
        "byline",
        "section",
        "status",
        "is_live",
        "published_at",
        "thumbnail",
    ]
    # Tags are searched rather than filtered: a sidebar would list every tag ever used.
    list_filter = [
        "status",
        MineFilter,
        "section",
        "published_at",
        ContributorFilter,
        PersonFilter,
    ]
    # Words in the story go through the full-text index (get_search_results); these
    # fields add matches on the names around it.
    search_fields = [
        "tags__name",
        "bylines__contributor__name",
        "mentions__person__name",
        "mentions__person__aliases__name",
    ]
    list_select_related = ["section", "lead_image"]
    date_hierarchy = "published_at"
    # Drafts first, whatever the database's habit with NULLs, then the newest stories.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    list_per_page = 50
    save_on_top = True
    # Editors paste bare domains; the web is https now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["submit_for_review", "publish_articles", "unpublish_articles"]

    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_image", "source_outlet"]
    inlines = [
        BylineInline,
        MentionInline,
        MentionSuppressionInline,
        QuoteInline,
        RelatedChoiceInline,
        CorrectionInline,
        EditorialNoteInline,
    ]
    readonly_fields = [
        "people_review",
        "related_preview",
        "status",
        "first_published_at",
        "created_by",
        "created_at",
        "updated_at",
        "import_source",
        "external_id",
        "import_checksum",
    ]
    fieldsets = [
        ("Story", {"fields": ["headline", "slug", "dek", "body", "plain_text", "edit_version"]}),
        ("Placement", {"fields": ["section", "lead_image", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at", "expires_at"]}),
        ("People and quotes found", {"fields": ["people_review"]}),
        ("Related stories", {"classes": ["collapse"], "fields": ["related_preview"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_outlet",
                    "source_url",
                    ("import_source", "external_id"),
                    "import_checksum",
                    "first_published_at",
                    ("created_by", "created_at", "updated_at"),
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing()

    def get_search_results(self, request, queryset, search_term):
        """The readers' full-text search, over drafts too, plus matching names."""
        by_names, _ = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return by_names, False
        by_words = search_articles(Article.objects.all(), search_term).values("pk")
        matches = Q(pk__in=by_names.values("pk")) | Q(pk__in=by_words)
        return queryset.filter(matches), False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagSuggestWidget(suggest_url=self.tag_suggest_url())
        if db_field.name == "body":
            return body_form_field(
                required=False, label="Body", help_text=db_field.help_text, **kwargs
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def tag_suggest_url(self) -> str:
        """The admin's own autocomplete view, searching taggit's TagAdmin for this field."""
        url = reverse(f"{self.admin_site.name}:autocomplete")
        opts = self.model._meta
        query = urlencode(
            {"app_label": opts.app_label, "model_name": opts.model_name, "field_name": "tags"}
        )
        return f"{url}?{query}"

    def save_formset(self, request, form, formset, change):
        if formset.model is Mention:
            self._save_mentions(form.instance, formset)
        elif formset.model is MentionSuppression:
            for suppression in formset.save(commit=False):
                mentions_edit(article=form.instance, removed=[suppression.person])
            for suppression in formset.deleted_objects:
                suppression.delete()
        elif formset.model is Quote:
            for quote in formset.save(commit=False):
                quote_attribute(quote=quote, person=quote.person)
        else:
            super().save_formset(request, form, formset, change)

    def _save_mentions(self, article, formset) -> None:
        """An editor's additions and removals are remembered as theirs (see mentions_edit)."""
        formset.save(commit=False)  # fills in what changed, for the admin's history too
        added, removed = [], []
        for mention_form in formset.forms:
            if not mention_form.has_changed() or not hasattr(mention_form, "cleaned_data"):
                continue
            # The form has already written the new choice onto the instance.
            old = mention_form.initial.get("person") if mention_form.instance.pk else None
            new = mention_form.cleaned_data.get("person")
            if old and (mention_form.cleaned_data.get("DELETE") or new.pk != old):
                removed.append(old)
            if new and not mention_form.cleaned_data.get("DELETE") and new.pk != old:
                added.append(new)
        mentions_edit(article=article, added=added, removed=Person.objects.filter(pk__in=removed))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        found = article_analyse(article=article)
        related_refresh(article=article)
        self.message_user(request, analysis_message(found), messages.INFO)

    @admin.display(description="found in the text")
    def people_review(self, article):
        return article_people_review(article)

    @admin.display(description="related block")
    def related_preview(self, article):
        if article is None or article.pk is None:
            return "Chosen when the story is saved."
        rows = article.related_rows.select_related("related").order_by(
            "-is_pinned", "position", "-score"
        )
        return (
            format_html_join(
                "",
                '<p><a href="{}">{}</a> <small>{}{}</small></p>',
                (
                    (
                        reverse("admin:articles_article_change", args=[row.related_id]),
                        row.related.headline,
                        row.reason,
                        "" if row.related.is_published else " (hidden: readers cannot see it)",
                    )
                    for row in rows
                ),
            )
            or "None yet: related stories share people or tags with this one."
        )

    def view_on_site(self, article):
        # Straight to the reader URL; staff may preview drafts there.
        return article.get_absolute_url()

    @admin.display(description="byline")
    def byline(self, article):
        return ", ".join(byline.contributor.name for byline in article.bylines.all())

    @admin.display(description="live", boolean=True)
    def is_live(self, article):
        return article.is_published

    @admin.display(description="photo", empty_value="")
    def thumbnail(self, article):
        return image_thumbnail(article.lead_image)
