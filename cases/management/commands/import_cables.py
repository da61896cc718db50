from django.core.management.base import BaseCommand, CommandError

from cases.ingest.bulk_import import DEFAULT_BATCH_SIZE, import_paths_bulk
from cases.ingest.importer import FileResult, import_paths

# Clears the progress line on a terminal before a message is written over it.
CLEAR_LINE = "\r\x1b[K"


class Command(BaseCommand):
    help = (
        "Import cables from files (plain text, WikiLeaks pages, cables.csv dumps), "
        "directories (recursively) and glob patterns."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="bulk mode, for loading a release: parse and extract in worker processes, "
            "write new cables in batches (the outcome is the same, only faster)",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="worker processes in bulk mode (default: one per core)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"new cables written per transaction in bulk mode (default {DEFAULT_BATCH_SIZE})",
        )

    def handle(self, *args, **options):
        on_terminal = self.stdout.isatty()
        prefix = CLEAR_LINE if on_terminal else ""

        def progress(done: int, total: int, result: FileResult) -> None:
            if result.status == "failed":
                self.stderr.write(f"{prefix}{result.source}: failed: {result.reason}")
            elif result.status == "skipped":
                self.stdout.write(f"{prefix}{result.source}: skipped: {result.reason}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{prefix}{result.source}: {result.status} {result.reference_id}")
            if on_terminal:
                self.stdout.write(f"{CLEAR_LINE}{done}/{total} files", ending="")
                self.stdout.flush()

        if options["jobs"] is not None and options["jobs"] < 0:
            raise CommandError("--jobs must be 0 or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        if options["bulk"]:
            report = import_paths_bulk(
                options["paths"],
                jobs=options["jobs"],
                batch_size=options["batch_size"],
                progress=progress,
            )
        else:
            report = import_paths(options["paths"], progress=progress)
        self.stdout.write(f"{prefix}Cables: {report.summary()}.")
        if report.failures:
            raise CommandError(f"{len(report.failures)} failed; the reasons are printed above.")
