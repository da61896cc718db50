"""The body of a cable: page markers, repeated pages, numbered paragraphs and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cleanup import collapse_whitespace
from .header import PARAGRAPH_START
from .types import ParsedParagraph

# "ASTANA 00001246 002.2 OF 003" (one per printed page after the first, sometimes also
# before the first) and the older teletype form "PAGE 02 STATE 123456 01 OF 05 241033Z".
PAGE_MARKER = re.compile(
    r"^\s*(?:[A-Z][A-Z .'-]*\s+\d{8}\s+(?P<page>\d{3})(?:\.\d+)?\s+OF\s+(?P<pages>\d{3})"
    r"|PAGE\s+(?P<old_page>\d{2,3})\s+.*\b\d{2}\s+OF\s+(?P<old_pages>\d{2})\b.*)\s*$"
)
_PORTION_MARKING = re.compile(
    r"^\((?P<mark>U|C|S|SBU|TS|CUI|LOU|FOUO|[CSU]\s?/+\s?(?:NF|NOFORN|REL[A-Z ,]*)|SBU/NF)\)\s*"
)
_RULE = re.compile(r"^\s*[-=_*]{3,}[-=_* ]*$")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")
_SIGNATURE = re.compile(r"^[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,2}$")

# A duplicated page must be this long before it is dropped as a repeat of earlier text,
# so that a short line that merely recurs ("END SUMMARY.") is never lost.
_MIN_REPEAT_SUFFIX = 40
_MIN_REPEAT_ANYWHERE = 300


def split_pages(lines: list[str]) -> list[list[str]]:
    """Split body lines at page markers, dropping the markers themselves."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if PAGE_MARKER.match(line):
            pages.append([])
        else:
            pages[-1].append(line)
    return pages


def drop_repeated_pages(pages: list[list[str]]) -> list[str]:
    """Join pages, leaving out any page that only repeats text already seen.

    Printouts sometimes repeat their last page after the signature (08ASTANA1246 page 3).
    """
    kept: list[str] = []
    seen = ""
    for page in pages:
        text = collapse_whitespace("\n".join(page))
        repeated = text and (
            (len(text) >= _MIN_REPEAT_SUFFIX and seen.endswith(text))
            or (len(text) >= _MIN_REPEAT_ANYWHERE and text in seen)
        )
        if repeated:
            continue
        kept.extend(page)
        seen = f"{seen} {text}".strip()
    return kept


def count_pages(lines: list[str]) -> int:
    """The page total printed in page markers, 0 if there are none."""
    for line in lines:
        if match := PAGE_MARKER.match(line):
            return int(match["pages"] or match["old_pages"])
    return 0


def blocks_of(lines: list[str]) -> list[list[str]]:
    """Group lines into blocks separated by blank lines; lines beginning ¶N. open a block."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
            continue
        if current and line.lstrip().startswith("¶") and PARAGRAPH_START.match(line):
            blocks.append(current)
            current = []
        current.append(line.strip())
    if current:
        blocks.append(current)
    return blocks


def _heading_text(block: list[str]) -> str | None:
    """The heading a block stands for, or None when it is not a heading.

    Headings are short lines in capitals ("SEXUAL TRAFFICKING"), or any short line ruled
    with dashes or equals signs below or around it ("Summary" over "-------").
    """
    ruled = any(_RULE.match(line) for line in block)
    words = [line for line in block if not _RULE.match(line)]
    if len(words) != 1:
        return None
    text = words[0].strip()
    if not text or len(text) > 100 or PARAGRAPH_START.match(text):
        return None
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    if ruled:
        return text
    if all(c.isupper() for c in letters) and not text.endswith((".", ",", ";")):
        return text
    return None


@dataclass
class _Draft:
    number: str
    heading: str
    portion_marking: str
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts)


def _join_lines(block: list[str]) -> str:
    return " ".join(" ".join(block).split())


@dataclass
class Body:
    paragraphs: list[ParsedParagraph]
    signature: str = ""


def parse_body(lines: list[str]) -> Body:
    """Split body text into paragraphs with their headings, and find the signature."""
    blocks = blocks_of(lines)
    numbered = any(PARAGRAPH_START.match(block[0]) for block in blocks)
    drafts: list[_Draft] = []
    heading = ""
    signature = ""
    pending_heading: str | None = None

    for position, block in enumerate(blocks):
        first = block[0]
        if start := PARAGRAPH_START.match(first):
            if pending_heading is not None:
                heading, pending_heading = pending_heading, None
            text = _join_lines([first[start.end() :], *block[1:]])
            marking = ""
            if portion := _PORTION_MARKING.match(text):
                marking, text = portion["mark"].replace(" ", ""), text[portion.end() :]
            drafts.append(_Draft(start["number"], heading, marking, [text] if text else []))
            continue

        is_last = position == len(blocks) - 1
        if is_last and drafts and _SIGNATURE.match(_join_lines(block)):
            signature = _join_lines(block)
            continue
        heading_text = _heading_text(block)
        if heading_text is not None:
            pending_heading = heading_text
            continue

        text = _join_lines(block)
        previous = drafts[-1] if drafts else None
        if previous and previous.parts and pending_heading is None:
            # A page break or stray blank line inside a sentence: the block goes on the
            # sentence before it (08ASTANA1246 ¶9, ¶13, ¶17).
            if text[0].islower() or not _SENTENCE_END.search(previous.parts[-1]):
                previous.parts[-1] = f"{previous.parts[-1]} {text}"
                continue
        if numbered and previous is not None and pending_heading is None:
            # Unnumbered blocks inside a numbered cable (lists, quotations, sub-paragraphs)
            # belong to the paragraph above them.
            previous.parts.append(text)
            continue
        # Otherwise the block is a paragraph of its own: cables without numbers, and
        # unnumbered text before the first number or right after a heading.
        if pending_heading is not None:
            heading, pending_heading = pending_heading, None
        drafts.append(_Draft("", heading, "", [text]))

    paragraphs = [
        ParsedParagraph(
            ordinal=index,
            number=draft.number,
            text=draft.text,
            heading=draft.heading,
            portion_marking=draft.portion_marking,
        )
        for index, draft in enumerate((d for d in drafts if d.parts), start=1)
    ]
    return Body(paragraphs, signature)


