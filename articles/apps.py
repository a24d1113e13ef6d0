from django.apps import AppConfig
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)


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
        post_migrate.connect(tune_sqlite, sender=self, dispatch_uid="tune-sqlite")
        connect_page_cache_upkeep()


def connect_page_cache_upkeep() -> None:
    """Cached pages follow every change to what they show (articles/cache.py)."""
    from taggit.models import Tag

    from articles import cache
    from articles.models import (
        Article,
        Byline,
        Correction,
        Image,
        Mention,
        Section,
        TaggedArticle,
    )
    from people.models import Contributor, Outlet, Person

    pre_save.connect(cache.remember_previous_placement, sender=Article, dispatch_uid="pc-pre")
    post_save.connect(cache.article_saved, sender=Article, dispatch_uid="pc-article")
    pre_delete.connect(cache.article_deleting, sender=Article, dispatch_uid="pc-article-del")
    for link in [Byline, Mention, TaggedArticle]:
        for signal in [post_save, post_delete]:
            signal.connect(cache.link_changed, sender=link, dispatch_uid=f"pc-{link.__name__}")
    m2m_changed.connect(cache.tags_changed, sender=TaggedArticle, dispatch_uid="pc-tags")
    post_save.connect(cache.correction_changed, sender=Correction, dispatch_uid="pc-correction")
    post_delete.connect(cache.correction_changed, sender=Correction, dispatch_uid="pc-correction")
    for shared in [Section, Image, Contributor, Person, Outlet, Tag]:
        for signal in [post_save, post_delete]:
            signal.connect(
                cache.shared_record_changed, sender=shared, dispatch_uid=f"pc-{shared.__name__}"
            )


def tune_sqlite(using, **kwargs):
    """After every migrate on SQLite: restore the search triggers and refresh planner stats.

    Altering the article table on SQLite rebuilds it without its triggers. Without
    statistics, SQLite walks every published story to find one person's or tag's few
    (ANALYZE lets it start from the link table instead), so each deploy refreshes them.
    """
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from articles.search import ensure_sqlite_index

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if ("articles", "0006_full_text_search") in MigrationRecorder(connection).applied_migrations():
        ensure_sqlite_index(connection)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
