"""A luotsi's assignment to an area that an import removes is reported, kept, and restored
when the code returns (issue 23)."""

from areas.models import Area, RemovedAreaLink
from luotsit.models import Luotsi
from tests.areas.samples import feature_collection, parent_squares, write_geojson


def _files(tmp_path):
    both = write_geojson(tmp_path / "both.geojson", feature_collection(parent_squares()))
    one = write_geojson(tmp_path / "one.geojson", feature_collection({"1": parent_squares()["1"]}))
    return both, one


def test_removal_reports_and_keeps_the_assignment_and_the_return_restores_it(run_import, tmp_path):
    both, one = _files(tmp_path)
    run_import(both, slug="suurpiiri")
    luotsi = Luotsi.objects.create(name="Maija Mallikas")
    luotsi.areas.add(Area.objects.get(division__slug="suurpiiri", code="2"))

    removed = run_import(one, slug="suurpiiri", allow_mass_delete=True)
    assert removed.links_removed == ["Alue 2 (2): luotsi Maija Mallikas (stadiluotsi)"]
    assert "; 1 assignments to removed areas dropped (they return with the area's code): Alue 2 (2): luotsi" in (
        removed.as_text()
    )
    assert luotsi.areas.count() == 0
    assert RemovedAreaLink.objects.count() == 1

    back = run_import(both, slug="suurpiiri")
    assert back.links_restored == 1
    assert "; 1 assignments restored to returning areas" in back.as_text()
    assert list(luotsi.areas.values_list("code", flat=True)) == ["2"]
    assert not RemovedAreaLink.objects.exists()


def test_an_import_that_removes_nothing_reports_no_assignments(run_import, tmp_path):
    both, _one = _files(tmp_path)
    run_import(both, slug="suurpiiri")
    luotsi = Luotsi.objects.create(name="Maija Mallikas")
    luotsi.areas.add(*Area.objects.filter(division__slug="suurpiiri"))
    summary = run_import(both, slug="suurpiiri")
    assert (summary.links_removed, summary.links_restored) == ([], 0)
    assert luotsi.areas.count() == 2


def test_a_dry_run_keeps_the_assignment(run_import, tmp_path):
    both, one = _files(tmp_path)
    run_import(both, slug="suurpiiri")
    luotsi = Luotsi.objects.create(name="Maija Mallikas")
    luotsi.areas.add(Area.objects.get(division__slug="suurpiiri", code="2"))
    summary = run_import(one, slug="suurpiiri", allow_mass_delete=True, dry_run=True)
    assert len(summary.links_removed) == 1
    assert luotsi.areas.count() == 1 and not RemovedAreaLink.objects.exists()


def test_a_luotsi_deleted_meanwhile_is_not_restored(run_import, tmp_path):
    both, one = _files(tmp_path)
    run_import(both, slug="suurpiiri")
    luotsi = Luotsi.objects.create(name="Maija Mallikas")
    luotsi.areas.add(Area.objects.get(division__slug="suurpiiri", code="2"))
    run_import(one, slug="suurpiiri", allow_mass_delete=True)
    luotsi.delete()
    assert run_import(both, slug="suurpiiri").links_restored == 0
    assert not RemovedAreaLink.objects.exists()
