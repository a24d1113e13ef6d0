from django.core.management.base import BaseCommand

from articles.models import Article
from articles.related import related_lists_rebuild


class Command(BaseCommand):
    help = (
        "Compute every published or scheduled story's related list from scratch: after an "
        "upgrade, a bulk load, or a change to NEWSROOM_RELATED_WEIGHTS."
    )

    def handle(self, *args, **options):
        articles = Article.objects.published_or_scheduled().order_by("pk")
        count = related_lists_rebuild(articles=articles.iterator(chunk_size=500))
        self.stdout.write(f"Related lists rebuilt for {count} stories.")
