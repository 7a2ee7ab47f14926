"""/exports/*.csv (written in Python from a server-side cursor) through geo_osallisuus.csv_output."""

from __future__ import annotations

import csv
import io

import pytest

from tests.cases import factories

pytestmark = pytest.mark.usefixtures("ogc_world")


def _rows(text: str, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_exports_escape_imported_titles_and_keep_coordinates_numeric(client):
    case = factories.case(title="@SUM(1+1)*cmd|' /C calc'!A0", geometry=factories.at(0.0, 0.0))
    rows = _rows(_streamed(client.get("/exports/cases.csv")))
    assert next(r for r in rows if r["id"] == str(case.pk))["title"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    excel = _streamed(client.get("/exports/spaces.csv", {"dialect": "excel"}))
    assert excel.startswith("\ufeffid;")
    first = _rows(excel[1:], ";")[0]
    lon = first["lon"]
    assert "," in lon and "." not in lon and 24 < float(lon.replace(",", ".")) < 26


def test_exports_refuse_an_unknown_dialect(client):
    response = client.get("/exports/spaces.csv", {"dialect": "lotus"})
    assert response.status_code == 400 and "Parameter dialect must be rfc4180 or excel" in response.content.decode()
