from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from articles.models import Section
        from articles.navigation import forget_nav_sections

        # Cache upkeep only: a renamed or new section shows in the menu at once.
        post_save.connect(forget_nav_sections, sender=Section, dispatch_uid="nav-sections-save")
        post_delete.connect(forget_nav_sections, sender=Section, dispatch_uid="nav-sections-del")
        post_migrate.connect(restore_search_index, sender=self, dispatch_uid="search-index")


def restore_search_index(using, **kwargs):
    """Altering the article table on SQLite rebuilds it without its search triggers."""
    from django.db import connections

    from articles.search import ensure_sqlite_index

    connection = connections[using]
    if (
        connection.vendor == "sqlite"
        and "articles_article" in connection.introspection.table_names()
    ):
        ensure_sqlite_index(connection)
