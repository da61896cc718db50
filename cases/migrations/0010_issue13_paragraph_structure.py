"""Sub-paragraphs and release-to portion markings.

A paragraph gets a depth: 1 for a sub-paragraph of the cable's own structure (a lettered
section, "18A.", "(a)"), 0 otherwise, as every paragraph stored before this. The portion
marking becomes a text column: a release-to list ("S//RELCHINA,AFGHANISTAN,...") has no
bound, and PostgreSQL refused the 80 characters of 08STATE79112 in varchar(20).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_case_spans_keys_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="paragraph",
            name="depth",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="paragraph",
            name="portion_marking",
            field=models.TextField(blank=True),
        ),
    ]
