from datetime import date

import pytest
from django.urls import reverse

from cases.models import Cable, Case, Outlet, Paragraph, Tag


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without collectstatic's manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def paragraph(db):
    cable = Cable.objects.create(reference_id="08ASTANA1246", subject="MEDIA REPORTS")
    Tag.objects.create(code="KCRM")
    return cable.paragraphs.create(
        ordinal=2, number="2", anchor="p2", text="March 14, Interfax: a smuggling ring."
    )


@pytest.fixture
def interfax(db):
    return Outlet.objects.create(slug="interfax", name="Interfax")


@pytest.fixture
def case(paragraph, interfax):
    return Case.objects.create(
        cable=paragraph.cable,
        paragraph=paragraph,
        reported_on=date(2008, 3, 14),
        outlet=interfax,
        category="UZBEKISTANIS IN KAZAKHSTAN",
    )


def case_form(case, **changes):
    """The change form's data as the admin would post it back, with ``changes``."""
    data = {
        "paragraph": case.paragraph_id,
        "is_published": "on" if case.is_published else "",
        "reported_on": case.reported_on.isoformat() if case.reported_on else "",
        "outlet": case.outlet_id or "",
        "category": case.category,
    }
    return {**data, **changes}


def test_admin_redirects_anonymous_users_to_login(client):
    """The admin is for staff: anonymous visitors are sent to the login page."""
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", [Cable, Paragraph, Case, Outlet, Tag])
def test_admin_lists_and_searches(admin_client, case, model):
    """Every model's change list answers, with and without a search."""
    url = reverse(f"admin:cases_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "interfax"}).status_code == 200


def test_cable_change_page_shows_paragraphs_read_only(admin_client, paragraph):
    """The cable page shows its paragraphs inline without letting staff edit them."""
    response = admin_client.get(reverse("admin:cases_cable_change", args=[paragraph.cable_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "a smuggling ring" in html
    assert 'name="paragraphs-0-text"' not in html
    assert 'name="content_hash"' not in html


def test_staff_edit_marks_fields_as_curated(admin_client, case):
    """Correcting a case's category records it in curated_fields, and nothing else."""
    url = reverse("admin:cases_case_change", args=[case.pk])
    response = admin_client.post(url, case_form(case, category="LABOR TRAFFICKING"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.category == "LABOR TRAFFICKING"
    assert case.curated_fields == ["category"]


def test_staff_edits_accumulate_curated_fields(admin_client, case):
    """Later corrections add to the curated fields already recorded."""
    url = reverse("admin:cases_case_change", args=[case.pk])
    admin_client.post(url, case_form(case, category="LABOR TRAFFICKING"))
    case.refresh_from_db()
    admin_client.post(url, case_form(case, reported_on="2008-03-15", outlet=""))
    case.refresh_from_db()
    assert case.curated_fields == ["category", "outlet", "reported_on"]


def test_staff_added_case_is_a_staff_case_of_the_paragraphs_cable(admin_client, case):
    """A case added in the admin is marked as staff-entered, on its paragraph's cable."""
    response = admin_client.post(
        reverse("admin:cases_case_add"),
        {"paragraph": case.paragraph_id, "is_published": "on", "category": "SECOND CASE"},
    )
    assert response.status_code == 302
    added = Case.objects.get(category="SECOND CASE")
    assert added.source == Case.Source.STAFF
    assert added.cable == case.paragraph.cable
