"""The story form in the admin: rich-text body, plain-text paste, and edit-conflict checks."""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django_prose_editor.fields import ProseEditorFormField

from articles.html import BODY_EDITOR_EXTENSIONS, plain_text_html, sanitise_html
from articles.models import Article


def body_form_field(**kwargs) -> forms.Field:
    """The body in django-prose-editor, cleaned by our own allow-list on submit too."""
    return ProseEditorFormField(
        config={"extensions": BODY_EDITOR_EXTENSIONS},
        sanitize=sanitise_html,
        widget=AdminTextareaWidget,
        **kwargs,
    )


class ArticleAdminForm(forms.ModelForm):
    # The story's edit counter when the form was opened: a save from a form opened before
    # someone else's save is refused instead of silently overwriting their work.
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    plain_text = forms.CharField(
        label="Paste plain text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"}),
        help_text=(
            "For wire copy or text from an email. When filled in, it replaces the body: "
            "blank lines separate paragraphs (or, without any, each line is one)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The version this editor is working from (what was current when the form opened).
        self.fields["edit_version"].initial = self.instance.version if self.instance.pk else None
        self.conflict_from: int | None = None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_stale_save(cleaned.get("edit_version"))
        if cleaned.get("plain_text", "").strip():
            cleaned["body"] = plain_text_html(cleaned["plain_text"])
        return cleaned

    def _refuse_stale_save(self, opened: int | None) -> None:
        # Inside the admin's transaction: locking the row makes two simultaneous saves
        # of one story take turns, so the second sees the first's new counter.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if opened == current:
            return
        self.conflict_from = opened
        # The form comes back with the editor's own text and today's counter: saving
        # again, after merging, is a deliberate choice to keep this version.
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_version")] = str(current)
        self.data[self.add_prefix("plain_text")] = ""
        raise forms.ValidationError(
            "Someone else saved this story after you opened it, so your changes were not "
            "saved. Your text is still in the form below; the changes they made are listed "
            "above it. Merge them into your text, then save again.",
            code="edit_conflict",
        )
