from django.core.management.base import BaseCommand, CommandError

from cases.importer import FileResult, import_paths


class Command(BaseCommand):
    help = "Import cable files: files, directories (recursively) and glob patterns."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, **options):
        on_terminal = self.stdout.isatty()

        def progress(done: int, total: int, result: FileResult) -> None:
            if result.status == "failed":
                self.stderr.write(f"{result.source}: failed: {result.reason}")
            elif options["verbosity"] > 1:
                self.stdout.write(f"{result.source}: {result.status} {result.reference_id}")
            if on_terminal:
                self.stdout.write(f"\r{done}/{total} files", ending="")
                self.stdout.flush()

        report = import_paths(options["paths"], progress=progress)
        if on_terminal:
            self.stdout.write("")
        self.stdout.write(f"Cables: {report.summary()}.")
        if report.failures:
            raise CommandError(f"{len(report.failures)} file(s) could not be imported.")
