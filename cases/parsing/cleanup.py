"""Text clean-up applied before parsing: line endings and markup or dump residue.

Cables copied through Markdown converters come back with link markup around TAGS
(``[SOCI](#)``) and backslash-escaped punctuation (``\\$300``); see 08ASTANA1246.
"""

import re

_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\([^()\s]*\)")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$&%<>|~])")
# Line breaks left as HTML at the end of each line (09MALABO13).
_HTML_BREAK = re.compile(r"[ \t]*<br\s*/?>", re.I)
# Database dumps continue a line with a backslash before the newline (06BERN2115).
_LINE_CONTINUATION = re.compile(r"[ \t]*\\[ \t]*$", re.M)


def normalise_newlines(text: str) -> str:
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_markup_residue(text: str) -> str:
    """Undo Markdown link wrapping and backslash escapes left in a converted cable."""
    # Each pattern only where its telltale character is (most cables have none of them):
    # scanning a whole cable for each cost a tenth of parsing it.
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    if "\\" in text:
        text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    if "<" in text:
        text = _HTML_BREAK.sub("", text)
    if "\\" in text:
        text = _LINE_CONTINUATION.sub("", text)
    return text


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def clean_source(text: str) -> str:
    """The text the parser works on: newlines normalised, residue removed.

    Tabs are kept: one dump layout separates its fields with them (see ``records``).
    """
    return strip_markup_residue(normalise_newlines(text))


def tidy_lines(lines: list[str]) -> list[str]:
    """Tabs expanded and trailing blanks dropped, once records have been read."""
    return [line.expandtabs(8).rstrip() for line in lines]
