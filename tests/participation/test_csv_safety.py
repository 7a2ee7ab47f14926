"""The participation CSVs go through geo_osallisuus.csv_output: no formula, both dialects."""

from __future__ import annotations

import csv
import io

from initiatives.models import Initiative

from .test_participation import crafted  # noqa: F401 - fixture

INJECTION = "=cmd|' /C calc'!A0 Kallio"


def _rows(text: str, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_initiative_report_escapes_a_residents_formula(api_client, crafted):
    Initiative.objects.filter(pk=crafted["answered"].pk).update(title=INJECTION, actions="-1+1")
    rows = _rows(api_client.get("/api/v1/participation/initiative-report.csv", {"year": 2025, "half": 1}).content.decode())
    row = next(r for r in rows if r["initiative_id"] == str(crafted["answered"].pk))
    assert row["title"] == "'" + INJECTION and row["actions"] == "'-1+1"
    assert row["supports"] == "0"


def test_initiative_report_for_excel(api_client, crafted):
    response = api_client.get("/api/v1/participation/initiative-report.csv", {"year": 2025, "half": 1, "dialect": "excel"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffperiod;sector;area_code;")
    assert {r["title"] for r in _rows(text[1:], ";")} >= {"Valot Kallioon", "Penkit Kallioon"}


def test_an_unknown_dialect_is_a_400(api_client, crafted):
    response = api_client.get("/api/v1/participation/areas.csv", {"year": 2025, "dialect": "lotus"})
    assert response.status_code == 400 and "Parameter dialect must be rfc4180 or excel" in response.json()["detail"]


def test_participation_for_excel_has_decimal_commas(api_client, crafted):
    response = api_client.get("/api/v1/participation/areas.csv", {"year": 2025, "half": 1, "dialect": "excel"})
    keskinen = next(r for r in _rows(response.content.decode()[1:], ";") if r["area_code"] == "3")
    # 3 feedback requests in the half year per 2 000 residents: 1.50 per 1 000.
    assert keskinen["feedback"] == "3" and keskinen["feedback_per_1000"] == "1,50"


def test_the_report_page_shows_states_in_the_pages_language(client, crafted):
    finnish = client.get("/osallistuminen/aloiteraportti/?year=2025&half=1").content.decode()
    assert 'data-state="answered">vastattu</span>' in finnish and 'data-state="submitted">jätetty</span>' in finnish
    assert "– answered" not in finnish and "– submitted" not in finnish
    swedish = client.get("/sv/osallistuminen/aloiteraportti/?year=2025&half=1").content.decode()
    assert 'data-state="answered">besvarat</span>' in swedish


def test_the_pages_offer_both_dialects_and_say_which_is_which(client, crafted):
    for path in ("/en/osallistuminen/aloiteraportti/", "/en/osallistuminen/"):
        page = client.get(path + "?year=2025&half=1").content.decode()
        assert 'half=1&amp;dialect=excel" data-csv="excel">Download for Excel (CSV, semicolons, decimal comma)</a>' in page
        assert 'half=1" data-csv="rfc4180">Download as CSV for programs (RFC 4180, commas, decimal point)</a>' in page
    finnish = client.get("/osallistuminen/?year=2025&half=1").content.decode()
    assert "Lataa Exceliin (CSV, puolipisteet, desimaalipilkku)" in finnish
