import json
import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cases.extraction import extract_cases, extract_fields
from cases.extraction.detection import read_lead
from cases.parsing import ParsedParagraph
from cases.web.serializers import case_fields_dict


class Command(BaseCommand):
    help = (
        "Print, as JSON, what the extractor makes of one paragraph of text read from FILE or "
        "standard input: the fields of the paragraph read as one case, and every case it "
        "finds there with its span, excerpt and confidence."
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
        cable_date, post = options["cable_date"], country
        fields = extract_fields(text, cable_date=cable_date, post_country=post)
        lead = read_lead(text)
        reported_on = lead.reported_on(cable_date) if lead else None
        found = extract_cases([ParsedParagraph(1, "1", text)], cable_date, post)
        data = {
            # A lone paragraph has no case id, cable or heading; the rest is as a case's.
            "reported_on": reported_on.isoformat() if reported_on else None,
            "outlet": lead.outlet if lead else None,
            "category": None,
            "is_case": any(case.publishable for case in found),
            **_fields(fields),
            "cases": [
                {
                    "span": [case.start, case.end],
                    "excerpt": case.excerpt,
                    "confidence": case.confidence,
                    "published": case.publishable,
                    "reported_on": case.reported_on.isoformat() if case.reported_on else None,
                    "outlet": case.outlet.name if case.outlet else None,
                    **_fields(case.fields),
                }
                for case in found
            ],
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


def _fields(fields) -> dict:
    return {
        **case_fields_dict(fields, countries=list(fields.countries), places=fields.places),
        "occurred": fields.occurred or None,
        "life_sentence": fields.life_sentence,
    }
