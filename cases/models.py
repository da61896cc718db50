"""Cables, their paragraphs, and the trafficking cases reported in them.

Rows are written only by ``cases.ingest.importer`` (and staff in the admin); views only read.
"""

import re
import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Tag(models.Model):
    """A TAGS code as written on cables (``KTIP``, ``SOCI``, ``KZ`` ...) and what it means."""

    class Kind(models.TextChoices):
        SUBJECT = "subject", "Subject"
        PROGRAM = "program", "Program"
        GEOGRAPHIC = "geographic", "Geographic"
        ORGANISATION = "organisation", "Organisation"
        PERSON = "person", "Person"

    code = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, blank=True)
    description = models.CharField(max_length=160, blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code of a geographic tag."
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.description})" if self.description else self.code


# WikiLeaks' Cablegate pages, and the reference ids they have (08ASTANA1246, 05USUNNEWYORK1).
CABLEGATE = "https://wikileaks.org/cable"
CABLEGATE_ID = re.compile(r"[0-9]{2}[A-Z][A-Z0-9]+[0-9]+")


class CableQuerySet(models.QuerySet):
    def with_tags(self):
        return self.prefetch_related(
            models.Prefetch("cabletag_set", queryset=CableTag.objects.select_related("tag"))
        )


class Cable(models.Model):
    """One diplomatic cable as imported: its routing header, metadata and source text."""

    reference_id = models.CharField(max_length=40, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    precedence = models.CharField(max_length=20, blank=True)
    origin = models.CharField(max_length=120, blank=True, db_index=True)
    origin_name = models.CharField(max_length=160, blank=True)
    # Recipients keep their routing details: [{"name", "routing", "precedence", "serial"}].
    to = models.JSONField(default=list, blank=True)
    info = models.JSONField(default=list, blank=True)
    classification = models.CharField(max_length=80, blank=True, db_index=True)
    caveats = models.JSONField(default=list, blank=True)
    tags = models.ManyToManyField(Tag, through="CableTag", related_name="cables", blank=True)
    subject = models.TextField(blank=True)
    signature = models.CharField(max_length=120, blank=True)
    sections = models.PositiveSmallIntegerField(default=1)

    source_name = models.CharField(max_length=255, blank=True, help_text="File it came from.")
    source_text = models.TextField(help_text="The text exactly as imported.")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the source text.")
    parser_version = models.PositiveIntegerField(default=0)
    # Made up by bench/generate.py for the benchmarks: never part of a real archive.
    synthetic = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CableQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "reference_id"]
        permissions = [("import_cables", "Can import cable files")]

    def __str__(self) -> str:
        return self.reference_id

    def get_absolute_url(self) -> str:
        return reverse("cases:cable-detail", kwargs={"reference_id": self.reference_id})

    @property
    def source_url(self) -> str:
        """The cable's page on WikiLeaks' Cablegate site (``/cable/YYYY/MM/REFID.html``), where
        the archive's copies come from; empty for a cable that cannot be there."""
        if self.synthetic or self.sent_at is None or not CABLEGATE_ID.fullmatch(self.reference_id):
            return ""
        return f"{CABLEGATE}/{self.sent_at:%Y/%m}/{self.reference_id}.html"

    @property
    def tag_list(self) -> list[Tag]:
        """Tags in the order of the TAGS line (use ``with_tags()`` to prefetch them)."""
        return [link.tag for link in self.cabletag_set.all()]

    @property
    def tag_codes(self) -> list[str]:
        return [tag.code for tag in self.tag_list]

    @property
    def to_names(self) -> list[str]:
        return [recipient["name"] for recipient in self.to]

    @property
    def info_names(self) -> list[str]:
        return [recipient["name"] for recipient in self.info]


class CableTag(models.Model):
    """A tag on a cable, in the order the TAGS line gives."""

    cable = models.ForeignKey(Cable, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["cable", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "tag"], name="cabletag_unique_tag"),
            models.UniqueConstraint(fields=["cable", "position"], name="cabletag_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.cable_id}:{self.tag_id}"


class Paragraph(models.Model):
    """A paragraph of a cable body.

    ``ordinal`` is its position in the cable (1, 2, ...); ``number`` is the number as
    printed, which cables get wrong (08ASTANA1246 prints 7-9 as 17-19). ``anchor`` is the
    paragraph's public fragment in the cable page: assigned once and kept across re-imports,
    so that published links keep pointing at the same text.
    """

    cable = models.ForeignKey(Cable, on_delete=models.CASCADE, related_name="paragraphs")
    ordinal = models.PositiveIntegerField(null=True, help_text="Empty once retired.")
    number = models.CharField(max_length=10, blank=True)
    anchor = models.CharField(max_length=20)
    # 0 for a paragraph of the cable, 1 for a sub-paragraph (a lettered section, "18A.",
    # "(a)"...), which belongs to the paragraph of depth 0 before it.
    depth = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=255, blank=True)
    # A text column: a release-to list has no bound ("S//RELCHINA,AFGHANISTAN,KAZAKHSTAN,
    # KYRGYZSTAN,...", 80 characters in 08STATE79112).
    portion_marking = models.TextField(blank=True)
    text = models.TextField()
    # How strongly the text speaks of trafficking (0-1), and whether staff should look at
    # it: relevant, but not written as a case the extractor recognises.
    relevance = models.FloatField(default=0)
    is_candidate = models.BooleanField(default=False)
    # A paragraph that a later parsing of its cable no longer has is kept, so that its
    # links keep working: retired, and pointing to the paragraph that now holds its text.
    is_current = models.BooleanField(default=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    # How many case keys the paragraph has given (``Case.key``): the next case told in it
    # is numbered one more, so that no key is given twice, even after a case is deleted.
    keys_given = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cable", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "ordinal"], name="paragraph_unique_ordinal"),
            models.UniqueConstraint(fields=["cable", "anchor"], name="paragraph_unique_anchor"),
        ]

    def __str__(self) -> str:
        return f"{self.cable.reference_id} ¶{self.number or self.ordinal}"

    def get_absolute_url(self) -> str:
        """Its place in the cable page; a retired paragraph without a successor has a page
        of its own. (A successor renders the anchors of the paragraphs it replaces.)"""
        if self.is_current or self.replaced_by_id:
            return f"{self.cable.get_absolute_url()}#{self.anchor}"
        return self.get_permalink()

    def get_permalink(self) -> str:
        """A server-side URL for the paragraph: it redirects wherever the text now is."""
        return paragraph_permalink(self.cable.reference_id, self.anchor)

    def take_case_key(self) -> str:
        """The key of a new case told in this paragraph, taken for good. Call inside a
        transaction: the paragraph's row stays locked until it ends."""
        Paragraph.objects.filter(pk=self.pk).update(keys_given=models.F("keys_given") + 1)
        self.refresh_from_db(fields=["keys_given"])
        return case_key(self.cable.reference_id, self.anchor, self.keys_given)


def paragraph_permalink(reference_id: str, anchor: str) -> str:
    return reverse("cases:paragraph", kwargs={"reference_id": reference_id, "anchor": anchor})


def case_key(reference_id: str, anchor: str, number: int) -> str:
    """A case's public identifier: its cable, its paragraph's anchor, and its number among
    the cases keyed in that paragraph (``08ASTANA1246-p7-1``). It depends on the source
    only, so that the same files imported in any order give every case the same key."""
    return f"{reference_id}-{anchor}-{number}"


class Outlet(models.Model):
    """A news outlet that reported cases, one row per outlet whatever its spelling."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """A country a case involves, by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A settlement or region named in cases, one row per place whatever the spelling.

    ``key`` is the extractor's identity for it (a GeoNames id, or the name and country for
    villages missing from the gazetteer); ``slug`` is what links and filters use.
    """

    key = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=160)
    country = models.CharField(max_length=2, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    geonameid = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


# Every change of a case: who, when, and each field before and after, the many-to-many
# fields included (the admin shows and reverts it). The search vector is derived data.
# Kept by name so that cases.history can make one entry of a save and its M2M changes.
CASE_HISTORY = HistoricalRecords(
    m2m_fields=["countries", "places"],
    excluded_fields=["search_vector"],
    history_id_field=models.BigAutoField(primary_key=True),
)


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def suggested(self):
        """Cases the extractor found without the confidence to publish them, waiting for
        staff, most confident first."""
        return self.filter(review=Case.Review.PENDING).order_by("-confidence", "id")

    def withdrawn(self):
        """Cases that were public and no longer are: their permalinks answer 410 Gone.

        A case staff unpublished keeps its review (auto or accepted); a case published by
        the extractor that a later extraction no longer trusts went back to pending, and
        only its history shows it was public.
        """
        public_once = Case.history.filter(is_published=True).values("id")
        return self.filter(is_published=False).filter(
            models.Q(review__in=[Case.Review.AUTO, Case.Review.ACCEPTED])
            | models.Q(id__in=public_once)
        )

    def for_list(self):
        # The cable's source text can be long and no list shows it.
        return (
            self.select_related("outlet", "paragraph__cable")
            .prefetch_related("countries", "places")
            .defer("paragraph__cable__source_text", "search_vector")
        )


class Case(models.Model):
    """A trafficking case told in a paragraph of a cable: in the sentences of its span.

    ``key`` is the public identifier (``/cases/<key>/``), derived from the source only;
    the integer primary key is internal (indexes, history) and its old public URLs
    redirect to the key's. Rows are updated in place on re-import, never renumbered.
    """

    class Source(models.TextChoices):
        EXTRACTED = "extracted", "Extracted from the paragraph"
        STAFF = "staff", "Entered by staff"

    # Who decided that the case is published. Staff decisions outlast every re-import.
    class Review(models.TextChoices):
        AUTO = "auto", "Published by the extractor"
        PENDING = "pending", "Suggested, waiting for staff"
        ACCEPTED = "accepted", "Accepted by staff"
        REJECTED = "rejected", "Rejected by staff"

    # Counter Trafficking Data Collaborative forms of exploitation.
    class Exploitation(models.TextChoices):
        SEXUAL = "sexual", "Sexual exploitation"
        LABOR = "labor", "Forced labour"
        OTHER = "other", "Other"

    class VictimSex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        MIXED = "mixed", "Female and male"

    # The furthest stage a report says the authorities reached, in order.
    class Outcome(models.TextChoices):
        NONE = "none", "None reported"
        ARRESTED = "arrested", "Detained or arrested"
        INVESTIGATION = "investigation", "Under investigation"
        CHARGED = "charged", "Charged"
        TRIAL = "trial", "On trial"
        CONVICTED = "convicted", "Convicted"
        ACQUITTED = "acquitted", "Acquitted"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="cases")
    # Denormalised from the paragraph so that lists filter by cable without a join.
    cable = models.ForeignKey(Cable, on_delete=models.PROTECT, related_name="cases")
    source = models.CharField(max_length=20, choices=Source, default=Source.EXTRACTED)
    is_published = models.BooleanField(default=True)
    key = models.CharField(max_length=80, unique=True, editable=False)
    review = models.CharField(max_length=10, choices=Review, default=Review.AUTO, editable=False)
    # How sure the extractor is that this is a case (0-1); empty for staff's own cases.
    confidence = models.FloatField(null=True, blank=True, editable=False)

    # Where the case is told: offsets into its paragraph's text, and that text verbatim
    # (kept, so that the sentences can be found again if the paragraph's text changes).
    span_start = models.PositiveIntegerField(default=0, editable=False)
    span_end = models.PositiveIntegerField(default=0, editable=False)
    excerpt = models.TextField(blank=True, default="", editable=False)
    # Other places in the cable that tell the same case: [{"anchor", "start", "end"}].
    tellings = models.JSONField(default=list, blank=True, editable=False)

    reported_on = models.DateField(null=True, blank=True)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    # The heading of the cable section the case is told under ("MAJOR COUNTERTERRORIST
    # ACTIONS - 2005"): where it sits in its cable, not a controlled vocabulary. Pages call
    # it the section; the query string keeps its old name, ``category``.
    category = models.CharField(
        "section",
        max_length=255,
        blank=True,
        help_text="The heading of the cable section that tells the case.",
    )

    countries = models.ManyToManyField(Country, blank=True, related_name="cases")
    places = models.ManyToManyField(Place, blank=True, related_name="cases")
    exploitation = models.CharField(max_length=20, choices=Exploitation, blank=True)
    sector = models.CharField(max_length=40, blank=True, help_text="Labour sector.")
    exploitation_type = models.CharField(
        max_length=40, blank=True, help_text="Form of sexual exploitation."
    )
    means_of_control = models.JSONField(default=list, blank=True)
    minor = models.BooleanField(null=True, blank=True, help_text="Blank: the text does not say.")
    ages = models.JSONField(default=list, blank=True)
    victim_count_min = models.PositiveIntegerField(null=True, blank=True)
    victim_count_max = models.PositiveIntegerField(null=True, blank=True)
    victim_sex = models.CharField(max_length=10, choices=VictimSex, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome, default=Outcome.NONE)
    max_sentence_years = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    life_sentence = models.BooleanField(default=False, help_text="Someone was sentenced to life.")
    amounts_usd = models.JSONField(default=list, blank=True)
    # The case's first sentence, whole.
    summary = models.CharField(max_length=1000, blank=True)
    occurred = models.CharField(
        max_length=10,
        blank=True,
        default="",
        help_text="When it happened: YYYY-MM-DD, YYYY-MM or YYYY.",
    )

    # PostgreSQL full-text search: summary, cable subject and paragraph text, weighted in
    # that order. Filled by cases.search_index.index_cases; unused (and empty) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    # Names of fields corrected by staff: re-import and re-extraction leave them alone.
    curated_fields = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()
    history = CASE_HISTORY

    class Meta:
        ordering = ["-reported_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(span_start__lte=models.F("span_end")), name="case_span_in_order"
            ),
            # A suggestion is public only once staff accept it.
            models.CheckConstraint(
                condition=~models.Q(review__in=["pending", "rejected"], is_published=True),
                name="case_suggestion_unpublished",
            ),
        ]
        indexes = [
            models.Index(fields=["review", "confidence"], name="case_review_idx"),
            models.Index(fields=["reported_on", "id"], name="case_reported_idx"),
            models.Index(fields=["category"], name="case_category_idx"),
            models.Index(fields=["exploitation"], name="case_exploitation_idx"),
            models.Index(fields=["outcome"], name="case_outcome_idx"),
        ]

    def __str__(self) -> str:
        return f"Case {self.key}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case-detail", kwargs={"key": self.key})

    @property
    def convicted(self) -> bool:
        return self.outcome == self.Outcome.CONVICTED

    @property
    def reported_month(self) -> str:
        return self.reported_on.strftime("%Y-%m") if self.reported_on else ""


class SuggestedCase(Case):
    """The admin's queue of cases waiting for staff (``CaseQuerySet.suggested``)."""

    class Meta:
        proxy = True
        verbose_name = "suggested case"


def new_epoch() -> str:
    return uuid.uuid4().hex


class ArchiveState(models.Model):
    """One row whose ``version`` changes whenever data the public pages count changes.

    Database triggers (migrations 0008 and 0010) give it a new random value on every write
    to cases, their countries and places, cables, tags, outlets and places: whatever
    writes, the importer, the admin or a shell, in-memory indexes keyed to it know they are
    stale. A random value, not a counter, so that a rolled-back write cannot bring an old
    version back for different data. The same triggers note what they changed in
    ``ArchiveChange``, and keep the last ``changes_kept`` notes of it.
    """

    version = models.CharField(max_length=40)
    changes_kept = models.PositiveIntegerField(default=100_000)
    # Which archive this is: a database made anew (or emptied) gets another, so that an
    # index written to disk for one is never read for another.
    epoch = models.CharField(max_length=32, default=new_epoch)

    class Meta:
        verbose_name = "archive state"

    def __str__(self) -> str:
        return self.version

    @classmethod
    def current_version(cls, using: str | None = None) -> str:
        rows = cls.objects.using(using) if using else cls.objects
        version = rows.filter(pk=1).values_list("version", flat=True).first()
        if version is None:  # a database emptied by flushing every table (some tests do)
            version = uuid.uuid4().hex
            cls.objects.create(pk=1, version=version)
        return version

    @classmethod
    def current_epoch(cls, using: str | None = None) -> str:
        rows = cls.objects.using(using) if using else cls.objects
        return rows.filter(pk=1).values_list("epoch", flat=True).first() or ""


class ArchiveChange(models.Model):
    """A row the public lists read was written: which one, noted by the database's triggers.

    The facet index of each process reads the notes after the one it last applied and
    updates itself from the rows they name, instead of reading the whole archive again.
    Ids are handed out while the writer holds ``ArchiveState``'s row, so they follow the
    order of the commits: a reader that sees a note sees every note before it. ``token``
    is one random number per statement: a note found again under its id with the same token
    is the same note, not one written after a rollback or a restore took the id back.
    """

    class Kind(models.IntegerChoices):
        EVERYTHING = 0, "every row (a table was emptied)"
        CASE = 1, "case"
        CABLE = 2, "cable"
        OUTLET = 3, "outlet"
        PLACE = 4, "place"
        COUNTRY = 5, "country"
        TAG = 6, "tag"

    id = models.BigAutoField(primary_key=True)
    kind = models.PositiveSmallIntegerField(choices=Kind)
    row_id = models.BigIntegerField(null=True, blank=True)
    token = models.BigIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id}: {self.get_kind_display()} {self.row_id or ''}".rstrip()


class SourceFile(models.Model):
    """A file exactly as it was received, kept once per content: its bytes (in
    ``SourceChunk`` rows, so that no file is ever one huge value), size and SHA-256.

    ``cases.ingest.fixity`` keeps them; ``verify_sources`` hashes them again.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    first_received_at = models.DateTimeField()

    class Meta:
        ordering = ["first_received_at", "id"]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.size} bytes)"


class SourceChunk(models.Model):
    """Consecutive bytes of a kept file, by number from 0."""

    file = models.ForeignKey(SourceFile, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["file", "number"]
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="sourcechunk_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.file_id}:{self.number}"


class Receipt(models.Model):
    """A file as one import received it: under which name, when, and in which order among
    the files of that import (``received_at`` is the import's), so that the imports that
    built the archive can be replayed from the kept files."""

    file = models.ForeignKey(SourceFile, on_delete=models.PROTECT, related_name="receipts")
    name = models.CharField(max_length=255, help_text="The file's name as received.")
    received_at = models.DateTimeField()
    number = models.PositiveIntegerField(help_text="Its place among the files of the import.")

    class Meta:
        ordering = ["received_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["received_at", "number"], name="receipt_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.received_at:%Y-%m-%d %H:%M:%S})"


class CableSource(models.Model):
    """A cable's history of sources: each receipt its text was taken from (where in the
    file, for a file of many cables), the latest its current one."""

    cable = models.ForeignKey(Cable, on_delete=models.CASCADE, related_name="sources")
    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="cables")
    position = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["cable", "receipt__received_at", "receipt__number"]

    def __str__(self) -> str:
        return f"{self.cable_id} from {self.receipt}"
