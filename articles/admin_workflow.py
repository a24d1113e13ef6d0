"""The desk's rules in the story admin: who may do what, status buttons and actions,
revisions with history and restore, edit conflicts, preview links and the dashboard.

Every path (the form's buttons, bulk actions, direct POSTs, edited URLs) goes through
`has_change_permission` and the services, which check the same permissions again.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import ngettext
from reversion.models import Revision

from articles import services
from articles.models import Article, Correction, EditorialNote
from articles.preview import preview_expires_at, preview_path
from articles.revisions import article_history, snapshot_at_version, snapshot_current, snapshot_diff
from articles.roles import PUBLISH_PERMISSION
from articles.workflow import PublishRefused, WorkflowError, publish_problems, publish_warnings

Status = Article.Status

# The form's status buttons: (value, label, help), in the order they are shown.
WORKFLOW_BUTTONS = {
    "submit": ("Save and submit for review", "Send the story to the editors."),
    "publish": ("Save and publish now", "Readers see the story at once."),
    "schedule": ("Save and schedule", "Goes live by itself at the publication time above."),
    "unpublish": ("Save and unpublish", "Readers stop seeing the story at once."),
    "draft": ("Save and return to draft", "Back to the reporter, off any schedule."),
}


def can_publish(user: AbstractBaseUser) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def workflow_choices(user: AbstractBaseUser, article: Article | None) -> list[str]:
    """The status buttons this user may press on this story (None: a story being added)."""
    status = article.status if article else Status.DRAFT
    if not can_publish(user):
        return ["submit"] if status == Status.DRAFT else []
    return {
        Status.DRAFT: ["publish", "schedule"],
        Status.IN_REVIEW: ["publish", "schedule", "draft"],
        Status.SCHEDULED: ["publish", "schedule", "unpublish", "draft"],
        Status.PUBLISHED: ["unpublish"],
        Status.UNPUBLISHED: ["publish", "schedule", "draft"],
    }[status]


class MineFilter(admin.SimpleListFilter):
    """A reporter's way to their own stories."""

    title = "created by"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "Me")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(created_by=request.user)
        return queryset


class CorrectionInline(admin.StackedInline):
    """Corrections, clarifications and updates go on the record once a story has run."""

    model = Correction
    fields = ["kind", "text", "appended_at", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        # Only a story readers have seen can be corrected; drafts are simply edited.
        has_run = obj is not None and (obj.first_published_at or obj.is_published)
        return bool(has_run) and super().has_add_permission(request, obj)


class EditorialNoteInline(admin.TabularInline):
    """The desk's internal comments on a story. Posted notes stay as written."""

    model = EditorialNote
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1
    verbose_name = "editorial note (never shown to readers)"
    verbose_name_plural = "editorial notes (never shown to readers)"

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "appended_at", "created_by"]
    list_filter = ["kind", "appended_at"]
    search_fields = ["text", "article__headline"]
    list_select_related = ["article", "created_by"]
    autocomplete_fields = ["article"]
    date_hierarchy = "appended_at"
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ArticleWorkflowMixin:
    """The workflow half of ArticleAdmin (the fields and columns live in admin.py)."""

    # Permissions.

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        # Reporters edit their own stories, and only until they submit them.
        return obj.created_by_id == request.user.pk and obj.status == Status.DRAFT

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            # When a story goes out is the editors' call.
            fields += ["published_at", "expires_at"]
        return fields

    # Saving: owner, revisions, notes' authors.

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, EditorialNote) and instance.author_id is None:
                instance.author = request.user
            if isinstance(instance, Correction) and instance.created_by_id is None:
                instance.created_by = request.user
        formset.save()  # saves the instances above again, plus deletions and m2m

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The article was recorded when it was saved, before its inlines and tags; record
        # it again so the revision follows the bylines, mentions and tags as saved.
        reversion.add_to_revision(form.instance)

    def add_view(self, request, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().change_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message() or "Created.")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message() or "Saved without changes.")
        return entry

    # The form: status buttons, preview link, conflicts, checks.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        can_edit = obj is None or self.has_change_permission(request, obj)
        context["workflow_buttons"] = [
            (value, *WORKFLOW_BUTTONS[value])
            for value in (workflow_choices(user, obj) if can_edit else [])
        ]
        if obj is not None:
            context["preview_link"] = request.build_absolute_uri(preview_path(obj))
            context["preview_link_expires_at"] = preview_expires_at()
            context["publish_problems"] = publish_problems(obj)
            context["publish_warnings"] = publish_warnings(obj)
            form = context["adminform"].form
            if getattr(form, "conflict_from", None) is not None:
                context["conflict"] = self.conflict_context(obj, form.conflict_from)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def conflict_context(self, article: Article, opened: int | None) -> dict:
        """Who saved since the editor opened the form, and what they changed."""
        current = Article.objects.get(pk=article.pk)
        since = snapshot_at_version(current, opened) if opened is not None else None
        latest = (
            Revision.objects.filter(
                version__object_id=str(article.pk),
                version__content_type=ContentType.objects.get_for_model(Article),
            )
            .select_related("user")
            .order_by("-pk")
            .first()
        )
        return {
            "latest": latest,
            "changes": snapshot_diff(since, snapshot_current(current)) if since else None,
        }

    def response_add(self, request, obj, post_url_continue=None):
        if "_workflow" in request.POST:
            return self.run_workflow(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_workflow" in request.POST:
            return self.run_workflow(request, obj)
        return super().response_change(request, obj)

    def run_workflow(self, request, article: Article) -> HttpResponseRedirect:
        """The edits are saved; now the status button the editor pressed."""
        action = request.POST["_workflow"]
        # A forged button raises inside the admin's transaction, so nothing is saved.
        if action not in workflow_choices(request.user, article):
            raise PermissionDenied
        self.message_user(request, f"“{article}” was saved.", messages.SUCCESS)
        try:
            outcome = self.apply_workflow(request, article, action)
        except PublishRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, outcome, messages.SUCCESS)
            for warning in getattr(self, "_warnings", []):
                self.message_user(request, warning, messages.WARNING)
        opts = self.opts
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[article.pk])
        return HttpResponseRedirect(url)

    def apply_workflow(self, request, article: Article, action: str) -> str:
        by, self._warnings = request.user, []
        if action == "submit":
            missing = services.article_submit(article=article, by=by)
            if missing:
                self._warnings = [f"Before it can run, the story needs {', '.join(missing)}."]
            return "Submitted for review: the editors have it now."
        if action == "publish":
            self._warnings = services.article_publish(article=article, by=by)
            return "Published: readers can see the story now."
        if action == "schedule":
            at = article.published_at
            self._warnings = services.article_schedule(article=article, at=at, by=by)
            when = timezone.localtime(at)
            return f"Scheduled: the story goes live at {when:%Y-%m-%d %H:%M %Z} by itself."
        if action == "unpublish":
            services.article_unpublish(article=article, by=by)
            return "Unpublished: readers no longer see the story."
        services.article_return_to_draft(article=article, by=by)
        return "Returned to draft."

    # Bulk actions on the changelist.

    @admin.action(description="Submit selected drafts for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.act_on_each(request, queryset, services.article_submit, done="submitted for review")

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish_articles(self, request, queryset):
        self.act_on_each(request, queryset, services.article_publish, done="published")

    @admin.action(description="Unpublish selected stories", permissions=["publish"])
    def unpublish_articles(self, request, queryset):
        self.act_on_each(request, queryset, services.article_unpublish, done="unpublished")

    def act_on_each(self, request, queryset, service, *, done: str) -> None:
        """Call `service` for every story the user may change, each on its own, and report
        which changed and why the others did not. The service checks permissions again."""
        changed = 0
        for article in queryset:
            if not self.has_change_permission(request, article):
                self.message_user(request, f"“{article}”: not yours to change.", messages.ERROR)
                continue
            try:
                service(article=article, by=request.user)
            except WorkflowError as error:
                self.message_user(request, f"“{article}”: {error}", messages.ERROR)
            else:
                changed += 1
        if changed:
            message = ngettext("%(count)d story %(done)s.", "%(count)d stories %(done)s.", changed)
            self.message_user(request, message % {"count": changed, "done": done})

    # History, restore and the dashboard.

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("dashboard/", view(self.dashboard_view), name=f"{name}_dashboard"),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                view(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"History of “{article}”",
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "entries": article_history(article),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(
            Revision,
            pk=revision_id,
            version__object_id=str(article.pk),
            version__content_type=ContentType.objects.get_for_model(Article),
        )
        restored = services.article_revision_restore(
            article=article, revision=revision, by=request.user
        )
        self.log_change(request, restored, "Restored an earlier version.")
        when = timezone.localtime(revision.date_created)
        self.message_user(
            request,
            f"Restored the version of {when:%Y-%m-%d %H:%M}. The restore is in the history too.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk])
        )

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        now = timezone.now()
        articles = Article.objects.select_related("section", "created_by")
        context = {
            **self.admin_site.each_context(request),
            "title": "Newsdesk dashboard",
            "subtitle": None,
            "opts": self.opts,
            "now": now,
            "panels": [
                ("In review", list(articles.in_review()[:20]), "Waiting for an editor."),
                (
                    "Scheduled next",
                    list(articles.scheduled_next(now=now)[:20]),
                    "Each goes live by itself at its time.",
                ),
                (
                    "Overdue scheduled",
                    list(articles.overdue_scheduled(now=now)[:20]),
                    "Already live; manage.py publish_scheduled has not recorded them yet.",
                ),
                (
                    "Recently published",
                    list(articles.recently_published(now=now)[:10]),
                    "Live now, newest first.",
                ),
            ],
        }
        return TemplateResponse(request, "admin/articles/article/dashboard.html", context)
