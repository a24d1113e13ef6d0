from functools import cached_property
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, F
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from taggit.forms import TagWidget

from articles.models import (
    Article,
    Byline,
    Image,
    Mention,
    MentionSuppression,
    RelatedChoice,
    Section,
)
from articles.related import related_refresh
from articles.services import articles_publish, articles_unpublish
from newsroom.admin_links import changelist_link
from people.admin import analysis_message, article_people_review
from people.models import Contributor, Person, Quote
from people.services import article_analyse, mentions_edit, quote_attribute

THUMBNAIL_WIDTH = 60


def image_thumbnail(image: Image | None, *, width: int = THUMBNAIL_WIDTH) -> str:
    """A small `<img>` of the photo, or nothing while the record has no file."""
    if image is None or not image.file:
        return ""
    # Giving the height too keeps the changelist from jumping as thumbnails load.
    height = round(width * image.height / image.width) if image.width and image.height else None
    return format_html(
        '<img src="{}" alt="{}" width="{}"{} loading="lazy">',
        image.file.url,
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
        raise NotImplementedError


class ContributorFilter(ChosenObjectFilter):
    title = "contributor"
    parameter_name = "contributor"
    related_model = Contributor

    def narrow(self, queryset, chosen):
        return queryset.by_contributor(chosen)


class PersonFilter(ChosenObjectFilter):
    title = "person mentioned"
    parameter_name = "person"
    related_model = Person

    def narrow(self, queryset, chosen):
        return queryset.mentioning(chosen)


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
    list_display = ["thumbnail", "caption_start", "credit", "credit_line", "dimensions"]
    list_display_links = ["thumbnail", "caption_start"]
    list_filter = [
        ("agency", admin.RelatedOnlyFieldListFilter),
        ("photographer", admin.RelatedOnlyFieldListFilter),
        ("file", admin.EmptyFieldListFilter),
    ]
    search_fields = ["caption", "alt_text", "credit_line", "photographer__name", "agency__name"]
    list_select_related = ["photographer", "agency"]
    autocomplete_fields = ["photographer", "agency"]
    date_hierarchy = "created_at"
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "caption"]}),
        ("Credit", {"fields": ["photographer", "agency", "credit_line"]}),
        ("File", {"fields": ["dimensions", "created_at"], "classes": ["collapse"]}),
    ]
    readonly_fields = ["preview", "dimensions", "created_at"]

    @admin.display(description="photo")
    def thumbnail(self, image):
        return image_thumbnail(image)

    @admin.display(description="preview")
    def preview(self, image):
        return image_thumbnail(image, width=400) or "No file yet."

    @admin.display(description="caption", ordering="caption")
    def caption_start(self, image):
        # Captions run to paragraphs; the list needs only enough to recognise the photo.
        return image.caption[:100] or str(image)

    @admin.display(description="credit")
    def credit(self, image):
        return image.credit

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
class ArticleAdmin(admin.ModelAdmin):
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
    list_filter = ["status", "section", "published_at", ContributorFilter, PersonFilter]
    search_fields = [
        "headline",
        "dek",
        "body",
        "tags__name",
        "bylines__contributor__name",
        "mentions__person__name",
    ]
    list_select_related = ["section", "lead_image"]
    date_hierarchy = "published_at"
    # Drafts first, whatever the database's habit with NULLs, then the newest stories.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    list_per_page = 50
    save_on_top = True
    # Editors paste bare domains; the web is https now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish_articles", "unpublish_articles"]

    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_image", "source_outlet"]
    inlines = [
        BylineInline,
        MentionInline,
        MentionSuppressionInline,
        QuoteInline,
        RelatedChoiceInline,
    ]
    readonly_fields = [
        "people_review",
        "related_preview",
        "first_published_at",
        "created_at",
        "updated_at",
        "import_source",
        "external_id",
        "import_checksum",
    ]
    fieldsets = [
        ("Story", {"fields": ["headline", "slug", "dek", "body"]}),
        ("Placement", {"fields": ["section", "lead_image", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
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
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).for_listing()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagSuggestWidget(suggest_url=self.tag_suggest_url())
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

    @admin.action(description="Publish selected stories", permissions=["change"])
    def publish_articles(self, request, queryset):
        changed = articles_publish(articles=queryset)
        self.report_changed(request, changed, done="published", already="published")

    @admin.action(description="Return selected stories to draft", permissions=["change"])
    def unpublish_articles(self, request, queryset):
        changed = articles_unpublish(articles=queryset)
        self.report_changed(request, changed, done="returned to draft", already="drafts")

    def report_changed(self, request, changed: int, *, done: str, already: str) -> None:
        if not changed:
            message = f"No stories changed: the selected stories were already {already}."
            self.message_user(request, message, messages.INFO)
            return
        message = ngettext("%(count)d story %(done)s.", "%(count)d stories %(done)s.", changed)
        self.message_user(request, message % {"count": changed, "done": done}, messages.SUCCESS)
