"""Cable parsing: text in, dataclasses out. Pure Python; never imports Django."""

from .cable import parse_cable
from .types import CableParseError, ParsedCable, ParsedParagraph, Recipient

# Bump when a change to the parser or extractor should refresh already-imported cables.
PARSER_VERSION = 1

__all__ = [
    "PARSER_VERSION",
    "CableParseError",
    "ParsedCable",
    "ParsedParagraph",
    "Recipient",
    "parse_cable",
]
