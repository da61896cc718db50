from django.core.management.base import BaseCommand

from cases.ingest.importer import tag_meaning
from cases.models import Tag


class Command(BaseCommand):
    help = "Apply the current tag vocabulary (kind, meaning, country) to every stored tag."

    def handle(self, *args, **options):
        changed = []
        for tag in Tag.objects.all():
            meaning = tag_meaning(tag.code)
            if any(getattr(tag, name) != value for name, value in meaning.items()):
                for name, value in meaning.items():
                    setattr(tag, name, value)
                changed.append(tag)
        Tag.objects.bulk_update(changed, ["kind", "description", "country"])
        self.stdout.write(f"Tags: {len(changed)} updated.")
