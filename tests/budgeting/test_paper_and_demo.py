"""Paper ballots from CSV (all or nothing, idempotent) and the demo round."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.core.management import CommandError, call_command

from budgeting.demo import DEMO_YEAR
from budgeting.models import Ballot, BallotChoice, BudgetRound, Project
from budgeting.voting import PaperImportError, paper_ballots_import

from .conftest import set_phase, suurpiiri


@pytest.fixture
def projects(make_project):
    return {
        "east": make_project(area_code="7", title="East", cost=300_000),
        "east2": make_project(area_code="7", title="East 2", cost=300_000),
        "south": make_project(area_code="1", title="South"),
        "city": make_project(area_code=None, title="City"),
    }


def import_csv(round, text, code="7", today=None):
    """Import on `today`, by default the first day of the counting window."""
    today = today or round.voting_closes + timedelta(days=1)
    return paper_ballots_import(round=round, area=suurpiiri(code), text=text, today=today)


class TestPaperBallots:
    def test_import_and_reimport(self, budget_round, projects):
        text = f"reference,projects\nA-1,{projects['east'].pk};{projects['city'].pk}\nA-2,{projects['east2'].pk}\n"
        summary = import_csv(budget_round, text)
        assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
        again = import_csv(budget_round, text)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
        assert Ballot.objects.filter(channel="paper", area__code="7").count() == 2
        assert Ballot.objects.filter(voter__isnull=False).count() == 0

    def test_ostersundom_file_counts_for_itainen(self, budget_round, projects):
        import_csv(budget_round, f"reference,projects\nO-1,{projects['east'].pk}\n", code="8")
        assert Ballot.objects.get().area.code == "7"

    def test_one_bad_row_refuses_the_file_with_every_error(self, budget_round, projects):
        p = projects
        text = (
            "reference,projects\n"
            f"B-1,{p['east'].pk}\n"
            f"B-2,{p['south'].pk}\n"  # another area
            f"B-3,{p['east'].pk} {p['east2'].pk} {p['east'].pk}\n"  # twice
            "B-4,abc\n"
            f",{p['east'].pk}\n"
            f"B-1,{p['east'].pk}\n"
        )
        with pytest.raises(PaperImportError) as exc:
            import_csv(budget_round, text)
        errors = exc.value.errors
        assert len(errors) == 5
        assert errors[0].startswith("Line 3: Project") and "not in the area you vote in" in errors[0]
        assert errors[1] == "Line 4: Each project can be chosen only once."
        assert errors[2].startswith("Line 5: projects must be project ids")
        assert errors[3] == "Line 6: the reference is empty"
        assert errors[4] == "Line 7: reference B-1 appears twice in the file"
        assert not Ballot.objects.exists() and not BallotChoice.objects.exists()

    def test_over_budget_row(self, budget_round, projects, make_project):
        third = make_project(area_code="7", title="East 3", cost=300_000)
        ids = f"{projects['east'].pk};{projects['east2'].pk};{third.pk}"
        with pytest.raises(PaperImportError) as exc:
            import_csv(budget_round, f"reference,projects\nC-1,{ids}\n")
        assert "more than its" in exc.value.errors[0]

    def test_header_checked(self, budget_round):
        with pytest.raises(PaperImportError) as exc:
            import_csv(budget_round, "id;votes\n1;2\n")
        assert exc.value.errors[0].startswith("The file needs the columns reference and projects")

    def test_command(self, budget_round, projects, tmp_path):
        set_phase(budget_round, "counting")
        path = tmp_path / "itainen.csv"
        path.write_text(f"\ufeffreference,projects\nD-1,{projects['east'].pk}\n", encoding="utf-8")
        call_command("import_paper_ballots", str(path), year=2025, area="7", stdout=open(tmp_path / "out", "w"))
        assert (tmp_path / "out").read_text().strip() == "1 paper ballots created, 0 updated, 0 unchanged"
        with pytest.raises(CommandError, match="no area with code '99'"):
            call_command("import_paper_ballots", str(path), year=2025, area="99")
        path.write_text("reference,projects\nD-2,999999\n")
        with pytest.raises(CommandError, match="Nothing was imported:\nLine 2: Project 999999"):
            call_command("import_paper_ballots", str(path), year=2025, area="7")


def test_demo_round_is_deterministic_and_idempotent(demo_areas):
    def snapshot():
        round = BudgetRound.objects.get(is_demo=True, year=DEMO_YEAR)
        return (
            sorted(round.allocations.values_list("area__code", "amount"), key=lambda r: r[0] or ""),
            sorted(Project.objects.filter(round=round).values_list("title", "cost", "on_ballot")),
            Ballot.objects.filter(round=round).count(),
            sorted(BallotChoice.objects.filter(ballot__round=round).values_list("project__title", flat=True)),
        )

    call_command("load_demo_budgeting", stdout=open("/dev/null", "w"))
    first = snapshot()
    call_command("load_demo_budgeting", stdout=open("/dev/null", "w"))
    assert snapshot() == first
    assert BudgetRound.objects.count() == 3  # the past round, the one voting and the one taking proposals
    allocations, projects, ballots, _choices = first
    assert sum(amount for code, amount in allocations if code) == 3_520_000
    assert ballots > 200 and all(on_ballot for _t, _c, on_ballot in projects)
    # Issue 18, item 19: the demo's past round has its ballots dated in its own voting window, not today.
    round = BudgetRound.objects.get(is_demo=True, year=DEMO_YEAR)
    days = {timezone.localtime(stamp).date() for stamp in Ballot.objects.filter(round=round).values_list("cast_at", flat=True)}
    assert round.voting_opens <= min(days) and max(days) <= round.voting_closes
    updated = {timezone.localtime(s).date() for s in Ballot.objects.filter(round=round).values_list("updated_at", flat=True)}
    assert updated == days
    # The published result is stored, and its winners each have a vote (issue 18, items 4 and 5).
    budgets = round.result.budgets
    assert all(p["votes"] >= 1 for b in budgets for p in b["projects"] if p["funded"])
