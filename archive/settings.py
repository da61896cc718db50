"""Settings for the Cable Case Archive, driven by environment variables.

Development defaults are safe: DEBUG is off unless DJANGO_DEBUG is set, and a secret key
must be given whenever DEBUG is off. SQLite is used unless DATABASE_URL names another
database (PostgreSQL in production).
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"
# The key signs sessions and CSRF tokens: a short one can be guessed. Django's own deploy
# check asks for 50 characters, 5 of them different. Only the test suite may sign its
# throwaway sessions with anything (pytest sets PYTEST_VERSION while it runs).
MIN_SECRET_KEY_LENGTH = 50
if (
    not DEBUG
    and (len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or len(set(SECRET_KEY)) < 5)
    and "PYTEST_VERSION" not in os.environ
):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too short: give at least {MIN_SECRET_KEY_LENGTH} random "
        "characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "axes",
    "cases",
]

MIDDLEWARE = [
    # First: the client's address and scheme, from trusted proxies only (archive/proxies.py).
    "archive.proxies.TrustedProxyMiddleware",
    "archive.middleware.RejectNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "archive.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which database a request reads: a replica for the public, the primary for staff.
    "archive.replicas.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Attributes history entries made during a request (an admin upload) to its user.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login first and refuses it while its user and address are
# locked out; ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request uses it again: one the database
        # (or a restart, or a proxy) dropped is replaced instead of failing the request.
        conn_health_checks=True,
    )
}
# How long a web request waits for the database (PostgreSQL). Connecting: libpq's
# connect_timeout, whole seconds, 2 at least; a server that accepts and never answers is
# given up after it. A statement: statement_timeout, enforced by the server; the slowest
# page measured at a million cases takes 0.3 s of SQL and an export's first rows well under
# a second, so 5 s only ever stops a query stuck behind a lock or a sick server, well
# before gunicorn's 30 s worker timeout. Commands (imports, migrations) run without it:
# see WEB_PROCESS below.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000"))
# Set by archive/wsgi.py: this process serves web requests (gunicorn), not a command.
WEB_PROCESS = env_bool("ARCHIVE_WEB_PROCESS")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings for the archive's queries, sent when connecting (no extra query).
    # A search for a common word matches and ranks 100,000 cases at a million: sorting them
    # needs more than the default 4 MB of working memory (or it sorts on disk), and reading
    # their rows is 30% faster split between the machine's cores, which the planner
    # only does when handing rows between processes is costed as cheap as it is. JIT
    # compilation costs 10 ms a query and never repays it here. DATABASE_SESSION_OPTIONS
    # replaces these.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = os.environ.get(
        "DATABASE_SESSION_OPTIONS",
        "-c work_mem=32MB -c jit=off -c parallel_setup_cost=10 -c parallel_tuple_cost=0.001",
    )
    options["connect_timeout"] = max(2, DATABASE_CONNECT_TIMEOUT)
    # A server that stops acknowledging what is sent (host down, network cut) is given up
    # after 10 s, and an idle kept connection is probed, rather than waited on for the
    # kernel's 15 minutes.
    options.update(keepalives=1, keepalives_idle=30, keepalives_interval=5, keepalives_count=3)
    options["tcp_user_timeout"] = 10_000
    if WEB_PROCESS and DATABASE_STATEMENT_TIMEOUT_MS:
        options["options"] += f" -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"

# Read-only copies of the database (PostgreSQL streaming replicas), comma-separated URLs:
# anonymous GET and HEAD requests read one of them; staff, the admin, every write and the
# commands (imports) use the primary (archive/replicas.py).
DATABASE_REPLICA_ALIASES = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 0)
    )
    DATABASES[_alias]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    # Tests read the primary under the replica's name (there is nothing to replicate).
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICA_ALIASES.append(_alias)
DATABASE_ROUTERS = ["archive.replicas.ReplicaRouter"]

# The facet index of the case lists, written once per machine and mapped by every worker
# (cases/catalog/index_file.py), in a folder per database under FACET_INDEX_DIR. Builds run
# in a process of their own beside the workers ("process"), or in the asking thread
# ("inline": tests, and databases other processes cannot open).
FACET_INDEX_DIR = os.environ.get(
    "FACET_INDEX_DIR", str(Path(tempfile.gettempdir()) / "cable-archive-index")
)
FACET_INDEX_BUILD = os.environ.get("FACET_INDEX_BUILD", "process")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and development run without collectstatic; whitenoise then serves from the finders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Set behind HTTPS in production (README, "Deployment").
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT")
# The load balancer's health check may come over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")

# Reverse proxies whose forwarding headers are believed (archive/proxies.py): addresses or
# networks. From any other peer, X-Forwarded-* headers are dropped.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
PROXY_CLIENT_HEADER = os.environ.get("DJANGO_PROXY_CLIENT_HEADER", "X-Forwarded-For")
if TRUSTED_PROXIES:
    # Safe: TrustedProxyMiddleware has removed this header unless a trusted proxy sent it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp; Django 5.2 has none of its own): scripts and styles
# from the archive's own static files only, never inline. A <script> whose type is not a
# JavaScript type (application/ld+json) is a data block: browsers never run it and never
# check it against script-src (HTML, "prepare the script element"), so structured data
# needs neither a hash nor a nonce. Nonces would not do here anyway: pages are cached whole.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The favicon is an empty data: URL (base.html).
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page uses; the copy buttons write to the clipboard of this origin.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "clipboard-write": ["self"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Failed admin logins: after this many from one address, whatever user names it tries
# (password spraying), or for one user name, from wherever (a guesser with many
# addresses), logins are refused for the cooling-off period. Kept in the database, so every
# process sees them.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client's address as TrustedProxyMiddleware leaves it: never a header anyone can send.
AXES_CLIENT_IP_CALLABLE = "archive.proxies.client_ip"

# Cable files uploaded in the admin, all files of one upload together.
CABLE_UPLOAD_MAX_BYTES = int(os.environ.get("CABLE_UPLOAD_MAX_MB", "20")) * 1024 * 1024

# Exports running at once (cases/web/throttling.py): in all, and from one client. Beyond
# them an export is answered 429 with Retry-After. Keep the total below gunicorn's workers,
# so that pages always have one. Slots are lock files, shared by the processes of a host.
EXPORTS_MAX_CONCURRENT = int(os.environ.get("CABLE_EXPORTS_MAX", "2"))
EXPORTS_MAX_PER_CLIENT = int(os.environ.get("CABLE_EXPORTS_PER_CLIENT", "1"))
EXPORT_SLOTS_DIR = Path(
    os.environ.get("CABLE_EXPORT_SLOTS_DIR")
    or Path(tempfile.gettempdir())
    / f"cable-archive-exports-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]}"
)
EXPORT_RETRY_AFTER_SECONDS = 30

# Cases per page on the public list.
CASES_PER_PAGE = 25

# Public pages are cached per archive version (cases/web/caching.py): a page stays valid until
# the data changes, so the cache may keep it long; browsers revalidate after a minute.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", str(24 * 3600)))
# Kept in files, once per machine (archive/page_cache.py): a page one worker rendered is
# served by all, and no worker's memory grows with the pages it served. Keys carry the
# archive's version, so archives of one machine may share the folder.
PAGE_CACHE_DIR = os.environ.get(
    "PAGE_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"cable-archive-pages-{os.geteuid()}")
)
CACHES = {
    "default": {
        "BACKEND": "archive.page_cache.MachinePageCache",
        "LOCATION": PAGE_CACHE_DIR,
        # About 20 KB a page on disk (compressed); past this a third are dropped.
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
}
PAGE_MAX_AGE_SECONDS = int(os.environ.get("DJANGO_PAGE_MAX_AGE_SECONDS", "60"))
# A shared cache in front (a CDN) keeps a page this long, then revalidates it with its
# ETag (a 304 while the archive is unchanged): an edit reaches the public within it.
PAGE_SHARED_MAX_AGE_SECONDS = int(os.environ.get("DJANGO_PAGE_SHARED_MAX_AGE_SECONDS", "300"))

# The world outline the maps draw: the npm package world-atlas (Natural Earth), which
# `make install` installs with `npm ci`. Without it maps show their markers on a plain sea.
WORLD_ATLAS_DIR = Path(
    os.environ.get("WORLD_ATLAS_DIR", str(BASE_DIR / "node_modules" / "world-atlas"))
)
