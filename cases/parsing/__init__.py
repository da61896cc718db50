"""Cable parsing: text in, dataclasses out. Pure Python; never imports Django."""

from .cable import parse_cable
from .formats import SourceCable, detect_format, read_csv, read_html, reference_id_of_file
from .glued import separate_cables
from .types import CableParseError, ParsedCable, ParsedParagraph, Recipient, SourceHints

# Bump when a change to the parser or extractor should refresh already-imported cables.
PARSER_VERSION = 4

__all__ = [
    "PARSER_VERSION",
    "CableParseError",
    "ParsedCable",
    "ParsedParagraph",
    "Recipient",
    "SourceCable",
    "SourceHints",
    "detect_format",
    "parse_cable",
    "read_csv",
    "read_html",
    "reference_id_of_file",
    "separate_cables",
]
