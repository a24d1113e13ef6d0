from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from articles.models import Article, Image, Mention
from newsroom.admin_links import changelist_link
from people.models import (
    Alias,
    AmbiguousMention,
    Contributor,
    Office,
    Outlet,
    Person,
    PersonProposal,
    PersonRedirect,
    Quote,
    SameAs,
)
from people.services import people_merge, proposal_confirm, proposal_reject, quote_attribute


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


class OfficeInline(admin.TabularInline):
    model = Office
    fields = ["title", "started_on", "ended_on"]
    extra = 1
    verbose_name_plural = "offices held"


class SameAsInline(admin.TabularInline):
    model = SameAs
    fields = ["url"]
    extra = 1
    verbose_name_plural = "same person elsewhere (Wikipedia, official pages…)"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


def _count_of(model, field: str) -> Subquery:
    """How many `model` rows point at the outer person: a subquery, so two counts on one
    row never multiply each other."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "wikidata", "mention_count", "quote_count"]
    list_filter = [
        ("wikidata_id", admin.EmptyFieldListFilter),
        ("photo", admin.EmptyFieldListFilter),
        ("description", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "aliases__name", "office", "=wikidata_id"]
    list_select_related = False
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "office", "description", "photo", "wikidata_id"]
    inlines = [AliasInline, OfficeInline, SameAsInline]
    ordering = ["name"]
    list_per_page = 50
    actions = ["merge_people"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                mention_count=_count_of(Mention, "person"), quote_count=_count_of(Quote, "person")
            )
        )

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

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, person):
        return changelist_link(
            self, "people_quote", person.quote_count, person__id__exact=person.pk
        )

    @admin.action(description="Merge the two selected people…", permissions=["change", "delete"])
    def merge_people(self, request, queryset):
        # The changelist's queryset: already annotated with the counts the page shows.
        people = list(queryset.order_by("name"))
        if len(people) != 2:
            self.message_user(request, "Choose exactly two people to merge.", messages.WARNING)
            return None
        chosen = request.POST.get("survivor")
        survivor = next((p for p in people if str(p.pk) == chosen), None)
        if survivor is None:
            context = {
                **self.admin_site.each_context(request),
                "title": "Merge two people",
                "opts": self.model._meta,
                "people": people,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/people/person/merge.html", context)
        merged = next(p for p in people if p.pk != survivor.pk)
        result = people_merge(survivor=survivor, merged=merged)
        message = (
            f"{merged.name} merged into {survivor.name}: {result.mentions} mentions and "
            f"{result.quotes} quotes moved; their old page now redirects here."
        )
        self.message_user(request, message, messages.SUCCESS)
        return None


class NeedsAttributionFilter(admin.SimpleListFilter):
    title = "speaker"
    parameter_name = "speaker"

    def lookups(self, request, model_admin):
        return [("unknown", "Needs attribution"), ("known", "Attributed")]

    def queryset(self, request, queryset):
        if self.value() == "unknown":
            return queryset.needing_attribution()
        if self.value() == "known":
            return queryset.exclude(person=None)
        return queryset


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    """Every quote, and the place to attribute those the extraction left to an editor."""

    list_display = ["quote", "person", "story", "attribution", "speaker_text", "speaker_office"]
    list_editable = ["person"]
    list_filter = [NeedsAttributionFilter, "attribution"]
    search_fields = ["text", "person__name", "speaker_text", "article__headline"]
    list_select_related = ["person", "article"]
    autocomplete_fields = ["person"]
    date_hierarchy = "article__published_at"
    list_per_page = 50
    fields = ["text", "article", "paragraph", "speaker_text", "person", "attribution"]
    fields += ["speaker_office"]
    readonly_fields = ["text", "article", "paragraph", "speaker_text", "attribution"]

    def has_add_permission(self, request):
        return False  # quotes come from stories; edit the story to add one

    def save_model(self, request, obj, form, change):
        if "person" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        office = obj.speaker_office
        quote_attribute(quote=obj, person=obj.person)
        if "speaker_office" in form.changed_data:
            # The editor's own wording of the office beats the registry's.
            obj.speaker_office = office
            obj.save(update_fields=["speaker_office"])
        return None

    @admin.display(description="quote", ordering="text")
    def quote(self, quote):
        return str(quote)

    @admin.display(description="story", ordering="article__headline")
    def story(self, quote):
        url = reverse(f"{self.admin_site.name}:articles_article_change", args=[quote.article_id])
        return format_html('<a href="{}">{}</a> (¶{})', url, quote.article, quote.paragraph)


@admin.register(PersonProposal)
class PersonProposalAdmin(admin.ModelAdmin):
    """People stories seem to name who are not registered: confirm or reject each one."""

    list_display = ["name", "office", "status", "story_count", "evidence_start", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "office", "evidence"]
    list_select_related = ["person"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    actions = ["confirm_proposals", "reject_proposals"]
    fields = ["name", "office", "status", "person", "evidence", "stories", "decided_at"]
    readonly_fields = ["status", "person", "evidence", "stories", "decided_at"]

    def has_add_permission(self, request):
        return False  # proposals come from stories

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("articles"))

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, proposal):
        return proposal.story_count

    @admin.display(description="evidence")
    def evidence_start(self, proposal):
        return proposal.evidence[:120]

    @admin.display(description="stories naming them")
    def stories(self, proposal):
        links = [
            (reverse(f"{self.admin_site.name}:articles_article_change", args=[a.pk]), a.headline)
            for a in proposal.articles.all()
        ]
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', links) or "None"

    @admin.action(description="Register the selected people", permissions=["change"])
    def confirm_proposals(self, request, queryset):
        pending = queryset.filter(status=PersonProposal.Status.PENDING)
        people = [proposal_confirm(proposal=proposal) for proposal in pending]
        message = ngettext("%(n)d person registered.", "%(n)d people registered.", len(people))
        self.message_user(request, message % {"n": len(people)}, messages.SUCCESS)

    @admin.action(description="Reject: never propose these names again", permissions=["change"])
    def reject_proposals(self, request, queryset):
        pending = list(queryset.filter(status=PersonProposal.Status.PENDING))
        for proposal in pending:
            proposal_reject(proposal=proposal)
        message = ngettext("%(n)d name rejected.", "%(n)d names rejected.", len(pending))
        self.message_user(request, message % {"n": len(pending)}, messages.SUCCESS)


@admin.register(AmbiguousMention)
class AmbiguousMentionAdmin(admin.ModelAdmin):
    """Names that fit several people. Resolve one by adding the right person to the story."""

    list_display = ["name", "story", "who"]
    list_filter = ["article__status"]
    search_fields = ["name", "article__headline", "candidates__name"]
    list_select_related = ["article"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("candidates")

    @admin.display(description="story", ordering="article__headline")
    def story(self, flagged):
        url = reverse(f"{self.admin_site.name}:articles_article_change", args=[flagged.article_id])
        return format_html('<a href="{}">{}</a>', url, flagged.article)

    @admin.display(description="could be")
    def who(self, flagged):
        return ", ".join(person.name for person in flagged.candidates.all())


@admin.register(PersonRedirect)
class PersonRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "person", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["old_slug", "person__name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    date_hierarchy = "created_at"


def article_people_review(article) -> str:
    """For the story form: who detection found, what stays ambiguous, and who is proposed."""
    if article is None or article.pk is None:
        return "Saved stories are read for the people they name and quote."
    mentions = article.mentions.select_related("person").order_by("person__name")
    found = format_html_join(
        ", ", "{} <small>({})</small>", ((m.person, m.get_origin_display()) for m in mentions)
    )
    flagged = format_html_join(
        "; ",
        "“{}” could be {}",
        (
            (a.name, ", ".join(p.name for p in a.candidates.all()))
            for a in article.ambiguous_mentions.prefetch_related("candidates")
        ),
    )
    proposed = format_html_join(
        ", ",
        "{}",
        ((p.name,) for p in article.person_proposals.filter(status=PersonProposal.Status.PENDING)),
    )
    return format_html(
        "<p><strong>People:</strong> {}</p><p><strong>Ambiguous, pick one by hand:</strong> {}</p>"
        "<p><strong>Proposed, waiting for an editor:</strong> {}</p>",
        found or "none",
        flagged or "none",
        proposed or "none",
    )


def analysis_message(found) -> str:
    """What reading a saved story found, in a sentence for the editor."""
    parts = [
        ngettext("%(n)d person", "%(n)d people", len(found.people)) % {"n": len(found.people)},
        ngettext("%(n)d quote", "%(n)d quotes", found.quotes) % {"n": found.quotes},
    ]
    message = "Read the story: " + " and ".join(parts) + "."
    if found.unattributed:
        message += f" {found.unattributed} quote(s) need a speaker."
    if found.ambiguous:
        message += " Ambiguous: " + ", ".join(found.ambiguous) + "."
    if found.registered:
        message += " Registered: " + ", ".join(p.name for p in found.registered) + "."
    if found.proposed:
        message += " Proposed: " + ", ".join(found.proposed) + "."
    return message
