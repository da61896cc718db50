from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from cases.models import Case
from cases.quality import FoundCase, load_gold, score


class Command(BaseCommand):
    help = (
        "Score the archive's cases against gold annotations (cases_gold/cases.json): "
        "precision, recall, fields, every miss and false positive. Reads the cases of the "
        "cables the gold names; imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, metavar="GOLD.json")
        parser.add_argument(
            "--include-suggested",
            action="store_true",
            help="count the suggested cases waiting for staff, as well as the published",
        )
        parser.add_argument(
            "--outside-as-false",
            action="store_true",
            help="count the cases of every other cable as false positives (right when the "
            "archive holds only the annotated corpus, whose other cables have no cases)",
        )

    def handle(self, *args, **options):
        try:
            gold = load_gold(options["gold"])
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read {options['gold']}: {error!r}") from None
        counted = Q(is_published=True)
        if options["include_suggested"]:
            counted |= Q(review=Case.Review.PENDING)
        cases = Case.objects.filter(counted)
        if not options["outside_as_false"]:
            cases = cases.filter(cable__reference_id__in=list(gold))
        found = [found_case(case) for case in scored(cases)]
        self.stdout.write(score(gold, found).report())


def scored(cases):
    return (
        cases.select_related("cable", "paragraph")
        .prefetch_related("countries", "places")
        .defer("cable__source_text", "search_vector")
        .order_by("cable__reference_id", "key")
    )


def found_case(case: Case) -> FoundCase:
    """A case of the archive as the scoring rule reads it, named by its key."""
    years = case.max_sentence_years
    return FoundCase(
        cable=case.cable.reference_id,
        label=case.key,
        excerpt=case.excerpt,
        paragraph=case.paragraph.text,
        countries=frozenset(country.code for country in case.countries.all()),
        places=tuple(place.name for place in case.places.all()),
        exploitation=case.exploitation or None,
        minor=case.minor,
        victim_count_min=case.victim_count_min,
        victim_count_max=case.victim_count_max,
        outcome=case.outcome,
        max_sentence_years=None if years is None else float(years),
    )
