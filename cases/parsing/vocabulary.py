"""Fixed vocabularies of State Department cable headers."""

import re

# Precedence prosigns of the date-time group line ("P 110334Z JUL 08").
PRECEDENCE_CODES = {
    "Z": "FLASH",
    "O": "IMMEDIATE",
    "P": "PRIORITY",
    "R": "ROUTINE",
    "M": "ROUTINE",  # deferred traffic in older cables
}

# Precedence words as written after a recipient, typos included ("PRIOITY").
_PRECEDENCE_WORDS = [
    (re.compile(r"^NIACT$"), "NIACT"),
    (re.compile(r"^FLA?SH$"), "FLASH"),
    (re.compile(r"^IMM?EDI?AT?E?$"), "IMMEDIATE"),
    (re.compile(r"^PRI?O?I?R?I?TY$"), "PRIORITY"),
    (re.compile(r"^ROUT?I?NE?$"), "ROUTINE"),
]


def precedence_word(word: str) -> str:
    """The canonical precedence a recipient-line word stands for, or ``""``."""
    for pattern, canonical in _PRECEDENCE_WORDS:
        if pattern.match(word.upper()):
            return canonical
    return ""


MONTHS = {
    "JAN": 1,
    "FEB": 2,
    "MAR": 3,
    "APR": 4,
    "MAY": 5,
    "JUN": 6,
    "JUL": 7,
    "AUG": 8,
    "SEP": 9,
    "OCT": 10,
    "NOV": 11,
    "DEC": 12,
}

# Classification words as they open the classification line, spaced-out forms included.
CLASSIFICATIONS = [
    (re.compile(r"^UNCLAS(?:SIFIED)?\b"), "UNCLASSIFIED"),
    (re.compile(r"^LIMITED\s+OFFICIAL\s+USE\b"), "LIMITED OFFICIAL USE"),
    (re.compile(r"^C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L\b"), "CONFIDENTIAL"),
    (re.compile(r"^T\s?O\s?P\s+S\s?E\s?C\s?R\s?E\s?T\b"), "TOP SECRET"),
    (re.compile(r"^S\s?E\s?C\s?R\s?E\s?T\b"), "SECRET"),
]

# Handling caveats that may follow the classification or stand on their own line.
CAVEATS = ("SIPDIS", "NOFORN", "SENSITIVE", "NODIS", "EXDIS", "LIMDIS", "STADIS", "ORCON")

# Originator prefixes of the FM line and the readable name WikiLeaks gives them.
ORIGIN_PREFIXES = [
    ("AMEMBASSY", "Embassy"),
    ("AMCONSUL", "Consulate"),
    ("USMISSION", "Mission"),
    ("AMEMB", "Embassy"),
    ("AMCONGEN", "Consulate"),
]

ORIGIN_NAMES = {
    "SECSTATE WASHDC": "Secretary of State",
}

# Words kept in capitals when an origin is title-cased.
_UPPER_WORDS = {"USUN", "USEU", "UNVIE", "USNATO", "USOSCE", "USTR", "RPO", "AIT", "US", "UN"}
_LOWER_WORDS = {"of", "and", "the"}


def title_place(words: str) -> str:
    """``NEW YORK`` -> ``New York``; ``THE HAGUE`` -> ``The Hague``."""
    out = []
    for index, word in enumerate(words.split()):
        if word in _UPPER_WORDS:
            out.append(word)
        elif index and word.lower() in _LOWER_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(out)


def origin_name(origin: str) -> str:
    """A readable name for an FM-line originator: ``AMEMBASSY ASTANA`` -> ``Embassy Astana``."""
    origin = " ".join(origin.upper().split())
    if origin in ORIGIN_NAMES:
        return ORIGIN_NAMES[origin]
    for prefix, kind in ORIGIN_PREFIXES:
        if origin.startswith(prefix + " "):
            return f"{kind} {title_place(origin[len(prefix) + 1 :])}"
    return title_place(origin)
