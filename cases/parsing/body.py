"""The body of a cable: page markers, repeated pages, numbered paragraphs and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .classification import match_classification
from .cleanup import collapse_whitespace
from .fields import PARAGRAPH_START, is_paragraph_start
from .labels import Label, follows, read_label
from .pages import LEADING_TELETYPE, is_page_marker, page_total, strip_page_markers
from .types import ParsedParagraph

_PORTION_MARKING = re.compile(
    r"^\((?P<mark>U|C|S|SBU|TS|CUI|LOU|FOUO|[CSU]\s?/+\s?(?:NF|NOFORN|REL[A-Z ,]*)|SBU/NF)\)\s*"
)
_RULE = re.compile(r"^\s*[-=_*]{3,}[-=_* ]*$")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’)\]]$")
# A signature: one to three names in capitals ("ORDWAY", "BOYCE"), or a single name in
# title case as media-partner copies print it ("Barclay", 06SANSALVADOR169).
_SIGNATURE = re.compile(
    r"^(?:[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*){0,2}|[A-Z][a-z]+(?:-[A-Z][a-z]+)?)$"
)


def _signature_text(line: str) -> str:
    """The signature a line holds; WikiLeaks sometimes prints it twice ("BOYCE BOYCE")."""
    words = line.split()
    if len(words) == 2 and words[0] == words[1]:
        return words[0]
    return " ".join(words)


def _split_signature(blocks: list[list[str]]) -> str:
    """Take the signature off the last block: alone, or on its last line right after a
    finished sentence (06BANGKOK5811, 07BERN171)."""
    if not blocks:
        return ""
    last = blocks[-1]
    line = last[-1].strip()
    if not _SIGNATURE.match(line):
        return ""
    if len(last) == 1:
        if len(blocks) == 1:
            return ""
        blocks.pop()
        return _signature_text(line)
    if _SENTENCE_END.search(last[-2].strip()):
        last.pop()
        return _signature_text(line)
    return ""


# A signature run onto the last sentence: "... coordinated with Embassy Berlin. BUTCHER"
# (06HAMBURG85). "END COMMENT" and the like close sentences too and are not names.
_TRAILING_SIGNATURE = re.compile(
    r"(?<=[.!?\"”)])\s+(?P<name>[A-Z][A-Z'-]{2,}(?: [A-Z][A-Z'-]{2,})?)$"
)
_NOT_NAMES = {"END", "COMMENT", "SUMMARY", "NOTE", "TEXT", "QUOTE", "UNQUOTE", "SIPDIS"}


def _split_run_on_signature(blocks: list[list[str]]) -> str:
    if not blocks:
        return ""
    last = blocks[-1]
    match = _TRAILING_SIGNATURE.search(last[-1].rstrip())
    if not match or set(match["name"].split()) & _NOT_NAMES:
        return ""
    last[-1] = last[-1].rstrip()[: match.start()]
    return match["name"]


# A duplicated page must be this long before it is dropped as a repeat of earlier text,
# so that a short line that merely recurs ("END SUMMARY.") is never lost.
_MIN_REPEAT_SUFFIX = 40
_MIN_REPEAT_ANYWHERE = 300


def _is_banner(line: str) -> bool:
    """A classification word alone: teletype pages print it above each page marker."""
    if len(line) > 60 or not line.strip():
        return False
    found = match_classification(line)
    return found is not None and not found[1].strip()


# What teletype printouts put at each page and section break (02ROME3639): the office
# distribution ("ACTION EUR-00", "INFO LOG-00 NP-00 ... /018W"), the receipt line
# ("------------------CF2A6B  231627Z /38") and a banner with a message id
# ("CONFIDENTIAL     PTQ4581").
_TELETYPE_NOISE = re.compile(
    r"^\s*(?:(?:ACTION|INFO)\s+)?(?:[A-Z0-9]{1,6}-\d{2}\s+)*[A-Z0-9]{1,6}-\d{2}(?:\s+/\d{3}W)?\s*$"
    r"|^\s*/\d{3}W\s*$"
    r"|^\s*-{6,}[A-Z0-9]*\s+\d{6}Z\s+/\d+\s*$"
)
_BANNER_WITH_ID = re.compile(r"^\s*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)\s+[A-Z]{2,4}\d{3,6}\s*$")


_DIGIT = re.compile(r"\d")


def is_teletype_noise(line: str) -> bool:
    return bool(_TELETYPE_NOISE.match(line) or _BANNER_WITH_ID.match(line) or _is_banner(line))


def split_pages(lines: list[str], station: str = "") -> list[list[str]]:
    """Split body lines at page markers, dropping the markers themselves.

    A marker inside a line is removed from it; a teletype marker may have text after it
    on the same line (02VATICAN3692), which starts the new page.
    """
    pages: list[list[str]] = [[]]
    for line in lines:
        # Markers and teletype noise all carry digits; most lines have none (a fast path:
        # the checks below cost a sixth of parsing a cable).
        if not _DIGIT.search(line):
            if not _is_banner(line):
                pages[-1].append(line)
            continue
        teletype = LEADING_TELETYPE.match(line)
        if is_page_marker(line) or teletype:
            page = pages[-1]
            while page and (not page[-1].strip() or _is_banner(page[-1])):
                page.pop()
            pages.append([])
            if teletype and line[teletype.end() :].strip():
                pages[-1].append(line[teletype.end() :])
        elif not is_teletype_noise(line):
            pages[-1].append(strip_page_markers(line, station))
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
        opening = next((line for line in page if line.strip()), "")
        if kept and is_paragraph_start(opening):
            kept.append("")  # a page may begin with a paragraph right below its marker
        kept.extend(page)
        seen = f"{seen} {text}".strip()
    return kept


def count_pages(lines: list[str]) -> int:
    """The page total printed in page markers, 0 if there are none."""
    for line in lines:
        if total := page_total(line):
            return total
    return 0


_ANCHOR = re.compile(r"^\s*¶\s*")
# "2. (C)", or "2.  (C)" with two spaces (08TRIPOLI567).
_MARKED_PARAGRAPH = re.compile(r"^\s*\d{1,2}\.\s{0,3}\((?:U|C|S|SBU|TS|[CSU]//?NF|SBU//?NF)\)\s")
# A rule with text after it on the same line ("-------- 1.  Ambassador", 08BUENOSAIRES858).
_RULED_TEXT = re.compile(r"^\s*([-=_]{3,})\s+(?=\S)")


def _unglue_rules(lines: list[str]) -> list[str]:
    """Rules with text after them become lines of their own; a line may carry two rules
    before its text ("---------------- ------------------ 3.  Subsequently",
    08BUENOSAIRES858). A numbered paragraph after a rule opens a block of its own; the
    rule stays with the text above it, and goes when it has none ("-------- 1.  Ambassador"
    opening the body, 08BUENOSAIRES858)."""
    out: list[str] = []
    for line in lines:
        rules: list[str] = []
        while match := _RULED_TEXT.match(line):
            rules.append(match[1])
            line = line[match.end() :]
        if rules and is_paragraph_start(line):
            if out and out[-1].strip():
                out.extend([*rules, ""])
        else:
            out.extend(rules)
        out.append(line)
    return out


def blocks_of(lines: list[str]) -> list[list[str]]:
    """Group lines into blocks separated by blank lines; lines beginning ¶N. open a block."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in _unglue_rules(lines):
        # Older copies mark the blank line between paragraphs with a lone "-".
        if not line.strip() or line.strip() == "-":
            if current:
                blocks.append(current)
            current = []
            continue
        anchored = line.lstrip().startswith("¶")
        # WikiLeaks' anchor glyph is not cable text: "¶A." for lettered sub-paragraphs,
        # and false anchors on numbers that begin a line ("¶2007. Police", 09CIUDADJUAREZ22).
        if not is_paragraph_start(line):
            line = _ANCHOR.sub("", line)
        opens = anchored and (is_paragraph_start(line) or read_label(line.strip()))
        if current and (opens or _MARKED_PARAGRAPH.match(line)):
            # A numbered paragraph with its portion marking opens a block even without a
            # blank line above it (copies that dropped them, 08TRIPOLI430).
            blocks.append(current)
            current = []
        if (
            current
            and _RULE.match(current[-1])
            and _opens_paragraph(line.strip())
            and _heading_over_rule(current)
        ):
            # A heading's rule ends its block even without a blank line below it, when a
            # paragraph or section opens right under it ("OVERVIEW" over "--------" over
            # "21A.  Costa Rica is", 06SANJOSE481).
            blocks.append(current)
            current = []
        current.append(line.strip())
    if current:
        blocks.append(current)
    return blocks


def _heading_over_rule(block: list[str]) -> bool:
    words = [line for line in block if not _RULE.match(line)]
    return (
        len(block) >= 2
        and bool(_RULE.match(block[-1]))
        and len(words) == 1
        and len(words[0]) <= 100
        and not _RULE.match(block[-2])
    )


def _opens_paragraph(line: str) -> bool:
    return is_paragraph_start(line) or read_label(line) is not None


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


# A paragraph longer than this that holds several blocks is read as its blocks: lists of
# reports, quoted documents and questionnaire answers run on for tens of thousands of
# characters under one number (09STATE80163 ¶15, 52,868 characters in 36 blocks).
LONG_PARAGRAPH = 5000

# A break the text is read at only in a paragraph longer than ``LONG_PARAGRAPH`` (a
# character of Unicode's private use area, never in a cable; a space everywhere else):
# - a block of records glued onto the record before it, which ends with no sentence
#   punctuation ("End Date: 11/12/2009" over "Vetting #: 99210", 09STATE108736);
# - a block opening with a lower-case roman number glued on as a continued sentence
#   ("i.      STATISTICS -", 09HERMOSILLO71);
# - a line opening a list item inside a block with no blank lines ("--Defense - ...",
#   09KABUL4070; "1) GRPO can", 09STATE62395; "(3) Prime Minister", 06TOKYO1363; "(C) The
#   Bundeswehr", 10BERLIN138; "II. Status of Country", 08SANJOSE881);
# - an item inside a line that copies joined (``_INLINE_ITEM``).
SOFT_BREAK = "\ue000"


@dataclass
class _Draft:
    number: str
    heading: str
    portion_marking: str
    parts: list[str] = field(default_factory=list)
    depth: int = 0
    label: Label | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts).replace(SOFT_BREAK, " ")


# A line opening an item of a list: dashes ("--Defense", "- Approving", "-- On October"),
# numbers and letters in brackets ("1)", "(3)", "(b)", "b)"), a portion marking ("(C)"),
# a roman number in capitals ("II. Status"), a bullet.
_LIST_ITEM = re.compile(
    r"^(?:-{1,2}\s*(?=[A-Z\"'(])"
    r"|\(?\d{1,2}\)\s|\(?[a-z]\)\s"
    r"|\((?:U|C|S|SBU|TS|CUI|LOU|FOUO|[CSU]//?NF|SBU//?NF|U//FOUO)\)\s"
    r"|(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+(?=[A-Z])"
    r"|[*\u2022]\s)"
)


# Items run into one long line by copies that joined a cable's lines: dash items ("...
# Society -- The British Grassland Society -- ...", 08STATE93970; "--A. (SBU)",
# 08MANAMA144), dash bullets after a sentence ("Begin points: - Both the United States",
# 09STATE112644), roman section headings ("... drugs. II. STATUS OF COUNTRY",
# 09CAIRO2351) and ruled headings ("------- Key stories in the media: -------",
# 09TELAVIV2188).
_INLINE_ITEM = re.compile(
    r" +(?=(?P<dashes>--\s?[A-Z(\"])|(?P<bullet>-\s[A-Z\"])"
    r"|(?P<roman>(?:II|III|IV|V|VI|VII|VIII|IX|X)\.\s+[A-Z])"
    r"|(?P<ruled>[-=]{4,} +[^-=]{2,80}? +[-=]{4,}))"
)
# What a bullet and a roman heading come after: the end of a sentence or a colon.
_ITEM_AFTER = {"dashes": "", "bullet": '.!?:;"”', "roman": '.!?:"”', "ruled": ""}


def _soft_inline(line: str) -> str:
    """A long line with two items or more run into it, a soft break before each."""
    if len(line) <= _JOINED_LINE:
        return line
    cuts: list[tuple[int, int]] = []
    for match in _INLINE_ITEM.finditer(line):
        before = line[match.start() - 1] if match.start() else " "
        after = _ITEM_AFTER[match.lastgroup or "ruled"]
        if before != " " and (not after or before in after):
            cuts.append(match.span())
    if len(cuts) < 2:
        return line
    pieces, start = [], 0
    for cut_start, cut_end in cuts:
        pieces.append(line[start:cut_start])
        start = cut_end
    pieces.append(line[start:])
    return SOFT_BREAK.join(pieces)


def _words(lines: list[str]) -> str:
    return " ".join(" ".join(_soft_inline(line) for line in lines).split())


def _join_lines(block: list[str]) -> str:
    """A block's lines as one text; with two list items or more opening its lines, a soft
    break before each."""
    items = [index for index, line in enumerate(block) if index and _LIST_ITEM.match(line)]
    if len(items) < 2:
        return _words(block)
    starts = [0, *items, len(block)]
    pieces = (_words(block[start:end]) for start, end in zip(starts, starts[1:], strict=False))
    return SOFT_BREAK.join(piece for piece in pieces if piece)


# A line of a record: a field name and its value ("Vetting #: 99210", "DOB: 6/28/1970").
_FIELD = re.compile(r"^[A-Z][A-Za-z/#.&'() -]{0,30}:\s*\S")
_LOWER_ROMAN = re.compile(r"^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})\.\s")


def _is_record(block: list[str]) -> bool:
    """Three lines or more, all fields but one at most (a vetting record)."""
    fields = sum(1 for line in block if _FIELD.match(line))
    return len(block) >= 3 and fields >= len(block) - 1


def _marked(text: str) -> tuple[str, str]:
    """The portion marking opening a paragraph's text, and the text without it."""
    if portion := _PORTION_MARKING.match(text):
        return portion["mark"].replace(" ", ""), text[portion.end() :]
    return "", text


@dataclass
class Body:
    paragraphs: list[ParsedParagraph]
    signature: str = ""


class _Outline:
    """The paragraphs of a body as they are read, block after block.

    Numbered paragraphs ("7.") are the cable's paragraphs. A labelled block ("A.", "(a)",
    "18A.") under a numbered paragraph is a sub-paragraph of it, and so are the labels
    of its kind that follow; after a heading, or as the sections of a paragraph whose
    number is not the label's ("18A." with no ¶18, 05SANJOSE488), labelled blocks are
    paragraphs of their own, and so is every later label of their kind.
    """

    def __init__(self, numbered: bool) -> None:
        self.numbered = numbered
        self.drafts: list[_Draft] = []
        self.heading = ""
        self.pending_heading: str | None = None
        self.top_kinds: set[str] = set()
        # The last label of each kind, among the paragraphs and under the current one.
        self.top_labels: dict[str, Label] = {}
        self.sub_labels: dict[str, Label] = {}

    @property
    def top(self) -> _Draft | None:
        return next((d for d in reversed(self.drafts) if d.depth == 0), None)

    def _take_heading(self) -> None:
        if self.pending_heading is not None:
            self.heading, self.pending_heading = self.pending_heading, None

    def numbered_paragraph(self, number: str, text: str) -> None:
        self._take_heading()
        marking, text = _marked(text)
        self.drafts.append(_Draft(number, self.heading, marking, [text] if text else []))
        self.sub_labels = {}

    def heading_block(self, text: str) -> None:
        self.pending_heading = text

    def labelled(self, label: Label, text: str) -> bool:
        """Add a labelled block; False when the label is out of sequence (not a label)."""
        top = self.top
        under_its_number = label.kind == "NA" and top is not None and top.number == label.group
        as_paragraph = not under_its_number and (
            top is None
            or not self.numbered
            or self.pending_heading is not None
            or label.kind in self.top_kinds
            or (label.kind == "NA" and label.group != top.number)
        )
        labels = self.top_labels if as_paragraph else self.sub_labels
        if not follows(label, labels.get(label.kind)):
            return False
        labels[label.kind] = label
        marking, text = _marked(text)
        if as_paragraph:
            self._take_heading()
            self.top_kinds.add(label.kind)
            self.sub_labels = {}
            self.drafts.append(_Draft(label.text, self.heading, marking, [text], 0, label))
        else:
            self.drafts.append(_Draft(label.text, top.heading, marking, [text], 1, label))
        return True

    def unlabelled(self, text: str, record: bool = False) -> None:
        previous = self.drafts[-1] if self.drafts else None
        if previous and previous.parts and self.pending_heading is None:
            # A page break or stray blank line inside a sentence: the block goes on the
            # sentence before it (08ASTANA1246 ¶9, ¶13, ¶17). Records and roman numbers
            # go on with a soft break: they are not sentences (see SOFT_BREAK).
            if text[0].islower() or not _SENTENCE_END.search(previous.parts[-1]):
                soft = record or _LOWER_ROMAN.match(text)
                glue = SOFT_BREAK if soft else " "
                previous.parts[-1] = f"{previous.parts[-1]}{glue}{text}"
                return
        if self.numbered and previous is not None and self.pending_heading is None:
            # Unnumbered blocks inside a numbered cable (lists, quotations, answers)
            # belong to the paragraph above them.
            previous.parts.append(text)
            return
        # Otherwise the block is a paragraph of its own: cables without numbers, and
        # unnumbered text before the first number or right after a heading.
        self._take_heading()
        marking, text = _marked(text)
        self.drafts.append(_Draft("", self.heading, marking, [text] if text else []))
        self.sub_labels = {}

    def paragraphs(self) -> list[ParsedParagraph]:
        drafts = _split_long([draft for draft in self.drafts if draft.parts])
        paragraphs: list[ParsedParagraph] = []
        top_count = sub_count = 0
        for ordinal, draft in enumerate(drafts, start=1):
            if draft.depth == 0 or top_count == 0:
                top_count, sub_count = top_count + 1, 0
                anchor = f"p{top_count}"
                depth = 0
            else:
                sub_count += 1
                anchor = f"p{top_count}{letters(sub_count)}"
                depth = 1
            paragraphs.append(
                ParsedParagraph(
                    ordinal=ordinal,
                    number=draft.number,
                    text=draft.text,
                    heading=draft.heading,
                    portion_marking=draft.portion_marking,
                    depth=depth,
                    anchor=anchor,
                )
            )
        return paragraphs


def _split_long(drafts: list[_Draft]) -> list[_Draft]:
    """Each paragraph over ``LONG_PARAGRAPH`` characters made of several blocks becomes
    its blocks: the first keeps its place, the others follow it as sub-paragraphs (of it,
    or of its own paragraph when it is one already). A block still over that length is
    read at its soft breaks (``SOFT_BREAK``)."""
    out: list[_Draft] = []
    for draft in drafts:
        if len(draft.text) <= LONG_PARAGRAPH:
            out.append(draft)
            continue
        parts: list[str] = []
        for part in draft.parts:
            if len(part) > LONG_PARAGRAPH and SOFT_BREAK in part:
                parts.extend(part.split(SOFT_BREAK))
            else:
                parts.append(part)
        if len(parts) == 1:
            out.append(draft)
            continue
        first, *rest = parts
        out.append(_Draft(draft.number, draft.heading, draft.portion_marking, [first], draft.depth))
        out.extend(_Draft("", draft.heading, "", [part], 1) for part in rest)
    return out


def letters(number: int) -> str:
    """The letters of the ``number``-th sub-paragraph: a ... z, then aa, ab ..."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


# Copies that joined a cable's lines run its numbered paragraphs into one line, each
# number after the sentence before it ("... to challenge Qadhafi. 2. (C) Residents of",
# 08TRIPOLI430). In a line this long, a number with its portion marking opens a paragraph,
# with one space or more before the marking ("EUROPE  2.  (C)  Libya's", 08TRIPOLI567).
_JOINED_LINE = 400
_INLINE_PARAGRAPH = re.compile(
    r"(?:(?<=[.!?:;\"'”)\]-]) +|(?<=\S) {2,})"
    r"(?=\d{1,2}\.\s{0,3}\((?:U|C|S|SBU|TS|LOU|FOUO|[CSU]//?NF|SBU//?NF)\)\s)"
)


def _unjoin_paragraphs(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(line) > _JOINED_LINE and _INLINE_PARAGRAPH.search(line):
            for piece in _INLINE_PARAGRAPH.split(line):
                out.extend([piece, ""])
        else:
            out.append(line)
    return out


def parse_body(lines: list[str]) -> Body:
    """Split body text into paragraphs and sub-paragraphs with their headings, and find
    the signature."""
    blocks = blocks_of(_unjoin_paragraphs(lines))
    signature = _split_signature(blocks) or _split_run_on_signature(blocks)
    outline = _Outline(numbered=any(PARAGRAPH_START.match(block[0]) for block in blocks))
    for block in blocks:
        first = block[0]
        if start := PARAGRAPH_START.match(first):
            outline.numbered_paragraph(
                start["number"], _join_lines([first[start.end() :], *block[1:]])
            )
            continue
        heading_text = _heading_text(block)
        if heading_text is not None:
            outline.heading_block(heading_text)
            continue
        text = _join_lines(block)
        if not text:
            continue
        label = read_label(text)
        if label is not None and outline.labelled(label, text[label.end :]):
            continue
        outline.unlabelled(text, _is_record(block))
    return Body(outline.paragraphs(), signature)
