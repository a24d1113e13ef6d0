from django.core.management.base import BaseCommand, CommandError

from articles.images.services import renditions_backfill
from articles.models import Image


class Command(BaseCommand):
    help = (
        "Make renditions for photos that have none (after an upgrade or a failed upload); "
        "originals still in public storage are moved to private storage first."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these images (by id).")
        parser.add_argument(
            "--all",
            dest="force",
            action="store_true",
            help="Remake renditions even where they exist.",
        )

    def handle(self, *args, ids: list[int], force: bool, **options):
        images = Image.objects.exclude(file="").order_by("pk")
        if ids:
            images = images.filter(pk__in=ids)
        report = renditions_backfill(images=images.iterator(chunk_size=100), force=force)
        for pk in report.moved:
            self.stdout.write(f"image {pk}: original moved to private storage")
        summary = (
            f"{sum(report.made.values())} renditions made for {len(report.made)} images, "
            f"{len(report.failed)} failed"
        )
        self.stdout.write(
            self.style.ERROR(summary) if report.failed else self.style.SUCCESS(summary)
        )
        for pk, reason in report.failed.items():
            self.stderr.write(f"image {pk}: {reason}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} image(s) could not be drawn.")
