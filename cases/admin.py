"""Where Django looks for an app's admin: ours lives in ``cases.staff``."""

from .staff import admin  # noqa: F401
