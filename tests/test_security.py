"""Headers, settings and templates that keep the archive safe to serve.

Content-Security-Policy and Permissions-Policy on every page, no inline script or style
left for the policy to refuse, forwarding headers believed from trusted proxies only, NUL
bytes refused at the door, a short secret key refused, and ``check --deploy`` clean with
the production environment the README documents.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from archive.proxies import TrustedProxyMiddleware, forwarded_client, networks

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

# The production environment of README.md, "Deployment" (the key is made up per run).
PRODUCTION = {
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://archive.example.org",
    "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
    "DJANGO_SECURE_COOKIES": "1",
    "DJANGO_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "DATABASE_URL": "postgres://archive@127.0.0.1:5432/cable_archive",
}

# An inline script that runs: any <script> without src whose type is JavaScript (no type,
# or a JavaScript one). JSON-LD and other data blocks are not scripts that run.
SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>", re.I)
DATA_TYPES = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def inline_code(html: str) -> list[str]:
    """The inline scripts, styles and event handlers a strict policy would refuse."""
    found = [
        match.group(0)
        for match in SCRIPT.finditer(html)
        if "src=" not in match["attributes"] and not DATA_TYPES.search(match["attributes"])
    ]
    found += INLINE_STYLE.findall(html) + INLINE_HANDLER.findall(html)
    return found


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**changes: str) -> dict[str, str]:
    env = {**os.environ, **PRODUCTION, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("DJANGO_DEBUG", None)
    env.pop("PYTEST_VERSION", None)  # not the test suite: production's rules apply
    env.update(changes)
    return env


PUBLIC_PAGES = [
    "/cases/",
    "/cases/?q=police&country=KZ",
    "/cases/facets/country/",
    "/cases/{case}/",
    "/cables/",
    "/cables/08ASTANA1246/",
    "/cases/feed/",
    "/robots.txt",
    "/healthz",
    "/cases.json",
    "/admin/login/",
    "/cases/NOPE-p1-1/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_has_a_strict_policy_and_no_inline_code(client, seed_cable, path):
    """Each page carries the Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval')
    and the Permissions-Policy, and holds no inline script, style or event handler."""
    key = seed_cable.cases.first().key
    response = client.get(path.format(case=key))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    if response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == []


def test_admin_pages_have_no_inline_code(admin_client, seed_cable):
    """The admin pages staff use, Django's own templates included, hold no inline script or
    style."""
    case = seed_cable.cases.first()
    paragraph = seed_cable.paragraphs.first()
    for path in [
        "/admin/",
        "/admin/cases/case/",
        f"/admin/cases/case/{case.pk}/change/",
        "/admin/cases/cable/",
        "/admin/cases/cable/import/",
        f"/admin/cases/paragraph/{paragraph.pk}/change/",
        "/admin/cases/suggestedcase/",
        "/admin/cases/country/",
    ]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert inline_code(response.content.decode()) == [], path


def test_templates_hold_no_inline_script_or_style():
    """No template of the archive writes inline script, style or event handlers."""
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert inline_code(text) == [], template


def test_a_json_ld_block_is_data_not_a_script():
    """Structured data (issue 15's JSON-LD) is a data block, which the policy needs not
    allow; a script without a type would be code, and is caught."""
    assert inline_code('<script type="application/ld+json">{"@type": "Thing"}</script>') == []
    assert inline_code("<script>alert(1)</script>") == ["<script>"]


def test_check_deploy_is_clean_in_the_documented_production_environment():
    """``manage.py check --deploy`` finds nothing to warn about with README's environment."""
    done = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize("key", ["abc", "a" * 60, "short-but-varied-key-1234567890"])
def test_a_weak_secret_key_is_refused(key):
    """Outside the test suite and without DEBUG, a key shorter than 50 characters or made
    of fewer than 5 different ones stops every command and the web process."""
    done = manage("check", env=production_env(DJANGO_SECRET_KEY=key))
    assert done.returncode != 0 and "DJANGO_SECRET_KEY is too short" in done.stderr


def test_production_settings_come_from_the_environment():
    """HSTS, the SSL redirect and the proxy's scheme header are set by the environment."""
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER,"
        " s.CSRF_TRUSTED_ORIGINS)"
    )
    done = manage("shell", "-v", "0", "-c", code, env=production_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.split(" ", 5)[:5] == ["31536000", "True", "True", "True", "True"]
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in done.stdout
    assert "https://archive.example.org" in done.stdout


def test_ssl_redirect_spares_the_health_check(client, settings, db):
    """With the SSL redirect on, pages over HTTP are redirected; /healthz answers as is."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/cases/").status_code == 301
    assert client.get("/healthz").status_code == 200


# Trusted proxies


def proxied(remote: str, **headers: str) -> dict:
    """The META a view sees after TrustedProxyMiddleware."""
    request = RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)
    seen = {}

    def view(request):
        seen.update(request.META)
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen


def test_forwarding_headers_from_an_untrusted_peer_are_dropped(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    meta = proxied("203.0.113.5", **{"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "https"})
    assert meta["REMOTE_ADDR"] == "203.0.113.5"
    assert "HTTP_X_FORWARDED_FOR" not in meta and "HTTP_X_FORWARDED_PROTO" not in meta


def test_a_trusted_proxy_gives_the_client_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    headers = {"X-Forwarded-For": "6.6.6.6, 198.51.100.7, 10.0.0.3", "X-Forwarded-Proto": "https"}
    meta = proxied("10.0.0.1", **headers)
    assert meta["REMOTE_ADDR"] == "198.51.100.7"  # not what the client wrote on the left
    assert meta["HTTP_X_FORWARDED_PROTO"] == "https"


def test_forwarded_client_reads_the_last_untrusted_hop():
    trusted = networks(["127.0.0.1", "10.0.0.0/8", "::1"])
    assert forwarded_client("198.51.100.7", trusted) == "198.51.100.7"
    assert forwarded_client("1.1.1.1, 198.51.100.7:5555, 10.1.1.1", trusted) == "198.51.100.7"
    assert forwarded_client("[2001:db8::1]:443", trusted) == "2001:db8::1"
    assert forwarded_client("10.0.0.2, 127.0.0.1", trusted) is None
    assert forwarded_client("not an address", trusted) is None


# NUL bytes


@pytest.mark.parametrize(
    "url", ["/admin/cases/case/?q=%00", "/cases/?q=a%00b", "/cables/%00/", "/cases/?%00=1"]
)
def test_nul_bytes_are_refused_before_any_view(admin_client, db, url):
    """A NUL anywhere in the path or query string is a 400, the admin's searches included."""
    assert admin_client.get(url).status_code == 400


# Health


def test_health_check_reports_the_database_and_the_index(client, seed_cable):
    """/healthz: 200 with the archive version and this process's facet index version,
    never cached, GET and HEAD only."""
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 200 and data["status"] == "ok"
    assert data["database"] == "ok" and data["archive_version"]
    client.get("/cases/")  # builds the index
    data = client.get("/healthz").json()
    assert data["index_version"] == data["archive_version"] and data["index_current"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405
