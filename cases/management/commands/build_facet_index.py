import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections

from cases.catalog.index_file import build_file, directory_for


class Command(BaseCommand):
    help = (
        "Build the facet index file of the machine (the workers start this themselves; "
        "run it before starting them to spare their first requests the wait)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, help="default: the archive's")
        parser.add_argument("--database", default="default", help="alias of the database read")
        parser.add_argument(
            "--unless-changed", help="build only if the file is still the one of this identity"
        )

    def handle(self, *args, directory=None, database="default", unless_changed=None, **options):
        directory = directory or directory_for(
            connections["default"].settings_dict, Path(settings.FACET_INDEX_DIR)
        )
        started = time.perf_counter()
        if build_file(directory, database, unless_changed):
            seconds = time.perf_counter() - started
            self.stdout.write(f"Facet index built in {directory} ({seconds:.1f} s).")
        else:
            self.stdout.write(f"Facet index in {directory}: built meanwhile by another.")
