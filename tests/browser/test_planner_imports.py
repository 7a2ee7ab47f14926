"""A planner imports a file from the admin: picks the importer, uploads, reads the preview, then imports."""

from __future__ import annotations

import re

import pytest

from areas.models import Area
from imports.models import ImportRun

from .test_planner_admin import PASSWORD, _planner

pytestmark = pytest.mark.django_db(transaction=True)

# Made-up figures for two suurpiirit, unlike the demo's real ones.
CSV = b"suurpiiri_tunnus,year,population\n1,2031,111111\n2,2031,222222\n"


def test_a_planner_previews_then_imports_a_population_file(browsing):
    _planner()
    before = Area.objects.get(division__slug="suurpiiri", code="1").population

    page = browsing.open("/admin/login/")
    page.fill("#id_username", "suunnittelija")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{browsing.base_url}/admin/")

    page = browsing.open("/admin/imports/importrun/add/")
    page.get_by_role("link", name="Population").click()
    page.set_input_files("input[name=file]", files=[{"name": "vaesto.csv", "mimeType": "text/csv", "buffer": CSV}])
    page.select_option("select[name=division]", "suurpiiri")
    page.get_by_role("button", name="Check the file (nothing is saved yet)").click()

    page.wait_for_url(re.compile(re.escape(f"{browsing.base_url}/admin/imports/importrun/") + r"\d+/change/$"))
    preview = page.locator("#import-preview")
    assert "Preview: nothing has been saved yet." in preview.inner_text()
    assert "111111" in preview.inner_text()
    assert Area.objects.get(division__slug="suurpiiri", code="1").population == before

    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_selector(".messagelist .success")
    assert "Imported vaesto.csv" in page.locator(".messagelist").inner_text()
    assert page.locator("#import-preview").count() == 0
    assert Area.objects.get(division__slug="suurpiiri", code="1").population == 111111
    run = ImportRun.objects.get()
    assert (run.outcome, run.file_name, run.user.username) == ("imported", "vaesto.csv", "suunnittelija")

    # The history lists it.
    page = browsing.open("/admin/imports/importrun/")
    assert "vaesto.csv" in page.locator("#result_list").inner_text()
    browsing.assert_clean()
