"""Each importer run from the admin's services: the preview saves nothing, the import what the command would.

Real files from ../shared/data where there are (skipped when absent); the spaces and
paper-ballot files are made here, in the shapes the service map and the polling places use.
"""

from __future__ import annotations

import json

import pytest

from areas.models import Area
from budgeting.models import Ballot
from cases.models import Case
from imports.services import ImportRefused, import_commit, import_preview
from spaces.models import Space
from tests.budgeting.conftest import budget_round, make_project, make_user, set_phase, suurpiiri  # noqa: F401 (fixtures)
from tests.spaces.test_spaces import unit

pytestmark = pytest.mark.django_db


def test_real_osa_alueet(shared_data, planner):
    content = (shared_data / "divisions-2022" / "gispo_osa_alueet.geojson").read_bytes()
    preview = import_preview(importer="divisions", content=content, file_name="gispo_osa_alueet.geojson", options={}, user=planner)
    assert preview.outcome == "previewed", preview.summary
    assert "148 created" in preview.summary
    assert not Area.objects.filter(division__slug="osa-alue").exists()
    run = import_commit(run_id=preview.pk, user=planner)
    assert run.outcome == "imported" and "148 created" in run.summary
    assert Area.objects.get(division__slug="osa-alue", code="020").name_fi == "Kluuvi"


def test_a_division_the_file_does_not_name_is_refused_with_the_reason(shared_data, planner):
    content = (shared_data / "wfs-gml-3879" / "Opev_ooa_alaaste_suomi.gml").read_bytes()
    run = import_preview(importer="divisions", content=content, file_name="ooa.gml", options={}, user=planner)
    assert run.outcome == "refused" and "Cannot tell which division" in run.summary


def test_real_population_latest_year(shared_data, planner, demo_areas):
    content = (shared_data / "population" / "population_by_suurpiiri_2018_2023.csv").read_bytes()
    Area.objects.filter(division__slug="suurpiiri").update(population=None, population_year=None)
    preview = import_preview(
        importer="population", content=content, file_name="population.csv", options={"division": "suurpiiri"}, user=planner
    )
    assert preview.outcome == "previewed", preview.summary
    assert set(Area.objects.filter(division__slug="suurpiiri").values_list("population", flat=True)) == {None}
    import_commit(run_id=preview.pk, user=planner)
    assert set(Area.objects.filter(division__slug="suurpiiri").values_list("population_year", flat=True)) == {2023}


def test_real_ahjo_listing(shared_data, planner):
    content = (shared_data / "ahjo" / "listing-real.json").read_bytes()
    cases = len(json.loads(content)["cases"])
    preview = import_preview(
        importer="ahjo", content=content, file_name="listing-real.json", options={"geolocate": False}, user=planner
    )
    assert preview.outcome == "previewed", preview.summary
    assert Case.objects.count() == 0
    run = import_commit(run_id=preview.pk, user=planner)
    assert run.outcome == "imported" and Case.objects.count() == cases


def test_spaces_have_no_dry_run_of_their_own_yet_the_preview_saves_nothing(planner, demo_areas):
    content = json.dumps({"results": [unit(), unit(2, location=None)]}).encode()
    preview = import_preview(importer="spaces", content=content, file_name="units.json", options={}, user=planner)
    assert preview.outcome == "previewed", preview.summary
    assert "1 created" in preview.summary and "1 skipped" in preview.summary
    assert not Space.objects.filter(name_fi="Kallion kirjasto").exists()
    import_commit(run_id=preview.pk, user=planner)
    assert Space.objects.get(name_fi="Kallion kirjasto").street_address == "Viides linja 11"


def test_paper_ballots_in_the_counting_phase_for_an_area_of_the_round(planner, budget_round, make_project):
    project = make_project(area_code="1")
    round = set_phase(budget_round, "counting")
    content = f"reference,projects\nP-1,{project.pk}\n".encode()
    options = {"year": round.year, "area": "1"}
    preview = import_preview(importer="paper_ballots", content=content, file_name="p.csv", options=options, user=planner)
    assert preview.outcome == "previewed", preview.summary
    assert not Ballot.objects.filter(paper_reference="P-1").exists()
    import_commit(run_id=preview.pk, user=planner)
    assert Ballot.objects.get(paper_reference="P-1").area == suurpiiri("1")

    refused = import_preview(
        importer="paper_ballots", content=content, file_name="p.csv", options={"year": round.year, "area": "99"}, user=planner
    )
    assert refused.outcome == "refused" and refused.summary == f"Round {round.year} has no area with code '99'."
    refused = import_preview(
        importer="paper_ballots", content=content, file_name="p.csv", options={"year": 1999, "area": "1"}, user=planner
    )
    assert refused.summary == "There is no budget round for 1999."


def test_a_run_not_previewed_is_not_imported(planner, demo_areas):
    run = import_preview(importer="spaces", content=b"not json", file_name="units.json", options={}, user=planner)
    assert run.outcome == "refused"
    with pytest.raises(ImportRefused, match="already been imported or refused"):
        import_commit(run_id=run.pk, user=planner)
