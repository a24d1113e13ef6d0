from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and outlets"

    def ready(self):
        from people.matcher import matcher_invalidate
        from people.models import Alias, Office, Person

        # Cache upkeep only: detection sees a new name or alias from the next story on.
        for model in (Person, Alias, Office):
            label = model._meta.model_name
            post_save.connect(
                matcher_invalidate, sender=model, dispatch_uid=f"matcher-{label}-save"
            )
            post_delete.connect(
                matcher_invalidate, sender=model, dispatch_uid=f"matcher-{label}-del"
            )
