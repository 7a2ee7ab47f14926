"""The importer on Helsinki's real open-data files in ../shared/data (skipped when absent)."""

import pytest
from django.core.management import call_command
from pyproj import Transformer

from areas.models import Area, DivisionType


@pytest.fixture
def osa_alueet(shared_data):
    return shared_data / "divisions-2022" / "gispo_osa_alueet.geojson"


def test_real_osa_alueet_import_and_reimport(db, osa_alueet, capsys):
    call_command("import_divisions", str(osa_alueet))
    first = capsys.readouterr().out
    assert "osa-alue: 148 created" in first
    kluuvi = Area.objects.get(division__slug="osa-alue", code="020")
    assert (kluuvi.name_fi, kluuvi.name_sv, kluuvi.full_code) == ("Kluuvi", "Gloet", "0911101020")
    assert not kluuvi.is_approximate
    # The sea-only osa-alue is kept: it is an area of the city like any other.
    assert Area.objects.filter(division__slug="osa-alue", name_fi="Aluemeri").exists()

    call_command("import_divisions", str(osa_alueet))
    assert "0 created, 0 updated, 148 unchanged, 0 removed" in capsys.readouterr().out


def test_real_areas_link_to_demo_parents_where_they_fit(demo_areas, osa_alueet):
    call_command("import_divisions", str(osa_alueet), verbosity=0)
    # The demo peruspiirit are the city's, simplified: every real osa-alue lies in
    # one but the sea-only Aluemeri, which the demo leaves out; each gets the right parent.
    real = Area.objects.filter(division__slug="osa-alue", is_approximate=False)
    linked = real.filter(parent__isnull=False)
    assert linked.count() == real.exclude(name_fi="Aluemeri").count() == 147
    assert not real.get(name_fi="Aluemeri").parent
    for area in linked:
        assert area.full_code[4:7] == area.parent.code


def test_demo_data_does_not_overwrite_real_areas(demo_areas, osa_alueet):
    call_command("import_divisions", str(osa_alueet), verbosity=0)
    real = Area.objects.get(division__slug="osa-alue", code="020").geometry
    call_command("load_demo_data", verbosity=0)
    assert Area.objects.get(division__slug="osa-alue", code="020").geometry.equals_exact(real, 1e-6)


def test_real_kaupunginosat_upper_case_names(db, shared_data):
    call_command("import_divisions", str(shared_data / "divisions-2022" / "gispo_kaupunginosat.geojson"), verbosity=0)
    areas = Area.objects.filter(division__slug="kaupunginosa")
    assert areas.count() > 50
    assert areas.get(code="20").name_fi == "Länsisatama"


def test_lookup_on_real_osa_alueet(api_client, db, osa_alueet):
    call_command("import_divisions", str(osa_alueet), verbosity=0)
    body = api_client.get("/api/v1/lookup/", {"lat": "60.1699", "lon": "24.9384"}).json()
    assert [a["name_fi"] for a in body["areas"] if a["division"] == "osa-alue"] == ["Kluuvi"]


def test_real_gml_in_gk25(db, shared_data):
    DivisionType.objects.create(slug="koulupiiri", name_fi="Oppilaaksiottoalue", level=60)
    path = shared_data / "wfs-gml-3879" / "Opev_ooa_alaaste_suomi.gml"
    call_command("import_divisions", str(path), "--division", "koulupiiri", verbosity=0)
    area = Area.objects.get(division__slug="koulupiiri")
    assert area.name_fi == "Testi peruskoulu 2023-2024"
    # The layer's .gfs gives its GK25 extent. Taken back to GK25 with pyproj
    # (independently of GDAL), the stored geometry must have that extent.
    to_3879 = Transformer.from_crs(3067, 3879, always_xy=True)
    xs, ys = to_3879.transform(*zip(*area.geometry.coords[0][0]))
    assert min(xs) == pytest.approx(25506216.82371, abs=0.01)
    assert max(xs) == pytest.approx(25511334.40710, abs=0.01)
    assert min(ys) == pytest.approx(6676844.46030, abs=0.01)
    assert max(ys) == pytest.approx(6680491.48868, abs=0.01)
