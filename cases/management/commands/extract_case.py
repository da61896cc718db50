import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cases.extraction import case_lead, extract_fields
from cases.web.serializers import case_fields_dict


class Command(BaseCommand):
    help = (
        "Print, as JSON, the case fields the extractor finds in one paragraph of text "
        "read from FILE or standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a text file (default: standard input)")
        parser.add_argument(
            "--cable-date", type=date.fromisoformat, help="the cable's date, YYYY-MM-DD"
        )
        parser.add_argument("--country", help="ISO code of the reporting post's country")

    def handle(self, *args, **options):
        text = self._read(options["file"])
        if not text.strip():
            raise CommandError("No text to read.")
        country = (options["country"] or "").upper() or None
        if country and not (len(country) == 2 and country.isalpha()):
            raise CommandError(f"--country takes a two-letter ISO code, not {country!r}.")
        fields = extract_fields(text, cable_date=options["cable_date"], post_country=country)
        lead = case_lead(text)
        reported_on = lead.reported_on(options["cable_date"]) if lead else None
        data = {
            # A lone paragraph has no case id, cable or heading; the rest is as a case's.
            "reported_on": reported_on.isoformat() if reported_on else None,
            "outlet": lead.outlet if lead else None,
            "category": None,
            "is_case": lead is not None,
            **case_fields_dict(fields, countries=list(fields.countries), places=fields.places),
        }
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))

    def _read(self, path: str | None) -> str:
        if path is None:
            return sys.stdin.read()
        try:
            with open(path, encoding="utf-8") as stream:
                return stream.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
