from pathlib import Path

from django.core.management.base import BaseCommand

from articles.exports import ninjs_stream
from articles.management.arguments import moment


class Command(BaseCommand):
    help = (
        "Write every published story as IPTC ninjs 3.1: a JSON array (ninjs) or one item a "
        "line (jsonl). Streams, so an archive of any size fits in memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["ninjs", "jsonl"], default="ninjs")
        parser.add_argument(
            "--since", type=moment, help="Only stories created or edited since (YYYY-MM-DD)."
        )
        parser.add_argument("--output", type=Path, help="Write here instead of standard output.")

    def handle(self, *args, format, since, output, **options):
        chunks = ninjs_stream(since=since, lines=format == "jsonl")
        if output is None:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        with output.open("w", encoding="utf-8") as file:
            file.writelines(chunks)
