"""The photo form editors upload through: checks the file and refuses a second copy."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from articles.images.validation import CheckedImage, ImageRejected, check_image
from articles.models import Image


class ImageForm(forms.ModelForm):
    # A plain file field: our checks replace Django's image check, with clearer messages
    # and limits on size and pixels.
    file = forms.FileField(
        label="Original",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=Image._meta.get_field("file").help_text,
    )

    class Meta:
        model = Image
        fields = ["file"]  # the admin adds the rest from its fieldsets

    checked: CheckedImage | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data:
            return upload
        try:
            self.checked = check_image(upload)
        except ImageRejected as error:
            raise forms.ValidationError(str(error), code="rejected") from None
        existing = Image.objects.filter(content_hash=self.checked.content_hash)
        if self.instance.pk:
            existing = existing.exclude(pk=self.instance.pk)
        if duplicate := existing.first():
            url = reverse("admin:articles_image_change", args=[duplicate.pk])
            raise forms.ValidationError(
                format_html(
                    'This photo is already in the library: <a href="{}">{}</a>. '
                    "Use that one instead of uploading a second copy.",
                    url,
                    duplicate,
                ),
                code="duplicate",
            )
        upload.seek(0)
        return upload
