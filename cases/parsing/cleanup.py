"""Text clean-up applied before parsing: line endings and markup residue.

Cables copied through Markdown converters come back with link markup around TAGS
(``[SOCI](#)``) and backslash-escaped punctuation (``\\$300``); see 08ASTANA1246.
"""

import re

_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\([^()\s]*\)")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$&%<>|~])")


def normalise_newlines(text: str) -> str:
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_markup_residue(text: str) -> str:
    """Undo Markdown link wrapping and backslash escapes left in a converted cable."""
    text = _MARKDOWN_LINK.sub(r"\1", text)
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def clean_source(text: str) -> str:
    """The text the parser works on: newlines normalised, residue removed, tabs expanded."""
    text = strip_markup_residue(normalise_newlines(text))
    return "\n".join(line.rstrip() for line in text.expandtabs(8).split("\n"))
