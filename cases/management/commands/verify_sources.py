from django.core.management.base import BaseCommand, CommandError

from cases.ingest.fixity import verify_sources


class Command(BaseCommand):
    help = (
        "Hash every kept source file and every cable's stored text again and report those "
        "that no longer match their SHA-256 (exit status 1 if any)."
    )

    def handle(self, *args, **options):
        found = verify_sources(progress=lambda problem: self.stderr.write(f"MISMATCH {problem}"))
        self.stdout.write(
            f"Checked {found.files} source files and {found.cables} cables: "
            f"{len(found.problems)} mismatches."
        )
        if found.without_source:
            self.stdout.write(
                f"{found.without_source} cables have no kept source (imported before sources "
                "were kept): import their files again to keep them."
            )
        if found.problems:
            raise CommandError(f"{len(found.problems)} sources do not match their SHA-256.")
