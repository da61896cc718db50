from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model

from cases.models import Cable, Case


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
