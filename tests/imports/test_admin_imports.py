"""Imports from the admin: upload, dry-run preview of the summary, then the import; the history."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from areas.models import Area
from imports.models import ImportRun

pytestmark = pytest.mark.django_db

ADD = "/admin/imports/importrun/add/"
HEADER = "suurpiiri_tunnus,year,population\n"
# Made-up figures, unlike the demo's real ones, so that an import shows.
FIGURES = {"1": 1111, "2": 2222}


def population_csv(figures=FIGURES, year=2030) -> bytes:
    return (HEADER + "".join(f"{code},{year},{value}\n" for code, value in figures.items())).encode()


def populations() -> dict[str, tuple]:
    return {a.code: (a.population, a.population_year) for a in Area.objects.filter(division__slug="suurpiiri")}


def preview(client: Client, content: bytes, *, name="population.csv", importer="population", **options):
    data = {"importer": importer, "file": SimpleUploadedFile(name, content), "division": "suurpiiri", **options}
    return client.post(ADD, data)


def test_the_page_offers_the_five_importers(planner_client):
    page = planner_client.get(ADD).content.decode()
    for slug in ("divisions", "ahjo", "spaces", "population", "paper_ballots"):
        assert f"?importer={slug}" in page


def test_a_preview_shows_the_summary_and_saves_nothing_then_the_import_saves(planner_client, planner, demo_areas):
    before = populations()
    response = preview(planner_client, population_csv())
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/imports/importrun/{run.pk}/change/"
    assert populations() == before
    assert (run.outcome, run.importer, run.file_name, run.user) == ("previewed", "population", "population.csv", planner)
    assert run.checksum == hashlib.sha256(population_csv()).hexdigest()
    assert run.options["division"] == "suurpiiri"
    assert "dry run" in run.summary.lower() or "would" in run.summary.lower(), run.summary

    page = planner_client.get(response["Location"]).content.decode()
    assert "Preview: nothing has been saved yet." in page and run.summary.splitlines()[-1] in page
    assert f"/admin/imports/importrun/{run.pk}/commit/" in page

    response = planner_client.post(f"/admin/imports/importrun/{run.pk}/commit/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.outcome == "imported" and run.staged is None and run.finished_at is not None
    after = populations()
    assert (after["1"], after["2"]) == ((1111, 2030), (2222, 2030))
    # The import page of a run done offers no second import.
    assert "/commit/" not in planner_client.get(f"/admin/imports/importrun/{run.pk}/change/").content.decode()


def test_a_run_is_imported_once(planner_client, demo_areas):
    preview(planner_client, population_csv())
    run = ImportRun.objects.get()
    planner_client.post(f"/admin/imports/importrun/{run.pk}/commit/")
    Area.objects.filter(division__slug="suurpiiri", code="1").update(population=5)
    response = planner_client.post(f"/admin/imports/importrun/{run.pk}/commit/", follow=True)
    assert "already been imported" in response.content.decode()
    assert Area.objects.get(division__slug="suurpiiri", code="1").population == 5


def test_a_refused_file_shows_the_importers_reason_beside_the_field_and_is_recorded(planner_client, demo_areas):
    before = populations()
    response = preview(planner_client, population_csv({"99": 10}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported:" in page and "99" in page and "hds-text-input--invalid" in page
    run = ImportRun.objects.get()
    assert run.outcome == "refused" and run.staged is None and "99" in run.summary
    assert populations() == before


def test_the_error_is_in_the_readers_language(planner, demo_areas):
    client = Client(HTTP_ACCEPT_LANGUAGE="fi")
    client.force_login(planner)
    page = preview(client, population_csv({"99": 10})).content.decode()
    assert "Mitään ei tuotu" in page


def test_a_form_error_keeps_what_was_typed(planner_client, demo_areas):
    response = preview(planner_client, population_csv(), year="not a year", code_column="tunnus_x")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="tunnus_x"' in page and "Enter a whole number." in page
    assert ImportRun.objects.count() == 0


def test_no_file_is_a_form_error(planner_client, demo_areas):
    response = planner_client.post(ADD, {"importer": "population", "division": "suurpiiri"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_an_unknown_importer_asks_to_choose(planner_client):
    response = planner_client.post(ADD, {"importer": "users"})
    assert response.status_code == 200 and "Choose what to import." in response.content.decode()


def test_the_import_runs_on_the_previewed_bytes_even_if_the_database_changed_since(planner_client, demo_areas):
    """A preview that passed may be refused at import: then it is recorded and nothing is saved."""
    preview(planner_client, population_csv())
    run = ImportRun.objects.get()
    Area.objects.filter(division__slug="suurpiiri", code="2").delete()
    planner_client.post(f"/admin/imports/importrun/{run.pk}/commit/")
    run.refresh_from_db()
    assert run.outcome == "refused" and "2" in run.summary
    assert Area.objects.get(division__slug="suurpiiri", code="1").population != 1111


def test_the_history_is_read_only(planner_client, demo_areas):
    preview(planner_client, population_csv())
    run = ImportRun.objects.get()
    assert planner_client.get("/admin/imports/importrun/").status_code == 200
    page = planner_client.get(f"/admin/imports/importrun/{run.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert planner_client.post(f"/admin/imports/importrun/{run.pk}/change/", {}).status_code == 403
    assert planner_client.post(f"/admin/imports/importrun/{run.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ImportRun.objects.filter(pk=run.pk, outcome="previewed").exists()


def test_the_commit_answers_only_post(planner_client, demo_areas):
    preview(planner_client, population_csv())
    run = ImportRun.objects.get()
    assert planner_client.get(f"/admin/imports/importrun/{run.pk}/commit/").status_code == 405


def _upload_size(content: bytes) -> int:
    """The length of the multipart body the test client sends for this upload."""
    from django.test.client import BOUNDARY, encode_multipart

    data = {"importer": "population", "file": SimpleUploadedFile("population.csv", content), "division": "suurpiiri"}
    return len(encode_multipart(BOUNDARY, data))


@pytest.mark.parametrize("margin, status", [(0, 302), (1, 302), (-1, 413)])
def test_the_upload_limit_holds_at_its_edge(planner_client, demo_areas, settings, margin, status):
    """REQUEST_MAX_BYTES bounds an import's upload like any other: over it a 413 and nothing recorded."""
    settings.REQUEST_MAX_BYTES = _upload_size(population_csv()) + margin
    response = preview(planner_client, population_csv())
    assert response.status_code == status
    assert ImportRun.objects.count() == (1 if status == 302 else 0)
