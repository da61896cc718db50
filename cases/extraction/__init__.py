"""Case extraction: paragraph text in, case fields out. Pure Python; never imports Django."""

from .cases import ExtractedCase, extract_cases
from .outlets import OutletName, OutletResolver

__all__ = ["ExtractedCase", "OutletName", "OutletResolver", "extract_cases"]
