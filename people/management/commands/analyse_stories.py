from django.core.management.base import BaseCommand

from articles.models import Article
from people.analysis import article_analyse


class Command(BaseCommand):
    help = (
        "Read every story again for the people it names and quotes: after many people or "
        "aliases were registered at once. Editors' own choices are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--published", action="store_true", help="Only stories readers can see now."
        )

    def handle(self, *args, published, **options):
        articles = Article.objects.published() if published else Article.objects.all()
        found = quotes = 0
        for article in articles.select_related("lead_image").order_by("pk").iterator(500):
            analysis = article_analyse(article=article)
            found += 1
            quotes += analysis.quotes
        stories = "story" if found == 1 else "stories"
        self.stdout.write(f"Read {found} {stories}; {quotes} quotes on record.")
