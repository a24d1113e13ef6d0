from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from articles.models import Section
        from articles.navigation import forget_nav_sections
        from articles.revisions import revisions_register

        revisions_register()

        # Cache upkeep only: a renamed or new section shows in the menu at once.
        post_save.connect(forget_nav_sections, sender=Section, dispatch_uid="nav-sections-save")
        post_delete.connect(forget_nav_sections, sender=Section, dispatch_uid="nav-sections-del")
