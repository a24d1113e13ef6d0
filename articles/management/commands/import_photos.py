from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers.photos import import_photos


class Command(BaseCommand):
    help = "Add photo files (or folders of them) to the image library, read their metadata."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files, or folders to search.")

    def handle(self, *args, paths, **options):
        report = import_photos(paths=paths)
        if options["verbosity"] > 1:
            for item in report.items:
                self.stdout.write(f"{item.path}: {item.outcome}: {item.title}")
        summary = ", ".join(f"{count} {name}" for name, count in report.counts().items())
        style = self.style.ERROR if report.has_failures else self.style.SUCCESS
        self.stdout.write(style(summary))
        for failure in report.failed:
            self.stderr.write(str(failure))
        if report.has_failures:
            raise CommandError(f"{len(report.failed)} file(s) could not be imported.")
