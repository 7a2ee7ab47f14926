"""Open-data downloads: GeoJSON and CSV streamed, GeoPackage written by ogr2ogr,
each with its licence and attribution and nothing personal."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
from django.conf import settings

from cases.models import Case
from luotsit.models import Luotsi
from spaces.models import Space

pytestmark = pytest.mark.usefixtures("ogc_world")


def body(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_geojson_export_is_streamed_with_licence_and_every_feature(client):
    response = client.get("/exports/cases.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert 'filename="cases.geojson"' in response["Content-Disposition"]
    assert 'rel="license"' in response["Link"]
    data = json.loads(body(response))
    assert data["license"] == "CC BY 4.0" and data["attribution"] == settings.OGC_ATTRIBUTION
    assert sorted(f["id"] for f in data["features"]) == sorted(Case.objects.values_list("pk", flat=True))


def test_csv_export_has_wkt_and_lon_lat_matching_the_database(client):
    response = client.get("/exports/spaces.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert len(rows) == Space.objects.count()
    for row in rows:
        point = Space.objects.get(pk=row["id"]).point.transform(4326, clone=True)
        assert row["wkt"].startswith("POINT(")
        assert abs(float(row["lon"]) - point.x) < 1e-6 and abs(float(row["lat"]) - point.y) < 1e-6
    cases = list(csv.DictReader(io.StringIO(body(client.get("/exports/cases.csv")).decode())))
    unplaced = next(r for r in cases if r["title"] == "Paikaton asia")
    assert unplaced["wkt"] == "" and unplaced["lon"] == ""


def test_exports_never_hold_unpublished_contacts(client):
    hidden = Luotsi.objects.active().filter(publish_email=False).exclude(email="")
    hidden_phones = Luotsi.objects.active().filter(publish_phone=False).exclude(phone="")
    assert hidden.exists() and hidden_phones.exists()
    for fmt in ("geojson", "csv"):
        text = body(client.get(f"/exports/luotsi-areas.{fmt}")).decode()
        for luotsi in hidden:
            assert luotsi.email not in text
        for luotsi in hidden_phones:
            assert luotsi.phone not in text
    assert "voter" not in body(client.get("/exports/luotsi-areas.csv")).decode().splitlines()[0]


def test_unknown_layer_is_404(client):
    response = client.get("/exports/ballots.geojson")
    assert response.status_code == 404 and response.json()["code"] == "NotFound"
    assert client.get("/exports/cases.shp").status_code == 404


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="gdal-bin is not installed (scripts/system-deps.sh)")
def test_geopackage_export_is_written_by_ogr2ogr_with_metadata(transactional_db, client, tmp_path):
    # transactional_db: ogr2ogr reads the database over its own connection.
    response = client.get("/exports/luotsi-areas.gpkg")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    target = tmp_path / "export.gpkg"
    target.write_bytes(b"".join(response.streaming_content))
    info = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(target)], capture_output=True, text=True, check=True).stdout
    expected = Luotsi.areas.through.objects.filter(luotsi__in=Luotsi.objects.active()).count()
    assert f"Feature Count: {expected}" in info
    assert "LICENSE=CC BY 4.0" in info and "ATTRIBUTION=" in info
    assert "TM35FIN" in info
    dump = subprocess.run(["ogrinfo", "-ro", "-al", str(target)], capture_output=True, text=True, check=True).stdout
    for luotsi in Luotsi.objects.filter(publish_email=False).exclude(email=""):
        assert luotsi.email not in dump
    spaces = client.get("/exports/spaces.gpkg")
    (tmp_path / "spaces.gpkg").write_bytes(b"".join(spaces.streaming_content))
    info = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(tmp_path / "spaces.gpkg")], capture_output=True, text=True, check=True
    ).stdout
    assert f"Feature Count: {Space.objects.count()}" in info
