from datetime import date

import pytest
from django import forms
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart
from django.urls import reverse, reverse_lazy

from cases import search_index
from cases.ingest.importer import import_paths, import_text
from cases.models import Cable, Case, Country, Outlet, Paragraph, Place, Tag
from cases.staff.forms import CURATED_NOTE

from .conftest import ARREST, ARREST_AGAIN, FARM

PASSWORD = "correct-horse-battery-staple"


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
def countries(db):
    return {
        code: Country.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in [("KZ", "Kazakhstan"), ("UZ", "Uzbekistan"), ("TJ", "Tajikistan")]
    }


@pytest.fixture
def case(paragraph, interfax):
    return Case.objects.create(
        cable=paragraph.cable,
        paragraph=paragraph,
        key=paragraph.take_case_key(),
        reported_on=date(2008, 3, 14),
        outlet=interfax,
        category="UZBEKISTANIS IN KAZAKHSTAN",
    )


def member_of(django_user_model, group: str, username: str):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return member_of(django_user_model, "editors", "erin")


@pytest.fixture
def viewer(django_user_model):
    return member_of(django_user_model, "viewers", "victor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def form_data(form, **changes):
    """What a browser posts back for ``form`` as rendered, with ``changes``."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = getattr(field.widget, "widget", field.widget)  # unwrap related widgets
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(widget, forms.NullBooleanSelect):
            data[name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def case_form(client, case, **changes):
    """The change form's data as the admin shows it to this client, with ``changes``."""
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    return form_data(response.context["adminform"].form, **changes)


def change_case(client, case, **changes):
    response = client.post(
        reverse("admin:cases_case_change", args=[case.pk]), case_form(client, case, **changes)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    return response


# Access


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/cases/case/", "/admin/cases/cable/import/", "/admin/cases/case/add/"],
)
def test_admin_redirects_anonymous_users_to_login(client, url):
    """The admin is for staff: anonymous visitors are sent to the login page."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_roles_are_created_with_their_permissions(db):
    """The data migration creates editors (change cases, import cables) and viewers (view only)."""
    editors = set(Group.objects.get(name="editors").permissions.values_list("codename", flat=True))
    viewers = set(Group.objects.get(name="viewers").permissions.values_list("codename", flat=True))
    assert {"change_case", "add_case", "import_cables", "view_cable"} <= editors
    assert not {"delete_cable", "delete_case", "change_cable"} & editors
    assert viewers and all(codename.startswith("view_") for codename in viewers)
    assert Permission.objects.filter(codename="import_cables").exists()


@pytest.mark.parametrize(
    "model, finds",
    [
        (Cable, "ASTANA1246"),
        (Cable, "media reports"),
        (Paragraph, "smuggling ring"),
        (Paragraph, "08ASTANA1246"),
        (Case, "08ASTANA1246-p2-1"),
        (Outlet, "interfax"),
        (Tag, "KCRM"),
        (Country, "Kazakh"),
        (Country, "UZ"),
        (Place, "Shymkent"),
        (Place, "geonames:1518980"),
    ],
)
def test_admin_lists_and_searches(admin_client, case, countries, model, finds):
    """Every model's change list answers, and its search finds by the fields staff know
    the row by, and finds nothing for words no row has."""
    Place.objects.create(key="geonames:1518980", slug="shymkent-kz", name="Shymkent", country="KZ")
    url = reverse(f"admin:cases_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200
    found = admin_client.get(url, {"q": finds})
    assert found.status_code == 200
    assert found.context["cl"].result_count >= 1, finds
    assert admin_client.get(url, {"q": "zqxj"}).context["cl"].result_count == 0


def test_viewer_sees_but_cannot_change_anything(viewer_client, case):
    """A viewer reads cases, cables and history, and every write is refused."""
    change_url = reverse("admin:cases_case_change", args=[case.pk])
    page = viewer_client.get(change_url)
    assert page.status_code == 200
    assert "UZBEKISTANIS IN KAZAKHSTAN" in page.content.decode()
    assert 'name="category"' not in page.content.decode()
    for url in [
        reverse("admin:cases_cable_change", args=[case.cable_id]),
        reverse("admin:cases_case_history", args=[case.pk]),
    ]:
        assert viewer_client.get(url).status_code == 200

    data = {"paragraph": case.paragraph_id, "category": "CHANGED", "outcome": "none"}
    assert viewer_client.post(change_url, data).status_code == 403
    assert viewer_client.post(reverse("admin:cases_case_add"), data).status_code == 403
    assert viewer_client.get(reverse("admin:cases_cable_import")).status_code == 403
    delete_url = reverse("admin:cases_case_delete", args=[case.pk])
    assert viewer_client.post(delete_url, {"post": "yes"}).status_code == 403
    viewer_client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "unpublish", "_selected_action": [case.pk]},
    )
    case.refresh_from_db()
    assert case.category == "UZBEKISTANIS IN KAZAKHSTAN"
    assert case.is_published and Case.objects.count() == 1


def test_viewer_cannot_revert_history(viewer_client, case):
    """Reverting to a past version is a change, refused to viewers."""
    version = case.history.earliest()
    url = reverse("admin:cases_case_simple_history", args=[case.pk, version.history_id])
    assert viewer_client.get(url).status_code == 200
    data = {"paragraph": case.paragraph_id, "category": "REVERTED", "outcome": "none"}
    assert viewer_client.post(url, data).status_code == 403
    case.refresh_from_db()
    assert case.category == "UZBEKISTANIS IN KAZAKHSTAN"


def test_only_superusers_delete_cables(editor_client, admin_client, case):
    """Cables cannot be deleted by editors; a superuser may."""
    url = reverse("admin:cases_cable_delete", args=[case.cable_id])
    assert editor_client.get(url).status_code == 403
    assert editor_client.get(reverse("admin:cases_case_delete", args=[case.pk])).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_public_pages_stay_read_only_for_editors(editor_client, case):
    """Logged-in staff cannot write through the public pages either."""
    assert editor_client.post(case.get_absolute_url()).status_code == 405


# Throttled logins


def login(client, username, password, address="127.0.0.1", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def test_login_works_through_the_throttle(client, editor):
    """A correct password logs an editor into the admin."""
    response = login(client, "erin", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_repeated_failed_logins_lock_out(client, settings, editor, viewer):
    """After the configured number of failures even the right password is refused: for that
    user name from anywhere, and for any user name from that address."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "erin", "wrong password").status_code == 200
    locked = login(client, "erin", "wrong password")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert login(client, "erin", PASSWORD).status_code == 429
    assert client.get("/admin/").status_code == 302
    assert login(client, "erin", PASSWORD, address="198.51.100.20").status_code == 429
    assert login(client, "victor", PASSWORD).status_code == 429
    assert login(client, "victor", PASSWORD, address="198.51.100.20").status_code == 302


def test_password_spraying_from_one_address_locks_it_out(client, settings, editor):
    """One guess each at many user names from one address locks that address out, the
    right password of a real user included; other addresses are not affected."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"user{number}", "Summer2024!", address="203.0.113.9")
    assert login(client, "erin", PASSWORD, address="203.0.113.9").status_code == 429
    assert login(client, "erin", PASSWORD, address="203.0.113.10").status_code == 302


def test_forwarded_addresses_are_believed_from_trusted_proxies_only(client, settings, editor):
    """A guesser cannot dodge the lock-out with made-up X-Forwarded-For headers; behind the
    configured proxy, each client is counted at its own address."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        spoofed = {"X-Forwarded-For": f"192.0.2.{number}"}
        login(client, f"user{number}", "guess", address="203.0.113.9", **spoofed)
    assert login(client, "erin", PASSWORD, address="203.0.113.9").status_code == 429

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for number in range(settings.AXES_FAILURE_LIMIT):
        behind = {"X-Forwarded-For": f"192.0.2.{number}, 198.51.100.7"}
        login(client, f"user{number}", "guess", address="10.0.0.2", **behind)
    # All those guesses came from 198.51.100.7, whatever its client claimed: it is locked
    # out, and another client behind the same proxy is not.
    other = {"X-Forwarded-For": "198.51.100.8"}
    assert login(client, "erin", PASSWORD, address="10.0.0.2", **other).status_code == 302
    again = {"X-Forwarded-For": "198.51.100.7"}
    assert login(client, "victor", PASSWORD, address="10.0.0.2", **again).status_code == 429


# Curated fields


def test_staff_edit_marks_fields_as_curated(admin_client, case):
    """Correcting a case's category records it in curated_fields, and nothing else."""
    change_case(admin_client, case, category="LABOR TRAFFICKING")
    assert case.category == "LABOR TRAFFICKING"
    assert case.curated_fields == ["category"]


def test_staff_edits_accumulate_curated_fields(admin_client, case):
    """Later corrections add to the curated fields already recorded."""
    change_case(admin_client, case, category="LABOR TRAFFICKING")
    change_case(admin_client, case, reported_on="2008-03-15", outlet="")
    assert case.curated_fields == ["category", "outlet", "reported_on"]


def test_many_to_many_and_list_corrections_are_curated(editor_client, case, countries):
    """Countries, places and list fields corrected by an editor are curated like the rest."""
    place = Place.objects.create(key="geonames:1", slug="aktau-kz", name="Aktau", country="KZ")
    change_case(
        editor_client,
        case,
        countries=[countries["KZ"].pk, countries["UZ"].pk],
        places=[place.pk],
        means_of_control=["withholds_documents", "debt_bondage"],
        ages="16; 45",
        amounts_usd="300; 1,500",
    )
    assert set(case.countries.values_list("code", flat=True)) == {"KZ", "UZ"}
    assert list(case.places.all()) == [place]
    assert case.means_of_control == ["withholds_documents", "debt_bondage"]
    assert case.ages == [16, 45]
    assert case.amounts_usd == [300.0, 1500.0]
    assert case.curated_fields == [
        "ages",
        "amounts_usd",
        "countries",
        "means_of_control",
        "places",
    ]


def test_resaving_unchanged_form_curates_nothing(editor_client, case, countries):
    """Saving the form as shown changes no field and marks nothing curated."""
    case.countries.set([countries["KZ"]])
    case.ages, case.amounts_usd = [16], [300.0]
    case.save()
    change_case(editor_client, case)
    assert case.curated_fields == []


def test_curated_fields_are_shown(editor_client, case):
    """The form marks each curated field, and the list shows which fields are curated."""
    change_case(editor_client, case, category="LABOR TRAFFICKING")
    page = editor_client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.context["adminform"].form.fields["category"].help_text.startswith(CURATED_NOTE)
    assert page.content.decode().count(CURATED_NOTE) == 1
    listing = editor_client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert '<td class="field-curated">Section</td>' in listing


def test_editor_correction_survives_reimport(editor_client, seed_cable, seed_text, countries):
    """A field corrected in the admin keeps its value when the cable is imported again,
    while fields nobody corrected follow the new import."""
    corrected = Case.objects.get(cable=seed_cable, paragraph__ordinal=2)
    other = Case.objects.get(cable=seed_cable, paragraph__ordinal=3)
    extracted_category = other.category
    change_case(
        editor_client,
        corrected,
        category="LABOUR SMUGGLING",
        countries=[countries["TJ"].pk],
    )
    Case.objects.filter(pk=other.pk).update(category="TAMPERED OUTSIDE THE ADMIN")

    changed = seed_text.replace("summary of human trafficking", "summary of trafficking")
    assert import_text(changed, "corrected.txt").status == "updated"

    corrected.refresh_from_db()
    other.refresh_from_db()
    assert corrected.category == "LABOUR SMUGGLING"
    assert list(corrected.countries.values_list("code", flat=True)) == ["TJ"]
    assert set(corrected.curated_fields) == {"category", "countries"}
    assert other.category == extracted_category


def test_release_action_hands_fields_back(editor_client, seed_cable):
    """Releasing curated fields empties the list, and the extractor fills them again."""
    case = Case.objects.get(cable=seed_cable, paragraph__ordinal=2)
    extracted = case.category
    change_case(editor_client, case, category="LABOR TRAFFICKING")
    response = editor_client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "release_curated_fields", "_selected_action": [case.pk]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.curated_fields == []
    assert case.category == extracted
    release = case.history.get(history_change_reason="Released to the extractor: category")
    assert release.history_user.username == "erin"


def test_release_one_field_on_the_form(editor_client, seed_cable):
    """Ticking a curated field under "Release to the extractor" releases that field only."""
    case = Case.objects.get(cable=seed_cable, paragraph__ordinal=2)
    extracted = case.category
    change_case(editor_client, case, category="LABOR TRAFFICKING", reported_on="2008-03-15")
    assert case.curated_fields == ["category", "reported_on"]
    change_case(editor_client, case, release_curated=["category"])
    assert case.curated_fields == ["reported_on"]
    assert case.category == extracted
    assert case.reported_on == date(2008, 3, 15)


# Creating cases


def test_staff_added_case_is_a_staff_case_of_the_paragraphs_cable(admin_client, case):
    """A case added in the admin is marked as staff-entered, on its paragraph's cable."""
    response = admin_client.post(
        reverse("admin:cases_case_add"),
        {
            "paragraph": case.paragraph_id,
            "is_published": "on",
            "category": "SECOND CASE",
            "outcome": "none",
            "minor": "unknown",
        },
    )
    assert response.status_code == 302
    added = Case.objects.get(category="SECOND CASE")
    assert added.source == Case.Source.STAFF
    assert added.cable == case.paragraph.cable
    assert added.curated_fields == []


def test_editor_creates_case_from_paragraph_with_suggestions(editor_client, seed_cable):
    """From a paragraph, the add form comes filled with the extractor's reading, and saving
    it creates the case in one step."""
    paragraph = seed_cable.paragraphs.get(ordinal=4)
    url = f"{reverse('admin:cases_case_add')}?paragraph={paragraph.pk}"
    response = editor_client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["reported_on"].value() == date(2008, 6, 4)
    assert Outlet.objects.get(pk=form["outlet"].value()).name == "Vremya"
    assert {"KZ", "UZ", "TJ"} <= set(form["countries"].value())
    assert form["exploitation"].value() == "labor"
    assert form["victim_count_min"].value() == 15
    assert "300" in form["amounts_usd"].value()
    assert form["summary"].value()
    html = response.content.decode()
    assert "meat-processing plant in Aman-Karagai" in html  # the paragraph beside the form

    created = editor_client.post(url, form_data(form, category="RESCUED WORKERS"))
    assert created.status_code == 302
    case = Case.objects.get(category="RESCUED WORKERS")
    assert case.source == Case.Source.STAFF
    assert case.paragraph == paragraph
    assert case.reported_on == date(2008, 6, 4)
    assert {"KZ", "UZ", "TJ"} <= set(case.countries.values_list("code", flat=True))
    assert case.history.count() == 1
    entry = case.history.get()
    assert (entry.history_type, entry.history_user.username) == ("+", "erin")


def test_candidate_paragraphs_offer_a_case(editor_client, paragraph):
    """The list of candidate paragraphs links each one to a new case from it."""
    paragraph.is_candidate = True
    paragraph.save()
    html = editor_client.get(
        reverse("admin:cases_paragraph_changelist"), {"is_candidate__exact": "1"}
    ).content.decode()
    assert f'href="/admin/cases/case/add/?paragraph={paragraph.pk}"' in html


# The change form


def test_source_paragraph_is_shown_beside_the_form_escaped(editor_client, case):
    """The change form shows the paragraph's text, escaped, with links to the public pages."""
    case.paragraph.text = "March 14, Interfax: <script>alert(1)</script> a ring."
    case.paragraph.save()
    html = editor_client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert '<aside class="case-editor-source"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert f'href="{case.paragraph.get_absolute_url()}"' in html
    assert f'href="{case.get_absolute_url()}"' in html


def test_extracted_case_keeps_its_paragraph(editor_client, case, paragraph):
    """The extractor's case stays on its paragraph: the field is read-only."""
    other = paragraph.cable.paragraphs.create(ordinal=3, anchor="p3", text="Another one.")
    change_case(editor_client, case, paragraph=str(other.pk))
    assert case.paragraph == paragraph


def test_case_list_searches_text_and_counts_facets(editor_client, case, paragraph):
    """The case list searches summary and paragraph text and shows counts beside filters."""
    Case.objects.create(
        cable=paragraph.cable,
        paragraph=paragraph,
        key=paragraph.take_case_key(),
        source="staff",
        summary="Brothel in Aktau.",
    )
    search_index.index_cases([paragraph.cable_id])
    url = reverse("admin:cases_case_changelist")
    by_text = editor_client.get(url, {"q": "smuggling"}).context["cl"]
    assert by_text.result_count == 2
    by_summary = editor_client.get(url, {"q": "brothel"}).context["cl"]
    assert [found.summary for found in by_summary.result_list] == ["Brothel in Aktau."]
    assert editor_client.get(url, {"q": str(case.pk)}).context["cl"].result_count == 1
    by_key = editor_client.get(url, {"q": case.key}).context["cl"]
    assert [found.pk for found in by_key.result_list] == [case.pk]
    html = editor_client.get(url).content.decode()
    assert "Entered by staff (1)" in html


# History


def test_history_shows_each_change_with_its_author(editor_client, case, countries):
    """Every change is one history entry naming its author, with field-by-field changes."""
    change_case(editor_client, case, category="LABOR TRAFFICKING", countries=[countries["KZ"].pk])
    entries = list(case.history.all())
    assert len(entries) == 2  # the state before, and the change
    assert entries[0].history_user.username == "erin"
    assert entries[1].history_user is None
    page = editor_client.get(reverse("admin:cases_case_history", args=[case.pk]))
    html = page.content.decode()
    assert "erin" in html
    assert "UZBEKISTANIS IN KAZAKHSTAN" in html and "LABOR TRAFFICKING" in html
    assert "Countries:</strong>" in html and "Kazakhstan" in html
    assert "Curated fields:</strong>" in html


def test_history_reverts_fields_and_countries(editor_client, case, countries):
    """Reverting to an earlier version restores its fields, countries and curated list."""
    case.countries.set([countries["UZ"]])
    change_case(editor_client, case, category="WRONG", countries=[countries["TJ"].pk])
    before = case.history.filter(history_user=None).latest()  # with the countries set
    url = reverse("admin:cases_case_simple_history", args=[case.pk, before.history_id])
    form = editor_client.get(url).context["adminform"].form
    assert form["countries"].value() == ["UZ"]
    response = editor_client.post(url, form_data(form))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.category == "UZBEKISTANIS IN KAZAKHSTAN"
    assert list(case.countries.values_list("code", flat=True)) == ["UZ"]
    assert case.curated_fields == []
    latest = case.history.latest()
    assert latest.history_user.username == "erin"
    assert latest.history_change_reason.startswith("Reverted to the version of")


# Publishing


def test_unpublish_and_publish_actions(editor_client, case):
    """Editors unpublish and republish cases; each change is in the history."""
    url = reverse("admin:cases_case_changelist")
    editor_client.post(url, {"action": "unpublish", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert not case.is_published
    assert case.history.latest().history_change_reason == "Unpublished"
    editor_client.post(url, {"action": "publish", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.is_published
    assert case.history.latest().history_user.username == "erin"


# Importing cables


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_upload_imports_good_files_and_lists_failures(editor_client, seed_text):
    """Uploading good and bad files imports the good ones and names each failure's reason."""
    url = reverse("admin:cases_cable_import")
    files = [
        upload("08ASTANA1246.txt", seed_text.encode()),
        upload("empty.txt", b""),
        upload("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        upload("notes.txt", b"Shopping list: bread, milk.\n"),
    ]
    response = editor_client.post(url, {"files": files})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.counts["created"] == 1 and report.counts["failed"] == 3
    reasons = {result.source: result.reason for result in report.failures}
    assert reasons["empty.txt"] == "the file is empty"
    assert reasons["picture.png"].startswith("binary file")
    assert reasons["notes.txt"].startswith("not a cable")
    html = response.content.decode()
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 3 failed" in html
    for name in reasons:
        assert f"<strong>{name}</strong>: " in html
    cable = Cable.objects.get(reference_id="08ASTANA1246")
    assert cable.source_name == "08ASTANA1246.txt"
    assert cable.cases.count() > 0

    again = editor_client.post(url, {"files": [upload("copy.txt", seed_text.encode())]})
    assert again.context["report"].counts["unchanged"] == 1


def test_upload_is_limited_in_size(editor_client, settings, seed_text):
    """An upload larger than the configured limit is refused whole."""
    settings.CABLE_UPLOAD_MAX_BYTES = 1000
    response = editor_client.post(
        reverse("admin:cases_cable_import"), {"files": [upload("big.txt", seed_text.encode())]}
    )
    assert response.status_code == 413
    assert response.context["report"] is None
    assert "an upload may hold at most" in response.content.decode()
    assert not Cable.objects.exists()


class CountingPayload(FakePayload):
    """A request body that counts the bytes the server reads of it."""

    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.bytes_read += len(data)
        return data


def post_upload(client, files: dict[str, bytes]) -> tuple[object, CountingPayload]:
    """POSTs the files as a browser would (CSRF token first), counting what is read."""
    page = client.get(reverse("admin:cases_cable_import"))
    token = page.context["csrf_token"]
    data = {"csrfmiddlewaretoken": str(token), "files": [upload(n, c) for n, c in files.items()]}
    body = encode_multipart(BOUNDARY, data)
    payload = CountingPayload(body)
    response = client.generic(
        "POST",
        reverse("admin:cases_cable_import"),
        body,
        content_type=MULTIPART_CONTENT,
        **{"wsgi.input": payload},
    )
    return response, payload


def test_an_upload_is_refused_as_soon_as_it_passes_the_limit(editor, settings, tmp_path):
    """Files that pass the limit are not read to their end, and nothing is kept on disk:
    reading stops within a chunk of the limit, and the page says why (413)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    settings.CABLE_UPLOAD_MAX_BYTES = 200_000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every file would go to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    files = {f"part{n}.txt": b"x" * 125_000 for n in range(2)}  # 250 KB, declared in all
    response, payload = post_upload(client, files)
    assert response.status_code == 413
    assert "reading stopped there" in response.content.decode()
    assert 200_000 < payload.bytes_read < 200_000 + 2 * 16 * 1024 < 250_000
    assert list(tmp_path.iterdir()) == []
    assert not Cable.objects.exists()


def test_an_upload_declared_too_large_is_not_read_at_all(editor_client, settings):
    """A body whose Content-Length is past the limit is answered 413 unread."""
    settings.CABLE_UPLOAD_MAX_BYTES = 100_000
    response, payload = post_upload(editor_client, {"big.txt": b"x" * 300_000})
    assert response.status_code == 413 and payload.bytes_read == 0


def test_an_upload_within_the_limit_is_imported_with_csrf_checked(seed_text, editor):
    """Within the limit, the upload is read and imported, and the CSRF token is still
    required."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response, _ = post_upload(client, {"08ASTANA1246.txt": seed_text.encode()})
    assert response.status_code == 200
    assert response.context["report"].counts["created"] == 1
    forged = client.post(
        reverse("admin:cases_cable_import"), {"files": [upload("x.txt", seed_text.encode())]}
    )
    assert forged.status_code == 403


def test_upload_link_shows_only_to_importers(editor_client, client, viewer):
    """The cable list offers the upload to users who may import, and not to viewers."""
    url = reverse("admin:cases_cable_changelist")
    assert "Import cable files" in editor_client.get(url).content.decode()
    client.force_login(viewer)
    assert "Import cable files" not in client.get(url).content.decode()


def test_cable_change_page_shows_paragraphs_read_only(admin_client, paragraph):
    """The cable page shows its paragraphs inline without letting staff edit them."""
    response = admin_client.get(reverse("admin:cases_cable_change", args=[paragraph.cable_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "a smuggling ring" in html
    assert 'name="paragraphs-0-text"' not in html
    assert 'name="content_hash"' not in html
    assert 'name="source_text"' not in html


# Suggested cases: the review queue


@pytest.fixture
def suggestions(db, extractor, prose_files):
    """A prose cable whose three cases the extractor is not sure enough of to publish."""
    extractor.finds((ARREST, 0.45), (FARM, 0.2), (ARREST_AGAIN, 0.3))
    import_paths([prose_files["06SANTIAGO438"]])
    return {case.excerpt: case for case in Case.objects.all()}


QUEUE = reverse_lazy("admin:cases_suggestedcase_changelist")


def test_queue_lists_suggestions_most_confident_first(editor_client, suggestions, seed_cable):
    """The queue holds the pending cases only, most confident first, each with its sentences
    marked in its paragraph and a link to its change page."""
    response = editor_client.get(QUEUE)
    assert response.status_code == 200
    listed = [case.excerpt for case in response.context["cl"].result_list]
    assert listed == [ARREST, ARREST_AGAIN, FARM]
    html = response.content.decode()
    assert f'<mark class="span-case">{ARREST}</mark>' in html
    arrest = suggestions[ARREST]
    change = reverse("admin:cases_case_change", args=[arrest.pk])
    assert f'<a href="{change}">{arrest.key}</a>' in html
    assert "Suggested cases" in editor_client.get("/admin/").content.decode()


def test_accept_and_reject_actions(editor_client, suggestions):
    """Accepting publishes a suggestion, rejecting keeps it unpublished for good; both are
    in the case's history under the editor's name."""
    arrest, farm = suggestions[ARREST], suggestions[FARM]
    editor_client.post(QUEUE, {"action": "accept", "_selected_action": [arrest.pk]})
    editor_client.post(QUEUE, {"action": "reject", "_selected_action": [farm.pk]})
    arrest.refresh_from_db()
    farm.refresh_from_db()
    assert (arrest.is_published, arrest.review) == (True, "accepted")
    assert (farm.is_published, farm.review) == (False, "rejected")
    for case, reason in ((arrest, "Accepted"), (farm, "Rejected")):
        latest = case.history.latest()
        assert (latest.history_change_reason, latest.history_user.username) == (reason, "erin")
        assert case.history.count() == 2
    listed = [case.excerpt for case in editor_client.get(QUEUE).context["cl"].result_list]
    assert listed == [ARREST_AGAIN]


def test_change_page_buttons_decide(editor_client, suggestions):
    """A suggestion's change page marks its sentences and offers Accept and Reject; a
    decision leads back to the queue."""
    arrest = suggestions[ARREST]
    change = reverse("admin:cases_case_change", args=[arrest.pk])
    html = editor_client.get(change).content.decode()
    accept = reverse("admin:cases_case_review", args=[arrest.pk, "accept"])
    reject = reverse("admin:cases_case_review", args=[arrest.pk, "reject"])
    assert f'action="{accept}"' in html and f'action="{reject}"' in html
    assert f'<mark class="span-case">{ARREST}</mark>' in html
    assert editor_client.get(accept).status_code == 405
    response = editor_client.post(accept)
    assert response.status_code == 302 and response["Location"] == str(QUEUE)
    arrest.refresh_from_db()
    assert (arrest.is_published, arrest.review) == (True, "accepted")
    html = editor_client.get(change).content.decode()
    assert f'action="{accept}"' not in html and f'action="{reject}"' in html


def test_viewers_see_the_queue_and_cannot_decide(viewer_client, suggestions):
    """Viewers read the queue and the change pages, without buttons; their decisions are
    refused."""
    arrest = suggestions[ARREST]
    assert viewer_client.get(QUEUE).status_code == 200
    html = viewer_client.get(reverse("admin:cases_case_change", args=[arrest.pk])).content
    assert b"/review/accept/" not in html
    viewer_client.post(QUEUE, {"action": "accept", "_selected_action": [arrest.pk]})
    reject = reverse("admin:cases_case_review", args=[arrest.pk, "reject"])
    assert viewer_client.post(reject).status_code == 403
    arrest.refresh_from_db()
    assert (arrest.is_published, arrest.review) == (False, "pending")


@pytest.mark.parametrize("again", ["reimport", "reextract"])
def test_decisions_survive_reimport_and_reextraction(
    editor_client, suggestions, extractor, prose_files, again
):
    """A rejected case never comes back published and an accepted one never goes back to
    pending, whatever confidence the extractor gives them later."""
    arrest, farm = suggestions[ARREST], suggestions[FARM]
    editor_client.post(QUEUE, {"action": "accept", "_selected_action": [arrest.pk]})
    editor_client.post(QUEUE, {"action": "reject", "_selected_action": [farm.pk]})
    extractor.finds((ARREST, 0.05), (FARM, 0.99), (ARREST_AGAIN, 0.3))
    if again == "reimport":
        path = prose_files["06SANTIAGO438"]
        path.write_text(path.read_text().replace("has no shelter", "opened a shelter"))
        assert import_paths([path]).counts["updated"] == 1
    else:
        call_command("reextract_cases")
    arrest.refresh_from_db()
    farm.refresh_from_db()
    assert (arrest.is_published, arrest.review) == (True, "accepted")
    assert (farm.is_published, farm.review) == (False, "rejected")
    assert Case.objects.count() == 3


def test_publishing_a_suggestion_accepts_it(editor_client, suggestions):
    """Publishing a suggestion, by the action or on its form, is staff accepting it."""
    arrest, farm = suggestions[ARREST], suggestions[FARM]
    url = reverse("admin:cases_case_changelist")
    editor_client.post(url, {"action": "publish", "_selected_action": [arrest.pk]})
    arrest.refresh_from_db()
    assert (arrest.is_published, arrest.review) == (True, "accepted")
    change_case(editor_client, farm, is_published="on")
    assert (farm.is_published, farm.review) == (True, "accepted")


def test_staff_case_is_keyed_in_its_paragraph_and_accepted(admin_client, case):
    """A case staff add takes the next key of its paragraph, is accepted, and is told in the
    whole paragraph."""
    admin_client.post(
        reverse("admin:cases_case_add"),
        {"paragraph": case.paragraph_id, "is_published": "on", "category": "X", "outcome": "none"},
    )
    added = Case.objects.get(category="X")
    assert (case.key, added.key) == ("08ASTANA1246-p2-1", "08ASTANA1246-p2-2")
    assert added.review == "accepted"
    assert added.excerpt == case.paragraph.text
    assert (added.span_start, added.span_end) == (0, len(case.paragraph.text))
