from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.services import articles_publish_scheduled


class Command(BaseCommand):
    help = (
        "Record scheduled stories whose time has come as published. Readers see them from "
        "their time whether or not this runs; it only keeps the records straight."
    )

    def handle(self, *args, **options):
        report = articles_publish_scheduled()
        for article in report.finalised:
            late = timezone.now() - article.published_at
            self.stdout.write(
                f"Published: “{article.headline}” (live since "
                f"{timezone.localtime(article.published_at):%Y-%m-%d %H:%M %Z}, "
                f"recorded {int(late.total_seconds() // 60)} min late)"
            )
        self.stdout.write(f"{len(report.finalised)} overdue scheduled stories recorded.")
