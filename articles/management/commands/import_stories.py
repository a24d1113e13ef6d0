import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importers.report import ImportedItem, ImportFailure, ImportReport
from articles.importers.runner import AUTO, FORMATS, import_paths
from articles.importers.store import StoryOptions
from articles.management.arguments import moment

# Without a terminal, a progress line this often instead of a bar.
_LOG_EVERY = 1000


class Command(BaseCommand):
    help = (
        "Import stories from plain text, WordPress exports (WXR), IPTC ninjs or RSS/Atom feeds: "
        "files, folders (searched recursively) or - for standard input. A re-run updates "
        "stories in place and skips what has not changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files, folders, or - for stdin.")
        parser.add_argument(
            "--format",
            dest="format_name",
            choices=[AUTO, *FORMATS],
            default=AUTO,
            help="The files' format; auto (the default) tells it from each file's content.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish stories whose source gives no status (text, feeds) now.",
        )
        parser.add_argument("--section", default="", help="Section by name; made if missing.")
        parser.add_argument(
            "--since",
            type=moment,
            help="Skip stories the source dates before this (YYYY-MM-DD or ISO date-time).",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            help="WordPress uploads folder: featured-image files are taken from it.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, save nothing."
        )
        parser.add_argument(
            "--strict", action="store_true", help="Stop at the first story or file that fails."
        )

    def handle(self, *args, paths, format_name, publish, section, dry_run, **options):
        verbosity = options["verbosity"]
        show_items = dry_run or verbosity > 1
        bar = self._progress_bar() if verbosity > 0 else None
        started = time.monotonic()
        report = ImportReport(
            keep_items=False,
            on_item=lambda item: self._item(
                item, report, bar=bar, dry_run=dry_run, show=show_items
            ),
            on_failure=lambda failure: self._failure(failure, bar=bar),
        )
        try:
            import_paths(
                paths=paths,
                format_name=format_name,
                options=StoryOptions(publish=publish, section=section.strip()),
                dry_run=dry_run,
                strict=options["strict"],
                since=options["since"],
                media_root=options["media_root"],
                report=report,
            )
        finally:
            if bar is not None:
                bar.close()
        if verbosity > 0:
            self._summary(report, dry_run=dry_run, seconds=time.monotonic() - started)
        if report.has_failures:
            raise CommandError(f"{len(report.failed)} story or file(s) could not be imported.")

    def _progress_bar(self) -> tqdm | None:
        if not self.stdout.isatty():
            return None
        return tqdm(unit=" stories", desc="Importing", dynamic_ncols=True, file=self.stderr._out)

    def _item(
        self,
        item: ImportedItem,
        report: ImportReport,
        *,
        bar: tqdm | None,
        dry_run: bool,
        show: bool,
    ) -> None:
        if show:
            line = str(item).replace(f": {item.outcome}: ", f": would be {item.outcome}: ")
            self._line(line if dry_run else str(item), bar=bar)
        if bar is not None:
            bar.update()
        elif not show and report.stories % _LOG_EVERY == 0:
            self.stdout.write(f"{report.stories} stories: {_counts(report)}")

    def _failure(self, failure: ImportFailure, *, bar: tqdm | None) -> None:
        if bar is not None:
            bar.update()
            bar.write(str(failure), file=self.stderr._out)
        else:
            self.stderr.write(str(failure))

    def _line(self, line: str, *, bar: tqdm | None) -> None:
        if bar is not None:
            bar.write(line, file=self.stdout._out)
        else:
            self.stdout.write(line)

    def _summary(self, report: ImportReport, *, dry_run: bool, seconds: float) -> None:
        rows = [(name, count) for name, count in report.counts().items()]
        rows += [(f"not a story: {kind}", count) for kind, count in report.not_stories.items()]
        added = [(f"new {kind}", count) for kind, count in report.new_records.items()]
        width = max(len(name) for name, _ in rows + added)
        for heading, table in (("stories", rows), ("records", added)):
            if table:
                self.stdout.write(f"{'':{width}}  {heading}")
            for name, count in table:
                self.stdout.write(f"{name:{width}}  {count:>7}")
        rate = report.stories / seconds if seconds else 0
        self.stdout.write(f"{report.stories} stories in {seconds:.1f} s ({rate:.0f} a second)")
        summary = _counts(report)
        if dry_run:
            summary += " (dry run: nothing was saved)"
        style = self.style.ERROR if report.has_failures else self.style.SUCCESS
        self.stdout.write(style(summary))


def _counts(report: ImportReport) -> str:
    return ", ".join(f"{count} {name}" for name, count in report.counts().items())
