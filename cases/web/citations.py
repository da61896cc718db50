"""How to name and cite a case: its title, its cable's author, plain text and BibTeX."""

from dataclasses import dataclass
from datetime import date

from .. import labels
from ..models import Cable, Case

# Characters that TeX would read as markup, as BibTeX values must write them.
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)
BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def case_title(case: Case) -> str:
    """The case's title, made from its fields (``cases.labels.case_title``)."""
    return labels.case_title(case)


def cable_author(cable: Cable) -> str:
    """Who sent the cable, as a reader names them: "US Embassy Astana"."""
    name = cable.origin_name or cable.origin
    if not name:
        return "US Department of State"
    return name if name.startswith(("US", "U.S.")) else f"US {name}"


def bibtex_value(text: str) -> str:
    return text.translate(BIBTEX_ESCAPES)


@dataclass(frozen=True)
class Citation:
    key: str
    author: str
    title: str
    reference_id: str
    sent_on: date | None
    url: str

    @classmethod
    def of(cls, case: Case, url: str) -> "Citation":
        """The citation of ``case``, whose permalink is the absolute ``url``."""
        cable = case.paragraph.cable
        return cls(
            key=f"cablecase-{case.key}",
            author=cable_author(cable),
            title=case_title(case),
            reference_id=cable.reference_id,
            sent_on=cable.sent_at.date() if cable.sent_at else None,
            url=url,
        )

    def text(self) -> str:
        sent = f", {self.sent_on.day} {self.sent_on:%B %Y}" if self.sent_on else ""
        return (
            f"{self.author}, “{self.title}”, cable {self.reference_id}{sent}. "
            f"Cable Case Archive, {self.url}"
        )

    def bibtex(self) -> str:
        # Double braces keep an institution from being read as a person's name.
        fields = [
            ("author", f"{{{{{bibtex_value(self.author)}}}}}"),
            ("title", f"{{{bibtex_value(self.title)}}}"),
            ("howpublished", f"{{Diplomatic cable {bibtex_value(self.reference_id)}}}"),
        ]
        if self.sent_on:
            fields += [
                ("year", f"{{{self.sent_on.year}}}"),
                ("month", BIBTEX_MONTHS[self.sent_on.month - 1]),
            ]
        fields += [("note", "{Cable Case Archive}"), ("url", f"{{{self.url}}}")]
        body = ",\n".join(f"  {name} = {value}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}"
