from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from cases.models import ArchiveState, Cable, Case


@pytest.fixture
def case(db):
    cable = Cable.objects.create(
        reference_id="09RIGA1",
        sent_at=datetime(2009, 3, 1, tzinfo=UTC),
        origin_name="Embassy Riga",
        source_text="-",
        content_hash="-",
    )
    paragraph = cable.paragraphs.create(ordinal=1, anchor="p1", text="Police found six women.")
    return Case.objects.create(
        cable=cable,
        paragraph=paragraph,
        key=paragraph.take_case_key(),
        reported_on=date(2009, 1, 5),
        category="SEX",
    )


@pytest.mark.parametrize("url", ["/cases/", "/cases.json?category=SEX", "/cables/09RIGA1/"])
def test_repeated_page_costs_one_query(client, case, url, django_assert_num_queries):
    """A page asked for again while the archive is unchanged comes from the cache."""
    first = client.get(url)
    with django_assert_num_queries(1):  # the archive version
        again = client.get(url)
    assert again.content == first.content
    assert "public" in again["Cache-Control"] and again["ETag"] == first["ETag"]


def test_a_write_makes_the_cached_page_stale(client, case):
    """After any write the page is rendered anew, with another ETag."""
    first = client.get("/cases.json")
    Case.objects.filter(pk=case.pk).update(category="LABOUR")
    second = client.get("/cases.json")
    assert second.json()["results"][0]["category"] == "LABOUR"
    assert second["ETag"] != first["ETag"]


def test_unchanged_page_is_not_sent_again(client, case):
    """A browser that has the current version gets 304 Not Modified."""
    etag = client.get("/cases/").headers["ETag"]
    response = client.get("/cases/", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""


def test_errors_are_not_cached(client, case):
    """A 400 is checked again each time rather than served from the cache."""
    assert client.get("/cases/", {"month": "13"}).status_code == 400
    response = client.get("/cases/", {"month": "13"})
    assert response.status_code == 400 and "ETag" not in response


def test_staff_pages_are_not_cached(client, case):
    """Logged-in users see staff marks, so their pages are neither cached nor public."""
    user = get_user_model().objects.create_user("editor", is_staff=True)
    client.force_login(user)
    response = client.get("/cables/09RIGA1/")
    assert "ETag" not in response and "public" not in response.get("Cache-Control", "")


def test_public_pages_are_for_shared_caches_too(client, case, settings):
    """A cache in front (a CDN) may keep a public page for s-maxage, then revalidate it:
    the ETag carries the archive's version, and an edit changes it."""
    settings.PAGE_SHARED_MAX_AGE_SECONDS = 123
    response = client.get("/cases/")
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=123" in control and "max-age=60" in control
    version = ArchiveState.current_version()
    assert response["ETag"].startswith(f'"{version[:16]}-')
    revalidated = client.get("/cases/", headers={"If-None-Match": response["ETag"]})
    assert revalidated.status_code == 304 and "s-maxage=123" in revalidated["Cache-Control"]
    Case.objects.filter(pk=case.pk).update(category="LABOUR")
    edited = client.get("/cases/", headers={"If-None-Match": response["ETag"]})
    assert edited.status_code == 200 and edited["ETag"] != response["ETag"]


def test_a_page_of_an_index_awaiting_its_build_is_not_kept(client, case, monkeypatch):
    """While the facet index waits for a build (after a large import) its counts may be of
    before: the page is neither cached nor given an ETag, so no cache keeps it."""
    from cases.catalog import live_index

    client.get("/cases/")
    cache.clear()
    monkeypatch.setattr(live_index._live, "stale", True)
    response = client.get("/cases/")
    assert "ETag" not in response and "no-cache" in response["Cache-Control"]
    monkeypatch.setattr(live_index._live, "stale", False)
    assert "ETag" in client.get("/cases/")


def test_the_cache_keeps_each_host_and_scheme_apart(client, case, settings):
    """A page asked for under another allowed host name, or over HTTPS, is rendered with
    that host's permalinks, never served from the page cached for the first."""
    settings.ALLOWED_HOSTS = ["archive.example.org", "mirror.example.net"]
    url = f"/cases/{case.key}/"
    first = client.get(url, headers={"Host": "mirror.example.net"})
    assert b"http://mirror.example.net/cases/" in first.content
    second = client.get(url, headers={"Host": "archive.example.org"})
    assert b"http://archive.example.org/cases/" in second.content
    assert b"mirror.example.net" not in second.content
    assert second["ETag"] != first["ETag"]
    secure = client.get(url, headers={"Host": "archive.example.org"}, secure=True)
    assert b"https://archive.example.org/cases/" in secure.content
    assert b"http://archive" not in secure.content


def test_any_etag_matches_a_page_that_exists(client, case):
    """``If-None-Match: *`` is answered 304 for a page that exists, and weak tags match."""
    response = client.get("/cases/", headers={"If-None-Match": "*"})
    assert response.status_code == 304
    etag = client.get("/cases/").headers["ETag"]
    assert client.get("/cases/", headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get("/cables/NOSUCH/", headers={"If-None-Match": "*"}).status_code == 404


def test_a_page_rendered_by_one_worker_is_served_by_the_others(client, case, settings):
    """The cache is the machine's, not the process's: a cache opened anew over the same
    folder (as another worker opens it) holds the page one worker rendered."""
    from archive.page_cache import MachinePageCache
    from cases.web.caching import address_digest, page_key

    first = client.get("/cases/")
    digest = address_digest("http://testserver/cases/")
    key = page_key(ArchiveState.current_version(), "GET", digest)
    other_worker = MachinePageCache(settings.PAGE_CACHE_DIR, {})
    assert other_worker.get(key).content == first.content


def test_the_page_cache_refuses_a_folder_others_can_write(tmp_path):
    """The cached pages are pickles: a folder another user could write in would let them
    run code in the archive, so it is refused, as is a link in its place."""
    from django.core.exceptions import ImproperlyConfigured

    from archive.page_cache import MachinePageCache, private_folder

    created = tmp_path / "new"
    private_folder(str(created))
    assert created.stat().st_mode & 0o777 == 0o700

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(ImproperlyConfigured, match="writable by nobody else"):
        private_folder(str(shared))
    # What another user may have put there is never read, nor removed; nothing is written.
    writer = MachinePageCache(str(created), {})
    writer.set("page", "a page someone else wrote")
    refusing = MachinePageCache(str(shared), {})
    for path in created.iterdir():
        (shared / path.name).write_bytes(path.read_bytes())
    assert refusing.get("page") is None
    refusing.set("other", "x")
    refusing.clear()
    assert sorted(p.name for p in shared.iterdir()) == sorted(p.name for p in created.iterdir())

    link = tmp_path / "link"
    link.symlink_to(created)
    with pytest.raises(ImproperlyConfigured, match="not a folder"):
        private_folder(str(link))


def test_pages_of_the_code_before_a_deployment_are_not_served_after_it(tmp_path):
    """Cached files outlive a restart: the keys carry a fingerprint of the code, the
    templates and the static files, which any change to them changes."""
    from archive.page_cache import code_fingerprint

    template = tmp_path / "templates" / "page.html"
    template.parent.mkdir()
    template.write_text("<p>{{ case }}</p>")
    (tmp_path / "__pycache__").mkdir()
    before = code_fingerprint([tmp_path])
    (tmp_path / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"compiled")
    (tmp_path / "notes.log").write_text("not code")
    assert code_fingerprint([tmp_path]) == before
    template.write_text("<p>{{ case.title }}</p>")
    assert code_fingerprint([tmp_path]) != before


def test_the_page_cache_keys_carry_the_code_fingerprint(settings):
    from archive.page_cache import CODE_FOLDERS, code_fingerprint

    roots = [settings.BASE_DIR / name for name in CODE_FOLDERS]
    assert cache.make_key("page").startswith(code_fingerprint(roots))


def test_a_cache_that_fails_only_misses(client, case, settings, monkeypatch):
    """A file cut short or a full disk costs the cache, never the page."""
    import tempfile
    from pathlib import Path

    first = client.get("/cases/")
    files = list(Path(settings.PAGE_CACHE_DIR).glob("*.djcache"))
    assert files
    for path in files:
        path.write_bytes(path.read_bytes()[:40])  # the expiry, then half a page
    again = client.get("/cases/")
    assert again.status_code == 200 and again.content == first.content

    cache.clear()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", disk_full)
    assert client.get("/cases/").content == first.content
    assert not list(Path(settings.PAGE_CACHE_DIR).glob("*.djcache"))
