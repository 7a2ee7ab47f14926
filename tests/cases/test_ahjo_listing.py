"""The Ahjo importer on real listings (issue 23): sub-cases kept and linked, a listing
without PublicityClass is public, the mass-delete guard at its limit, the incremental
window at its edges, --skip-bad, and a file name that is not content."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from cases.ahjo import parse_ahjo_document
from cases.models import Case, case_parent_id, normalise_case_id
from cases.services import CaseImportRefused, HandledWindow, ahjo_cases_import
from tests.cases.test_ahjo_import import ahjo_case, run, write

pytestmark = pytest.mark.usefixtures("demo_areas")
HELSINKI = ZoneInfo("Europe/Helsinki")


def real_listing(shared_data) -> list[dict]:
    return json.loads((shared_data / "ahjo" / "listing-real.json").read_text(encoding="utf-8"))["cases"]


def import_cases(cases: list[dict], **options):
    return ahjo_cases_import(cases=parse_ahjo_document(cases), source="test", geolocate=False, **options)


def handled(case_id: str, when: str) -> dict:
    """A case whose only handling is at `when` (Helsinki time), so its last_handled is `when`."""
    return ahjo_case(case_id, Handlings=[{"WorkSequenceNumber": 1, "Sector": "Kaupunkiympäristö", "Created": when}])


class TestSubCaseIds:
    @pytest.mark.parametrize(
        "value", ["HEL-2021-009907-Lausunto-1", "HEL 2021-009907 Lausunto 1", "hel 2021-009907 lausunto 01"]
    )
    def test_both_spellings_of_a_sub_case_normalise_to_the_label(self, value):
        assert normalise_case_id(value) == "HEL 2021-009907 Lausunto 1"
        assert case_parent_id(value) == "HEL 2021-009907"

    def test_a_case_of_its_own_has_no_parent(self):
        assert case_parent_id("HEL-2021-009907") is None

    @pytest.mark.parametrize(
        "value", ["HEL 2021-009907 Lausunto", "HEL 2021-009907 1", "HEL 2021-009907 Lausunto 12345"]
    )
    def test_half_a_suffix_is_refused(self, value):
        with pytest.raises(ValidationError, match="is not an Ahjo case id"):
            normalise_case_id(value)


class TestRealListing:
    def test_every_case_is_imported_sub_cases_linked_and_a_rerun_changes_nothing(self, shared_data):
        listing = real_listing(shared_data)
        subs = [c["CaseID"] for c in listing if "-Lausunto-" in c["CaseID"]]
        assert subs and all("PublicityClass" not in c for c in listing)
        # the page holds none of its sub-cases' parents: they come with the rest of the listing
        parents = sorted({case_parent_id(s) for s in subs})
        listing += [ahjo_case(parent.replace(" ", "-")) for parent in parents]

        summary = import_cases(listing)
        assert (summary.created, summary.not_public, summary.linked) == (len(listing), 0, len(subs))
        assert Case.objects.count() == len(listing)
        for sub in subs:
            case = Case.objects.get(case_id=normalise_case_id(sub))
            assert case.parent.case_id == case_parent_id(sub)

        again = import_cases(listing)
        assert (again.created, again.updated, again.unchanged, again.linked) == (0, 0, len(listing), 0)

    def test_a_parent_arriving_later_links_its_stored_sub_cases(self, shared_data):
        listing = real_listing(shared_data)
        assert import_cases(listing).linked == 0
        parent = ahjo_case("HEL-2021-010124")
        summary = import_cases(listing + [parent])
        assert (summary.created, summary.updated, summary.linked) == (1, 0, 2)
        assert sorted(Case.objects.get(case_id="HEL 2021-010124").sub_cases.values_list("case_id", flat=True)) == [
            "HEL 2021-010124 Lausunto 2",
            "HEL 2021-010124 Lausunto 4",
        ]

    def test_an_older_listing_deletes_nothing_without_the_flag_and_says_why(self, shared_data, tmp_path):
        listing = real_listing(shared_data)
        run(write(tmp_path, {"cases": listing}, "new.json"), no_geolocate=True)
        older = listing[: len(listing) // 2]
        with pytest.raises(CommandError) as error:
            run(write(tmp_path, {"cases": older}, "old.json"), no_geolocate=True)
        lacking = len(listing) - len(older)
        assert f"The listing lacks {lacking} of the {len(listing)} stored cases" in str(error.value)
        assert "needs --allow-mass-delete. Nothing was changed." in str(error.value)
        assert Case.objects.count() == len(listing)
        run(write(tmp_path, {"cases": older}, "old.json"), no_geolocate=True, allow_mass_delete=True)
        assert Case.objects.count() == len(older)


class TestPublicity:
    def test_no_class_is_public_and_an_explicit_other_class_is_left_out(self):
        no_class = ahjo_case("HEL-2024-000001")
        del no_class["PublicityClass"]
        cases = [
            no_class,
            ahjo_case("HEL-2024-000002", PublicityClass=None),
            ahjo_case("HEL-2024-000003", PublicityClass="Salassa pidettävä"),
        ]
        summary = import_cases(cases)
        assert (summary.created, summary.not_public) == (2, 1)
        assert set(Case.objects.values_list("case_id", flat=True)) == {"HEL 2024-000001", "HEL 2024-000002"}


def ids(*numbers) -> list[dict]:
    return [ahjo_case(f"HEL-2024-{n:06d}") for n in numbers]


class TestMassDeleteGuard:
    # Ten stored cases, share 0.2: removing two (= 0.2 × 10) is the limit and passes, three is over.
    @pytest.mark.parametrize("missing", [1, 2])
    def test_at_and_inside_the_share_the_missing_are_removed(self, missing):
        import_cases(ids(*range(1, 11)))
        summary = import_cases(ids(*range(1, 11 - missing)), max_delete_share=0.2)
        assert summary.removed_missing == missing and Case.objects.count() == 10 - missing

    def test_outside_the_share_nothing_changes(self):
        import_cases(ids(*range(1, 11)))
        with pytest.raises(CaseImportRefused) as error:
            import_cases(ids(*range(1, 8), 99), max_delete_share=0.2)
        assert str(error.value) == (
            "The listing lacks 3 of the 10 stored cases it covers (HEL 2024-000008, HEL 2024-000009, "
            "HEL 2024-000010); removing more than 20% needs --allow-mass-delete. Nothing was changed."
        )
        assert Case.objects.count() == 10 and not Case.objects.filter(case_id="HEL 2024-000099").exists()

    def test_a_dry_run_says_so_too(self, tmp_path):
        run(write(tmp_path, ids(1, 2), "a.json"), no_geolocate=True)
        with pytest.raises(CommandError, match="The listing lacks 2 of the 2 stored cases"):
            run(write(tmp_path, ids(3), "b.json"), no_geolocate=True, dry_run=True)

    def test_allowed_it_removes_them(self):
        import_cases(ids(*range(1, 11)))
        assert import_cases(ids(1), max_delete_share=0.2, allow_mass_delete=True).removed_missing == 9

    def test_demo_cases_are_outside_a_real_listing(self):
        import_cases(ids(1), is_demo=True)
        import_cases(ids(2))
        assert Case.objects.count() == 2

    @pytest.mark.parametrize(
        "language, words",
        [
            ("fi", "Listauksesta puuttuu 2 sen kattamista 2 tallennetusta asiasta"),
            ("sv", "Listan saknar 2 av de 2 lagrade ärenden den omfattar"),
        ],
    )
    def test_the_message_is_finnish_and_swedish(self, tmp_path, language, words):
        run(write(tmp_path, ids(1, 2), "a.json"), no_geolocate=True)
        with translation.override(language), pytest.raises(CommandError) as error:
            run(write(tmp_path, ids(3), "b.json"), no_geolocate=True)
        assert words in str(error.value) and "--allow-mass-delete" in str(error.value)


class TestHandledWindow:
    SINCE = datetime(2026, 11, 23, tzinfo=HELSINKI)
    BEFORE = datetime(2026, 11, 30, tzinfo=HELSINKI)

    def stored(self):
        import_cases([
            handled("HEL-2024-000001", "2026-11-22T23:59:59"),  # just before the window
            handled("HEL-2024-000002", "2026-11-23T00:00:00"),  # on handledsince: inside
            handled("HEL-2024-000003", "2026-11-29T23:59:59"),  # inside
            handled("HEL-2024-000004", "2026-11-30T00:00:00"),  # on handledbefore: outside
            ahjo_case("HEL-2024-000005"),  # never handled: outside every window
        ])

    def test_the_window_deletes_only_inside_it_edges_included_since_excluded_before(self):
        self.stored()
        summary = import_cases(
            [], window=HandledWindow(since=self.SINCE, before=self.BEFORE), allow_mass_delete=True
        )
        assert summary.removed_missing == 2
        assert sorted(Case.objects.values_list("case_id", flat=True)) == [
            "HEL 2024-000001", "HEL 2024-000004", "HEL 2024-000005",
        ]

    def test_the_guard_counts_the_window_only(self, tmp_path):
        self.stored()
        # one of the window's two missing: 50%, over the default 20% of two, though 1 of 5 stored overall
        with pytest.raises(CommandError, match="lacks 1 of the 2 stored cases"):
            listing = [handled("HEL-2024-000002", "2026-11-23T00:00:00")]
            run(write(tmp_path, listing), "--handledsince=2026-11-23", "--handledbefore=2026-11-30")
        assert Case.objects.count() == 5

    def test_a_weekly_run_keeps_older_cases(self, tmp_path):
        self.stored()
        listing = [handled("HEL-2024-000002", "2026-11-23T00:00:00"), handled("HEL-2024-000003", "2026-11-29T23:59:59")]
        run(write(tmp_path, listing), "--handledsince=2026-11-23", "--handledbefore=2026-11-30")
        assert Case.objects.count() == 5

    def test_a_date_that_is_not_one_is_refused(self, tmp_path):
        with pytest.raises(CommandError, match="'23.11.2026' is not a date such as 2026-11-27."):
            run(write(tmp_path, ids(1)), "--handledsince=23.11.2026")

    def test_a_window_that_ends_before_it_starts_is_refused(self, tmp_path):
        with pytest.raises(CommandError, match="--handledsince must be before --handledbefore"):
            run(write(tmp_path, ids(1)), "--handledsince=2026-11-30", "--handledbefore=2026-11-30")


class TestSkipBad:
    def test_by_default_a_bad_row_stops_everything(self, tmp_path):
        with pytest.raises(CommandError, match="Nothing was imported"):
            run(write(tmp_path, ids(1) + [ahjo_case("HEL-2024-000002", Created="5.3.2024")]), no_geolocate=True)
        assert Case.objects.count() == 0

    def test_skip_bad_imports_the_rest_reports_the_row_and_removes_nothing_missing(self, tmp_path, capsys):
        run(write(tmp_path, ids(1, 2, 3), "a.json"), no_geolocate=True)
        bad = ahjo_case("HEL-2024-000002", Created="5.3.2024")
        path = write(tmp_path, ids(1, 4) + [bad], "b.json")
        call_command("import_ahjo_cases", path, no_geolocate=True, skip_bad=True)
        out, err = capsys.readouterr()
        assert "Created '5.3.2024' is not a date and time" in err and "b.json, case 3 (HEL 2024-000002)" in err
        assert "1 unreadable cases skipped (2 cases missing from the listing kept because of them)" in out
        assert Case.objects.count() == 4


def test_the_same_content_under_another_file_name_is_unchanged(tmp_path, capsys):
    run(write(tmp_path, ids(1, 2), "monday.json"), no_geolocate=True)
    call_command("import_ahjo_cases", write(tmp_path, ids(1, 2), "tuesday.json"), no_geolocate=True)
    assert capsys.readouterr().out.startswith("0 created, 0 updated, 2 unchanged")
    assert set(Case.objects.values_list("source", flat=True)) == {f"Ahjo: {tmp_path / 'monday.json'}"}


@pytest.mark.parametrize("spelling", ["HEL-2021-009907-Lausunto-1", "HEL 2021-009907 Lausunto 1"])
def test_a_sub_case_is_served_by_its_id_in_either_spelling(client, spelling):
    import_cases([ahjo_case("HEL-2021-009907-Lausunto-1", CaseIDLabel="HEL 2021-009907 Lausunto 1")])
    response = client.get(f"/api/v1/cases/{spelling}/")
    assert response.status_code == 200
    assert response.json()["properties"]["ahjo_id"] == "HEL-2021-009907-Lausunto-1"
