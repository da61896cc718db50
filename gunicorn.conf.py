"""gunicorn's settings for the Cable Case Archive (README, "Deployment").

    gunicorn -c gunicorn.conf.py archive.wsgi

Sync workers: each serves one request at a time, which suits a site whose pages are CPU
and database work, and a worker that hangs is killed and replaced without touching the
others. Values come from the environment where a deployment may want its own.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two or three per core. Each holds the facet index of the archive in memory (about 300 MB
# at a million cases): count memory before raising it. Exports may take at most
# CABLE_EXPORTS_MAX workers at once (2 by default), so keep at least one more than that.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
# A worker silent for this long is killed and replaced: the last guard against a request
# stuck where no database timeout reaches (archive/settings.py has the database's).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On reload (HUP) or stop (TERM), requests in flight get this long to finish.
graceful_timeout = 30
keepalive = 5
# Workers are replaced after a few thousand requests (memory held by long exports,
# fragmentation), at staggered times so that they never all restart at once.
max_requests = 2000
max_requests_jitter = 200
# Code and settings are loaded by each worker, not by the master: `kill -HUP <master>`
# then starts new workers with the new code and lets the old ones finish (graceful reload).
preload_app = False
# Facet-heavy list URLs are long; refuse anything longer than this (414).
limit_request_line = 8190
# The reverse proxies whose X-Forwarded-Proto gunicorn believes, as Django does
# (DJANGO_TRUSTED_PROXIES; archive/proxies.py drops forwarding headers from anyone else).
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
