from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.ingest.fixity import export_sources


class Command(BaseCommand):
    help = (
        "Write every kept source file out as received, one folder per import in the order "
        "they ran, with SHA256SUMS and manifest.json (for backups and import_sources)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="FOLDER", help="an empty or new folder")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty.")
        try:
            entries = export_sources(folder)
        except ValueError as error:
            raise CommandError(f"{error}: run verify_sources.") from error
        imports = len({entry["received_at"] for entry in entries})
        self.stdout.write(f"Wrote {len(entries)} files of {imports} imports to {folder}.")
