"""import_omastadi_proposals: Decidim-like CSV and JSON into a round, areas from points, default pins."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from budgeting.models import Proposal
from budgeting.omastadi import OmaStadiFileError, read_omastadi
from budgeting.services import omastadi_proposals_import

from .conftest import CENTRAL_STATION, ESPOO, ITAKESKUS, make_round, suurpiiri

HEADER = "id;title/fi;body/fi;latitude;longitude;scope/name/fi;state;budget_amount"
PIN = (24.941, 60.171)  # a spot in Eteläinen, as Decidim's map centre would be


def csv_row(pid, *, lonlat=CENTRAL_STATION, area="Eteläinen", state="evaluating", budget="15 000 €", title=None):
    lat, lon = ("", "") if lonlat is None else (lonlat[1], lonlat[0])
    return f"{pid};{title or f'Ehdotus {pid}'};\"<p>Penkkejä &amp; valoja</p>\";{lat};{lon};{area};{state};{budget}"


def write_csv(tmp_path, rows, name="proposals.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(path, **options) -> str:
    out = StringIO()
    call_command("import_omastadi_proposals", path, year=2025, stdout=out, **options)
    return out.getvalue()


def test_a_decidim_csv_is_imported_into_the_round(budget_round, tmp_path):
    out = run(write_csv(tmp_path, [csv_row(101), csv_row(102, lonlat=ITAKESKUS, area="Itäinen", state="accepted")]))
    first = Proposal.objects.get(origin_id="decidim:101")
    assert first.round == budget_round and first.area == suurpiiri("1") and not first.all_helsinki
    assert first.description == "Penkkejä & valoja" and first.estimated_cost == 15000
    assert first.status == Proposal.Status.SUBMITTED and first.author.username == "omastadi-import"
    assert not first.author.is_active and not first.author.has_usable_password()
    second = Proposal.objects.get(origin_id="decidim:102")
    assert (second.area, second.status) == (suurpiiri("7"), Proposal.Status.ACCEPTED)
    assert out.strip().endswith("2 created, 0 updated, 0 unchanged, 0 without a location")


def test_a_rerun_changes_nothing_and_a_changed_title_updates(budget_round, tmp_path):
    path = write_csv(tmp_path, [csv_row(101), csv_row(102)])
    run(path)
    assert run(path).strip().endswith("0 created, 0 updated, 2 unchanged, 0 without a location")
    out = run(write_csv(tmp_path, [csv_row(101, title="Uusi otsikko"), csv_row(102)]))
    assert out.strip().endswith("0 created, 1 updated, 1 unchanged, 0 without a location")
    assert Proposal.objects.count() == 2 and Proposal.objects.get(origin_id="decidim:101").title == "Uusi otsikko"


def test_the_point_decides_the_area_and_a_different_label_is_reported(budget_round, tmp_path):
    out = run(write_csv(tmp_path, [csv_row(7, lonlat=CENTRAL_STATION, area="Itäinen")]))
    assert Proposal.objects.get().area == suurpiiri("1")
    assert "Proposal 7 (Ehdotus 7): the point lies in Southern (suurpiiri 1), the file says Itäinen." in out
    assert "; 1 in another area than their label" in out


def test_a_label_of_a_merged_area_is_no_mismatch(budget_round, tmp_path):
    out = run(write_csv(tmp_path, [csv_row(8, lonlat=ITAKESKUS, area="Östersundom")]))
    assert Proposal.objects.get().area == suurpiiri("7")
    assert "the file says" not in out


@pytest.mark.parametrize(
    ("sharing", "located"),
    [(4, True), (5, False), (6, False)],
    ids=["one below the default-pin count", "at it", "one above"],
)
def test_coordinates_shared_by_five_proposals_are_a_default_pin(budget_round, tmp_path, sharing, located):
    # Exactly `sharing` proposals on one point, labelled with another area than the point's.
    out = run(write_csv(tmp_path, [csv_row(n, lonlat=PIN, area="Itäinen") for n in range(1, sharing + 1)]))
    proposals = Proposal.objects.all()
    if located:
        assert {p.area for p in proposals} == {suurpiiri("1")}
        assert all(p.location is not None for p in proposals)
        assert "Default pin" not in out
    else:
        # Unlocated: the area the label names, no point.
        assert {p.area for p in proposals} == {suurpiiri("7")}
        assert all(p.location is None for p in proposals)
        assert f"Default pin: {sharing} proposals at 60.171000, 24.941000; read as without a location." in out
        assert f"{sharing} without a location" in out


def test_an_unlocated_proposal_goes_to_its_label_else_to_all_of_helsinki(budget_round, tmp_path):
    run(
        write_csv(
            tmp_path,
            [csv_row(1, lonlat=None, area="Kaakkoinen"), csv_row(2, lonlat=None, area=""), csv_row(3, lonlat=None, area="Koko Helsinki")],
        )
    )
    one, two, three = (Proposal.objects.get(origin_id=f"decidim:{n}") for n in (1, 2, 3))
    assert (one.area, one.all_helsinki) == (suurpiiri("6"), False)
    assert (two.area, two.all_helsinki) == (None, True)
    assert (three.area, three.all_helsinki) == (None, True)
    assert one.geometry is not None and two.geometry is None


def test_a_point_outside_helsinki_is_reported_and_unlocated(budget_round, tmp_path):
    out = run(write_csv(tmp_path, [csv_row(5, lonlat=ESPOO, area="Läntinen")]))
    proposal = Proposal.objects.get()
    assert (proposal.area, proposal.location) == (suurpiiri("2"), None)
    assert "Proposal 5 (Ehdotus 5): the point is outside Helsinki." in out


def test_an_unknown_label_is_reported(budget_round, tmp_path):
    out = run(write_csv(tmp_path, [csv_row(5, lonlat=None, area="Kuu")]))
    assert Proposal.objects.get().all_helsinki
    assert "Proposal 5 (Ehdotus 5): the area 'Kuu' is not one of the round's." in out


def test_a_decidim_json_with_wkt_points(budget_round, tmp_path):
    data = [
        {
            "id": 301,
            "title": {"fi": "Kuntoportaat", "sv": "Trappor"},
            "body": {"fi": "<p>Rinteeseen</p>"},
            "location": f"POINT({ITAKESKUS[0]} {ITAKESKUS[1]})",
            "scope": {"name": {"fi": "Itäinen"}},
            "state": "rejected",
            "budget_amount": 80000,
        }
    ]
    path = tmp_path / "proposals.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run(str(path))
    proposal = Proposal.objects.get(origin_id="decidim:301")
    assert (proposal.title, proposal.description, proposal.area) == ("Kuntoportaat", "Rinteeseen", suurpiiri("7"))
    assert proposal.status == Proposal.Status.REJECTED and proposal.moderation_reason
    assert proposal.location.transform(4326, clone=True).coords == pytest.approx(ITAKESKUS)


def test_dry_run_saves_nothing(budget_round, tmp_path):
    out = run(write_csv(tmp_path, [csv_row(1)]), dry_run=True)
    assert "1 created" in out and "(dry run: nothing was saved)" in out
    assert not Proposal.objects.exists()
    assert not get_user_model().objects.filter(username="omastadi-import").exists()


def test_a_bad_budget_stops_the_whole_file(budget_round, tmp_path):
    path = write_csv(tmp_path, [csv_row(1), csv_row(2, budget="paljon")])
    with pytest.raises(
        CommandError,
        match=r"^Row 2 \(proposal 2\): the budget 'paljon' is not an amount of euros\. Nothing was imported\.$",
    ):
        run(path)
    assert not Proposal.objects.exists()


def test_a_duplicate_id_is_refused():
    data = "\n".join([HEADER, csv_row(1), csv_row(1)]).encode()
    with pytest.raises(OmaStadiFileError, match=r"^Row 2: proposal 1 appears twice in the file\.$"):
        read_omastadi(data)


def test_a_proposal_of_another_round_is_not_moved(budget_round, demo_areas):
    proposals = read_omastadi("\n".join([HEADER, csv_row(1)]).encode())
    omastadi_proposals_import(round=budget_round, proposals=proposals)
    other = make_round(2026)
    from budgeting.services import OmaStadiImportError

    with pytest.raises(OmaStadiImportError, match=r"^Proposal 1 was imported into another round \(OmaStadi 2025\)\.$"):
        omastadi_proposals_import(round=other, proposals=proposals)


def test_a_default_pin_matches_to_six_decimals(budget_round, tmp_path):
    # Five proposals whose points differ in the seventh decimal (~1 cm) share one pin.
    rows = [csv_row(n, lonlat=(PIN[0] + n * 1e-8, PIN[1]), area="Itäinen") for n in range(1, 6)]
    out = run(write_csv(tmp_path, rows))
    assert all(p.location is None for p in Proposal.objects.all())
    assert "Default pin: 5 proposals at 60.171000, 24.941000" in out


def test_a_moderation_done_here_survives_a_reimport(budget_round, tmp_path):
    from budgeting.services import proposal_moderate

    path = write_csv(tmp_path, [csv_row(101), csv_row(102), csv_row(103, state="accepted")])
    run(path)
    moderated = Proposal.objects.get(origin_id="decidim:101")
    proposal_moderate(proposal=moderated, status=Proposal.Status.REJECTED, reason="Ei kaupungin maalla.")
    # 103's acceptance in OmaStadi is also what a planner here chose: nothing to report for it.
    proposal_moderate(proposal=Proposal.objects.get(origin_id="decidim:103"), status=Proposal.Status.ACCEPTED)
    out = run(write_csv(tmp_path, [csv_row(101, title="Uusi otsikko"), csv_row(102, state="rejected"), csv_row(103, state="accepted")]))
    moderated.refresh_from_db()
    # The file's other fields still update it; its status and public reason stay as moderated here.
    assert (moderated.title, moderated.status, moderated.moderation_reason) == (
        "Uusi otsikko", Proposal.Status.REJECTED, "Ei kaupungin maalla."
    )
    # 101 is named (the file says open, here it is rejected); 103 is not (accepted in both).
    assert [line.split(":")[0] for line in out.splitlines() if "moderated here" in line] == ["Proposal 101"]
    # Not moderated here: the file's state applies, as on the first import.
    assert Proposal.objects.get(origin_id="decidim:102").status == Proposal.Status.REJECTED
    assert out.strip().endswith("0 created, 2 updated, 1 unchanged, 0 without a location")


def test_a_file_state_that_differs_from_the_moderation_here_is_named_not_applied(budget_round, tmp_path):
    from budgeting.services import MSG_MODERATED_HERE, proposal_moderate

    run(write_csv(tmp_path, [csv_row(101)]))
    proposal = Proposal.objects.get()
    proposal_moderate(proposal=proposal, status=Proposal.Status.ACCEPTED)
    out = run(write_csv(tmp_path, [csv_row(101, state="withdrawn")]))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert str(MSG_MODERATED_HERE).format(id="101", status=proposal.get_status_display(), file="withdrawn") in out
    assert out.strip().endswith("0 created, 0 updated, 1 unchanged, 0 without a location")
