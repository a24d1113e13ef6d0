from django.db import models

from articles.html import sanitise_html


class SanitisedHTMLField(models.TextField):
    """A TextField that cleans its HTML on every write path: save, update and bulk writes."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return sanitise_html(value) if value else value

    def pre_save(self, model_instance, add):
        # Keep the instance in step with what the database stores.
        value = sanitise_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
