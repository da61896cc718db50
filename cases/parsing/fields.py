"""The labelled fields between the classification line and the text: caveats, E.O. line,
TAGS, SUBJECT, REF and the classified-by line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .pages import is_page_marker, strip_page_markers
from .tags import unglue_codes
from .vocabulary import CAVEATS

# "1. Text", "¶1. (C) Text", and the number glued to its marking: "2.(U) It is" (05GABORONE411).
PARAGRAPH_START = re.compile(r"^\s*(?:¶\s*)?(?P<number>\d{1,3})\s*\.(?:\s+|$|(?=[(A-Z]))")

_EO = r"E\.?\s?[O0]\.?\s*1\d{4}"  # "E.0. 12958" with a zero, 01VATICAN1261
# A classification line naming its cable by a padded serial ("UNCLAS YEREVAN 000494",
# "C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 001974").
_OWN_CLASSIFICATION_LINE = (
    r"(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|C O N F I D E N T I A L|S E C R E T)"
    r"(?:\s+SECTION\s+\d+\s+OF\s+\d+)?\s+[A-Z][A-Z .'-]*\s\d{6}\b"
)
_FIELD_LABELS = [
    ("tags", re.compile(r"^TAGS?\b\s*:?\s*", re.I)),
    ("subject", re.compile(r"^SUBJ(?:ECT)?\s*[:.]\s*", re.I)),
    ("references", re.compile(r"^REF(?:S|ERENCES?)?\s*:\s*|^REFS?\s+(?=[A-Z][:.)]?\s)", re.I)),
    ("eo_line", re.compile(rf"^{_EO}\b", re.I)),
    ("classified_by", re.compile(r"^CLASSIFIED\s+BY\b\s*:?\s*", re.I)),
]
# Header fields that run together on one line, in partial extracts and some dumps
# ("...ISLAMABAD 022025SIPDISNOFORN SIPDISE.O. 12958: DECL: 11/14/2016", 06ISLAMABAD22025;
# "SUBJECT: ... CLASSIFIED BY: ...", 09TALLINN325): a line break goes before each label,
# a paragraph number's included, though never between its digits ("18. (U)").
_GLUED_LABEL = re.compile(
    r"(?<=[^\s¶])\s*(?="
    r"(?:SIPDIS|NOFORN)(?![a-z])"
    rf"|{_EO}\s*:?\s*(?:DECL|N/?A\b|DNG|AS AMENDED)"
    r"|TAGS?:"
    r"|SUBJ(?:ECT)?:"
    r"|REF:|Ref:"
    r"|CLASSIFIED BY:|Classified By:"
    # The handling line and the cable's own classification line, repeated into the
    # subject ("... SAO PAULO SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT", 06SAOPAULO516;
    # "...PROSECUTION OF TRAF... UNCLAS YEREVAN 000494 SENSITIVE SIPDIS", 09YEREVAN494).
    r"|(?i:SENS?I?TIVE\s+BUT\s+UNCLASSIFIED)"
    rf"|{_OWN_CLASSIFICATION_LINE}"
    r"|(?<!\d)(?:¶\s*)?\d{1,2}\.\s*\([A-Z/]{1,8}\)(?:\s|$))"
)
_CAVEAT_LINE = re.compile(rf"^(?:(?:{'|'.join(CAVEATS)})\b[\s,.]*)+$", re.I)
_SENSITIVE_BUT_UNCLASSIFIED = re.compile(r"^SENS?I?TIVE\s+BUT\s+UNCLASSIFIED\b", re.I)
# Items of a REF list on their own lines: "B. BOGOTA 863", "¶B. 07 AMMAN 4885".
_REFERENCE_ITEM = re.compile(r"^(?:¶\s*)?\(?[A-Z]\)?[.):]?\s+(?:\d{2}\s+)?[A-Z][A-Z .]*\s\d+")
_RULE_START = re.compile(r"^[-=_]{3,}")
_REASONS_GIVEN = re.compile(r"\b1\.\s?[4-6]\b|\breasons?\b.*\(?[a-h]\)", re.I)
_REASON_CONTINUATION = re.compile(r"^(?:1\.\d|\(?[a-hA-H]\)|and\b|reasons?\b)", re.I)
# TAGS continue on the next line only when it still looks like tags ("SMIG, CS").
_TAG_LINE = re.compile(r"^[A-Z0-9]{2,8}(?:[\s,;]+[A-Z0-9]{2,8})*[\s,;.]*$")
_DECLASSIFY = re.compile(r"\bDECL[A-Z]*\s*:?\s*(?P<date>\d{1,4}/\d{1,2}/\d{1,4})", re.I)
# Fields are looked for this far below the classification line until a SUBJECT is seen.
_SEARCH_LINES = 80


@dataclass
class HeaderFields:
    """The labelled fields between the classification line and the first paragraph."""

    caveats: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    subject: str = ""
    references: list[str] = field(default_factory=list)
    eo_line: str = ""
    declassify_on: date | None = None
    classified_by: str = ""


def is_paragraph_start(line: str) -> bool:
    return bool(PARAGRAPH_START.match(line))


# The handling line, with the text that a copy ran on after it ("Sensitive but
# Unclassified. Please handle accordingly. (SBU) On February 8, 2009 ...", 09CAIRO226).
_HANDLING = re.compile(
    r"^(?P<handling>SENS?I?TIVE\s+BUT\s+UNCLASSIFIED(?:[\s.;,/-]+NOFORN)?"
    r"(?:[\s.;,-]+(?:PLEASE\s+)?(?:HANDLE|PROTECT)\s+ACCORDINGLY)?[.;]?)\s+(?P<rest>\S.*)$",
    re.I,
)


def split_glued_labels(line: str) -> list[str]:
    """One line per header field where a copy ran several fields into one line."""
    pieces = [piece for piece in _GLUED_LABEL.split(line) if piece.strip()] or [line]
    unglued: list[str] = []
    for piece in pieces:
        if handling := _HANDLING.match(piece.strip()):
            unglued.extend([handling["handling"], handling["rest"]])
        else:
            unglued.append(piece)
    pieces = unglued
    # A doubled label ("SUBJECT: SUBJECT: DEPUTY NSA ...", 10BRUSSELS183) is one field.
    kept: list[str] = []
    for piece in pieces:
        if kept and (label := _field_label(kept[-1].strip())) and not label[1]:
            if _field_label(piece.strip()) and _field_label(piece.strip())[0] == label[0]:
                kept[-1] = piece
                continue
        kept.append(piece)
    return kept


def _field_label(line: str) -> tuple[str, str] | None:
    for name, pattern in _FIELD_LABELS:
        if match := pattern.match(line):
            value = line[match.end() :] if name != "eo_line" else line
            return name, value.strip()
    return None


def split_tags(value: str) -> list[str]:
    tags: list[str] = []
    for token in re.split(r"[\s,;]+", value.upper()):
        for code in unglue_codes(token.strip(".:()")):
            if code and code not in tags:
                tags.append(code)
    return tags


def parse_declassification(eo_line: str) -> date | None:
    """The declassification date of an E.O. line ("DECL: 02/14/2017", "DECL: 2019/11/06")."""
    match = _DECLASSIFY.search(eo_line)
    if not match:
        return None
    parts = [int(part) for part in match["date"].split("/")]
    if parts[0] > 31:  # year first
        year, month, day = parts
    else:
        month, day, year = parts
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _is_continuation(name: str, line: str, value: str) -> bool:
    if name == "tags":
        return bool(_TAG_LINE.match(line))
    if name == "classified_by":
        # "Classified By: ... Reasons\n1.4 (b) and (d).": the line runs on until its
        # reasons are given, so a salutation below them ("Director Mueller,", 06CAIRO493)
        # stays text.
        return not _REASONS_GIVEN.search(value) or bool(_REASON_CONTINUATION.match(line))
    # A rule under the subject belongs to a heading below it (08BUENOSAIRES858); the
    # cable's classification line repeated below its subject is not subject (09YEREVAN494).
    return (
        not is_page_marker(line)
        and not _RULE_START.match(line)
        and not re.match(_OWN_CLASSIFICATION_LINE, line)
    )


class _FieldReader:
    """Reads header lines one at a time until the text proper begins."""

    def __init__(self) -> None:
        self.fields = HeaderFields()
        self.values: dict[str, list[str]] = {}
        self.current: str | None = None
        self.seen_subject = False
        self.last_field_end = 0  # the line after the last labelled field
        self.unlabelled: int | None = None  # first unlabelled line after that field
        self.body_start: int | None = None

    def feed(self, index: int, line: str) -> None:
        line = line.strip()
        if not line:
            # "SUBJECT:" alone, its text below a blank line (09CAIRO210 under 09CAIRO211).
            if not (self.current == "subject" and not any(self.values["subject"])):
                self.current = None
            return
        if is_page_marker(line):
            self.current = None
            return
        if is_paragraph_start(line):
            self.body_start = index
            return
        if _CAVEAT_LINE.match(line) or _SENSITIVE_BUT_UNCLASSIFIED.match(line):
            words = re.findall(r"[A-Za-z]+", line.upper())
            self.fields.caveats.extend(word for word in words if word in CAVEATS)
            self._field_line(index, None)
            return
        if labelled := _field_label(line):
            name, value = labelled
            # Only the first SUBJECT counts: some cables repeat the line (09BAKU478).
            if name == "subject":
                name = "repeated subject" if self.seen_subject else name
                self.seen_subject = True
            self.values.setdefault(name, []).append(value)
            self._field_line(index, name)
            return
        if self.current is not None and _is_continuation(
            self.current, line, " ".join(self.values[self.current])
        ):
            self.values[self.current].append(line)
            self._field_line(index, self.current)
            return
        if "references" in self.values and _REFERENCE_ITEM.match(line):
            self.values["references"].append(line)
            self._field_line(index, "references")
            return
        self.current = None
        if self.seen_subject:
            # Below the SUBJECT, the first unlabelled line is text: cables without
            # paragraph numbers start here.
            self.body_start = index
        elif self.unlabelled is None:
            self.unlabelled = index

    def _field_line(self, index: int, name: str | None) -> None:
        self.current = name
        self.last_field_end = index + 1
        self.unlabelled = None

    def text_start(self) -> int:
        """Where the text begins once reading stopped."""
        if self.body_start is not None and (self.seen_subject or self.unlabelled is None):
            return self.body_start
        # Without a SUBJECT, unlabelled lines after the last field are text, not header
        # ("Director Mueller," above ¶1 of a letter-style cable).
        if self.unlabelled is not None:
            return self.unlabelled
        if self.body_start is not None:
            return self.body_start
        return self.last_field_end

    def finish(self) -> HeaderFields:
        fields, values = self.fields, self.values
        fields.tags = split_tags(" ".join(values.get("tags", [])))
        subject = " ".join(" ".join(values.get("subject", [])).split())
        fields.subject = strip_page_markers(subject)
        fields.references = [
            " ".join(value.lstrip("¶ ").split()) for value in values.get("references", []) if value
        ]
        fields.eo_line = " ".join(" ".join(values.get("eo_line", [])).split())
        fields.declassify_on = parse_declassification(fields.eo_line)
        fields.classified_by = " ".join(" ".join(values.get("classified_by", [])).split())
        return fields


def parse_header_fields(lines: list[str]) -> tuple[HeaderFields, list[str]]:
    """Read labelled header fields from the lines below the classification line.

    Returns the fields and the lines of the text proper. A field's value continues on the
    following lines until a blank line or another label. Unlabelled lines above the
    SUBJECT (passing instructions such as "STATE FOR INL/AEE") are header, not text.
    """
    reader = _FieldReader()
    header: list[str] = []
    rest = len(lines)
    for index, raw in enumerate(lines):
        if reader.body_start is not None or (index >= _SEARCH_LINES and not reader.seen_subject):
            rest = index
            break
        for piece in split_glued_labels(raw) if raw.strip() else [raw]:
            if reader.body_start is None:
                reader.feed(len(header), piece)
            header.append(piece)
    text = header + lines[rest:]
    return reader.finish(), text[reader.text_start() :]
