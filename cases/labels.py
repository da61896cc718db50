"""Readable labels for the codes that case fields store (used by the catalog and the pages)."""

from .extraction import EXPLOITATION_TYPES, MEANS_OF_CONTROL, SECTORS


def code_label(code: str, labels: dict[str, str]) -> str:
    return labels.get(code) or code.replace("_", " ").capitalize()


def sector_label(code: str) -> str:
    return code_label(code, SECTORS)


def exploitation_type_label(code: str) -> str:
    return code_label(code, EXPLOITATION_TYPES)


def means_of_control_label(code: str) -> str:
    return code_label(code, MEANS_OF_CONTROL)
