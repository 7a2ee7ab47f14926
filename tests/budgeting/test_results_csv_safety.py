"""The results CSV goes through geo_osallisuus.csv_output: a project title is never a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

from budgeting import voting

from .conftest import set_phase, suurpiiri


def _rows(text: str, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_budgeting_results_escape_a_project_title(api_client, budget_round, make_voter, make_project):
    project = make_project(title="+SUM(A1:A9)")
    voting.ballot_cast(voter=make_voter(), round=budget_round, area=suurpiiri("1"), project_ids=[project.pk], today=date(2025, 10, 15))
    set_phase(budget_round, "results")
    text = api_client.get(f"/api/v1/budgeting/rounds/{budget_round.pk}/results/csv/").content.decode()
    row = next(r for r in _rows(text) if r["project_id"] == str(project.pk))
    assert row["title"] == "'+SUM(A1:A9)" and row["votes"] == "1"
