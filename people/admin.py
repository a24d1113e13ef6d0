from django.contrib import admin
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.utils.html import format_html

from articles.models import Article, Image
from newsroom.admin_links import changelist_link
from people.models import Alias, Contributor, Outlet, Person


class OutletRoleFilter(admin.SimpleListFilter):
    """What an outlet is to us: an employer of contributors, a photo agency, a source."""

    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [
            ("contributors", "Has contributors"),
            ("photos", "Supplies photos"),
            ("syndication", "Syndicates stories"),
        ]

    def queryset(self, request, queryset):
        related = {
            "contributors": Contributor.objects.filter(outlet=OuterRef("pk")),
            "photos": Image.objects.filter(agency=OuterRef("pk")),
            "syndication": Article.objects.filter(source_outlet=OuterRef("pk")),
        }.get(self.value())
        return queryset.filter(Exists(related)) if related is not None else queryset


class HasAccountFilter(admin.SimpleListFilter):
    title = "has account"
    parameter_name = "has_account"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(user__isnull=self.value() == "no")
        return queryset


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "contributor_count"]
    list_filter = [OutletRoleFilter]
    search_fields = ["name", "url"]
    list_select_related = False
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]
    # Editors paste bare domains; the web is https now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # distinct, because a search or filter join must not multiply the count.
        contributors = Count("contributors", distinct=True)
        return super().get_queryset(request).annotate(contributor_count=contributors)

    @admin.display(description="website", ordering="url")
    def website(self, outlet):
        if not outlet.url:
            return ""
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', outlet.url, outlet.url)

    @admin.display(description="contributors", ordering="contributor_count")
    def contributor_count(self, outlet):
        return changelist_link(
            self, "people_contributor", outlet.contributor_count, outlet__id__exact=outlet.pk
        )


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet", "has_account", "story_count"]
    list_filter = [HasAccountFilter, "outlet"]
    search_fields = ["name", "outlet__name"]
    list_select_related = ["outlet"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["outlet", "user"]
    ordering = ["name"]
    list_per_page = 50

    def get_queryset(self, request):
        # A contributor may hold two roles on one story; count the story once.
        stories = Count("bylines__article", distinct=True)
        return super().get_queryset(request).annotate(story_count=stories)

    @admin.display(description="has account", boolean=True, ordering="user")
    def has_account(self, contributor):
        return contributor.user_id is not None

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, contributor):
        return changelist_link(
            self, "articles_article", contributor.story_count, contributor=contributor.pk
        )


class AliasInline(admin.TabularInline):
    model = Alias
    fields = ["name"]
    extra = 1


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "wikidata", "mention_count"]
    list_filter = [
        ("wikidata_id", admin.EmptyFieldListFilter),
        ("photo", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "aliases__name", "office", "=wikidata_id"]
    list_select_related = False
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]
    ordering = ["name"]
    list_per_page = 50

    def get_queryset(self, request):
        # distinct, because searching aliases joins them and must not multiply the count.
        mentions = Count("mentions", distinct=True)
        return super().get_queryset(request).annotate(mention_count=mentions)

    @admin.display(description="Wikidata", ordering="wikidata_id")
    def wikidata(self, person):
        if not person.wikidata_id:
            return ""
        return format_html(
            '<a href="https://www.wikidata.org/wiki/{}" rel="noopener noreferrer">{}</a>',
            person.wikidata_id,
            person.wikidata_id,
        )

    @admin.display(description="mentions", ordering="mention_count")
    def mention_count(self, person):
        return changelist_link(self, "articles_article", person.mention_count, person=person.pk)
