from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.ingest.fixity import exported_imports
from cases.ingest.importer import import_paths
from cases.models import Cable


class Command(BaseCommand):
    help = (
        "Rebuild the archive from the sources export_sources wrote: each import replayed in "
        "the order it ran, into an empty archive (files checked against SHA256SUMS first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="FOLDER", help="what export_sources wrote")

    def handle(self, *args, **options):
        if Cable.objects.exists():
            raise CommandError("The archive is not empty: rebuild into a new database.")
        try:
            imports = exported_imports(Path(options["folder"]))
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        failed = 0
        for number, folder in enumerate(imports, start=1):
            report = import_paths([folder])
            failed += len(report.failures)
            self.stdout.write(f"Import {number}/{len(imports)}: {report.summary()}.")
        self.stdout.write(f"Replayed {len(imports)} imports; {Cable.objects.count()} cables.")
        if failed:
            self.stdout.write(f"{failed} failed, as they did when first imported.")
