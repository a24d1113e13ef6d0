from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers.report import ImportReport
from articles.importers.runner import AUTO, FORMATS, import_paths
from articles.importers.store import StoryOptions


class Command(BaseCommand):
    help = "Import stories from files or folders; a re-run updates them in place."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files, or folders to search.")
        parser.add_argument(
            "--format",
            dest="format_name",
            choices=[AUTO, *FORMATS],
            default=AUTO,
            help="The files' format; auto goes by the file suffix.",
        )
        parser.add_argument("--publish", action="store_true", help="Publish the stories now.")
        parser.add_argument("--section", default="", help="Section by name; made if missing.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, save nothing."
        )

    def handle(self, *args, paths, format_name, publish, section, dry_run, **options):
        report = import_paths(
            paths=paths,
            format_name=format_name,
            options=StoryOptions(publish=publish, section=section.strip()),
            dry_run=dry_run,
        )
        self._print(report, dry_run=dry_run, verbosity=options["verbosity"])
        if report.has_failures:
            raise CommandError(f"{len(report.failed)} file(s) could not be imported.")

    def _print(self, report: ImportReport, *, dry_run: bool, verbosity: int) -> None:
        if dry_run or verbosity > 1:
            for item in report.items:
                outcome = f"would be {item.outcome}" if dry_run else item.outcome
                self.stdout.write(f"{item.path}: {outcome}: {item.title}")
        summary = ", ".join(f"{count} {name}" for name, count in report.counts().items())
        if dry_run:
            summary += " (dry run: nothing was saved)"
        style = self.style.ERROR if report.has_failures else self.style.SUCCESS
        self.stdout.write(style(summary))
        for failure in report.failed:
            self.stderr.write(str(failure))
