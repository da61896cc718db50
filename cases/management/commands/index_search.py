from django.core.management.base import BaseCommand
from django.db import transaction

from cases.models import Case
from cases.search_index import index_all


class Command(BaseCommand):
    help = (
        "Rebuild the full-text index of every case (PostgreSQL's vectors, SQLite's FTS5 "
        "table): after upgrading, or to repair it."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            index_all()
        self.stdout.write(f"Search index: {Case.objects.count()} cases indexed.")
