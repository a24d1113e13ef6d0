from django.core.management.base import BaseCommand

from articles.models import Article
from articles.related import related_refresh_all


class Command(BaseCommand):
    help = (
        "Compute every published or scheduled story's related list from scratch: after an "
        "upgrade, a bulk load, or a change to NEWSROOM_RELATED_WEIGHTS."
    )

    def handle(self, *args, **options):
        ids = list(Article.objects.published_or_scheduled().values_list("pk", flat=True))
        related_refresh_all(ids=ids)
        self.stdout.write(f"Related lists rebuilt for {len(ids)} stories.")
