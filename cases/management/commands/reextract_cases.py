from django.core.management.base import BaseCommand, CommandError

from cases.ingest.importer import reextract_cable
from cases.models import Cable


class Command(BaseCommand):
    help = (
        "Run the case extractor again over stored paragraphs (all cables, or those named), "
        "without re-importing files. Curated fields are left as staff set them."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference_ids", nargs="*", metavar="REFERENCE_ID")

    def handle(self, *args, **options):
        cables = Cable.objects.order_by("reference_id")
        if wanted := options["reference_ids"]:
            cables = cables.filter(reference_id__in=wanted)
            missing = set(wanted) - set(cables.values_list("reference_id", flat=True))
            if missing:
                raise CommandError(f"No such cable: {', '.join(sorted(missing))}")
        total = cables.count()
        on_terminal = self.stdout.isatty()
        for done, cable in enumerate(cables.iterator(), start=1):
            reextract_cable(cable)
            if on_terminal:
                self.stdout.write(f"\r{done}/{total} cables", ending="")
        prefix = "\r" if on_terminal else ""
        self.stdout.write(f"{prefix}Re-extracted {total} cable(s).")
