"""Readable labels for the codes that case fields store."""


def code_label(code: str, labels: dict[str, str] | None = None) -> str:
    return (labels or {}).get(code) or code.replace("_", " ").capitalize()


def sector_label(code: str) -> str:
    return code_label(code)
