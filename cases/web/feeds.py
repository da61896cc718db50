"""An Atom feed of the latest published cases."""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from ..models import Case
from .citations import cable_author, case_title

EXCERPT_WORDS = 60


class LatestCasesFeed(Feed):
    feed_type = Atom1Feed
    title = "Cable Case Archive: latest cases"
    subtitle = "Human-trafficking cases reported in diplomatic cables, newest first."
    link = reverse_lazy("cases:case-list")
    feed_url = reverse_lazy("cases:case-feed")

    def items(self):
        return (
            Case.objects.published()
            .for_list()
            .order_by(F("reported_on").desc(nulls_last=True), "-id")[:50]
        )

    # Atom titles are text, which the feed writer escapes: unlike RSS's, they are not HTML.
    def item_title(self, case):
        return case_title(case)

    # The summary is HTML, so the cable text is escaped before the writer escapes it as XML.
    # It is the case's own sentences (a case entered by staff may have none: its paragraph).
    def item_description(self, case):
        return escape(Truncator(case.excerpt or case.paragraph.text).words(EXCERPT_WORDS))

    def item_author_name(self, case):
        return cable_author(case.paragraph.cable)

    # Published: the day the report came out (as the list sorts), not the day of import.
    def item_pubdate(self, case):
        if case.reported_on is None:
            return case.created_at
        return datetime.combine(case.reported_on, time(), tzinfo=UTC)

    def item_updateddate(self, case):
        return case.updated_at
