"""WSGI entry point for the Cable Case Archive: the web process (gunicorn, gunicorn.conf.py).

It marks the process as serving web requests, so that its database connections carry the
statement timeout that commands (imports, migrations) run without (archive/settings.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("ARCHIVE_WEB_PROCESS", "1")

application = get_wsgi_application()
