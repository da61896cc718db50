from django.core.management.base import BaseCommand, CommandError

from cases.importer import FileResult, import_paths

# Clears the progress line on a terminal before a message is written over it.
CLEAR_LINE = "\r\x1b[K"


class Command(BaseCommand):
    help = (
        "Import cables from files (plain text, WikiLeaks pages, cables.csv dumps), "
        "directories (recursively) and glob patterns."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

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

        report = import_paths(options["paths"], progress=progress)
        self.stdout.write(f"{prefix}Cables: {report.summary()}.")
        if report.failures:
            raise CommandError(f"{len(report.failures)} failed; the reasons are printed above.")
