#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that read or write migration files and sign nothing: they run without a secret
# key (`makemigrations --check` on a fresh checkout, as CI runs it). Every other command,
# and the server, refuses to start without one (archive/settings.py).
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "squashmigrations"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        os.environ.setdefault("DJANGO_SECRET_KEY", "unused-" + "x" * 50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
