"""Where cases are told in their paragraphs, and paragraph text with those sentences marked.

A case records its span, offsets into its paragraph's text, and the sentences themselves.
A paragraph's text can change after that (a corrected source re-imported, a case left
behind when the extractor no longer finds it): the sentences are then looked for where
they now are, and not marked at all when they are gone.

Cable text is untrusted: marked text is built from escaped pieces of it, and only the
markup written here around them is left as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from ..models import Case, Paragraph


@dataclass(frozen=True)
class Mark:
    """Sentences to mark in a paragraph: ``text[start:end]``, linked to ``url`` if given."""

    start: int
    end: int
    url: str = ""
    title: str = ""
    kind: str = "case"  # "case": a case's own sentences; "telling": a case told again


def located(text: str, start: int, end: int, excerpt: str) -> tuple[int, int] | None:
    """Where ``excerpt`` is in ``text``: at ``start:end`` as recorded, else wherever the
    sentences now are, else None."""
    if 0 <= start < end <= len(text) and text[start:end] == excerpt:
        return start, end
    if excerpt and (found := text.find(excerpt)) != -1:
        return found, found + len(excerpt)
    return None


def case_span(case: Case, text: str) -> tuple[int, int] | None:
    """Where ``case`` is told in ``text``, the text of its paragraph."""
    return located(text, case.span_start, case.span_end, case.excerpt)


def marked_text(text: str, marks: Iterable[Mark]) -> SafeString:
    """``text``, escaped, with each mark's sentences in a ``<mark>`` (and a link).

    Marks that overlap are cut where the earlier one ends: HTML elements cannot cross.
    """
    pieces: list[SafeString] = []
    cursor = 0
    for mark in sorted(marks, key=lambda mark: (mark.start, -mark.end)):
        start, end = max(mark.start, cursor), min(mark.end, len(text))
        if start >= end:
            continue
        pieces.append(escape(text[cursor:start]))
        inner = text[start:end]
        css = f"span-{mark.kind}"
        if mark.url:
            pieces.append(
                format_html(
                    '<mark class="{}"><a href="{}" title="{}">{}</a></mark>',
                    css,
                    mark.url,
                    mark.title,
                    inner,
                )
            )
        else:
            pieces.append(format_html('<mark class="{}">{}</mark>', css, inner))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def case_in_paragraph(case: Case, text: str) -> SafeString:
    """The text of a case's paragraph with the case's own sentences marked."""
    span = case_span(case, text)
    return marked_text(text, [Mark(*span)] if span else [])


def mark_cases(paragraphs: list[Paragraph]) -> None:
    """Give each paragraph of a cable page its ``marked_text``: each published case's
    sentences marked and linked to the case, and so are the places that tell a case again.

    The paragraphs are a cable's current ones, each with its ``published_cases``.
    """
    by_anchor = {paragraph.anchor: paragraph for paragraph in paragraphs}
    marks: dict[int, list[Mark]] = defaultdict(list)
    for paragraph in paragraphs:
        for case in paragraph.published_cases:
            url, title = case.get_absolute_url(), f"Case {case.key}"
            if span := case_span(case, paragraph.text):
                marks[paragraph.pk].append(Mark(*span, url=url, title=title))
            for telling in case.tellings:
                # Offsets of a telling hold for the text of the paragraph that had its anchor
                # when the case was found; a re-import that changes that text re-extracts.
                told_in = by_anchor.get(telling["anchor"])
                if told_in is not None and telling["end"] <= len(told_in.text):
                    marks[told_in.pk].append(
                        Mark(
                            telling["start"],
                            telling["end"],
                            url=url,
                            title=f"{title}, told again",
                            kind="telling",
                        )
                    )
    for paragraph in paragraphs:
        paragraph.marked_text = marked_text(paragraph.text, marks[paragraph.pk])
