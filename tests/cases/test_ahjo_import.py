"""The Ahjo importer: real sample files, re-runs, publicity, malformed files (nothing half-written)."""

import json
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.ahjo import AhjoFileError, parse_ahjo_document
from cases.models import Case, CaseLocation, case_id_slug, normalise_case_id
from cases.services import ahjo_cases_import, case_location_create
from tests.cases import factories

pytestmark = pytest.mark.usefixtures("demo_areas")


def ahjo_case(case_id="HEL-2024-000123", **overrides) -> dict:
    case = {
        "CaseIDLabel": case_id.replace("-", " ", 1),
        "CaseID": case_id,
        "Title": "Asemakaavan muutos nro 12900, Kallio",
        "Created": "2024-03-05T09:49:23.123",
        "Acquired": "2024-03-04T00:00:00.000",
        "ClassificationCode": "10 03 03",
        "ClassificationTitle": "Asemakaavoitus",
        "Status": "Vireillä",
        "Language": "fi",
        "PublicityClass": "Julkinen",
        "SecurityReasons": None,
    }
    case.update(overrides)
    return case


def write(tmp_path, data, name="cases.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(*files, **options):
    call_command("import_ahjo_cases", *files, verbosity=0, **options)


class TestCaseId:
    @pytest.mark.parametrize("value", ["HEL 2025-007790", "HEL-2025-007790", "hel 2025-007790", " HEL  2025-007790 "])
    def test_both_spellings_normalise_to_the_label(self, value):
        assert normalise_case_id(value) == "HEL 2025-007790"
        assert case_id_slug(value) == "HEL-2025-007790"

    @pytest.mark.parametrize("value", ["", "HEL 2025-7790", "HEL 25-007790", "2025-007790", "HEL 2025-0077901", None])
    def test_other_forms_are_refused(self, value):
        with pytest.raises(ValidationError):
            normalise_case_id(value)

    def test_the_model_refuses_an_unnormalised_id(self):
        with pytest.raises(ValidationError):
            Case(case_id="HEL-2025-007790").full_clean()


class TestSharedSamples:
    """The real Ahjo responses in ../shared/data/ahjo."""

    def test_page_single_case_and_case_without_title(self, shared_data):
        files = [str(shared_data / "ahjo" / n) for n in ("cases.json", "case.json", "case-no-title.json")]
        run(*files)
        assert Case.objects.count() == 7
        page_case = Case.objects.get(case_id="HEL 2023-000156")
        assert page_case.title_fi == "Asemakaavan muutos nro 12856, Kluuvi, Pohjoisesplanadi 37"
        assert page_case.status == Case.Status.PENDING and page_case.status_ahjo == "Vireillä"
        assert page_case.classification_code == "10 03 03"
        assert page_case.ahjo_url == "https://paatokset.hel.fi/fi/asia/hel-2023-000156"
        single = Case.objects.get(case_id="HEL 2025-001216")
        assert single.status == Case.Status.DECIDED
        assert (single.sector, single.sector_code) == ("Keskushallinto", "U50")
        assert timezone.localtime(single.last_handled).isoformat().startswith("2025-08-26T12:37:31")
        untitled = Case.objects.get(case_id="HEL 2017-000241")
        assert untitled.title == "" and untitled.display_title.startswith("Lyhyt- ja pitkäaikaiset")
        assert untitled.status == Case.Status.ARCHIVED

    def test_geolocation_of_the_samples(self, shared_data):
        run(str(shared_data / "ahjo" / "cases.json"), str(shared_data / "ahjo" / "case-no-title.json"))
        matched = {
            c.case_id: [(loc.precision, loc.matched_text) for loc in c.locations.all()]
            for c in Case.objects.prefetch_related("locations")
        }
        assert matched["HEL 2022-015420"] == [("area", "Pajamäki")]  # "Pajamäki, Pitäjänmäki": the inner area
        assert matched["HEL 2023-016326"] == [("area", "Lauttasaari")]
        assert matched["HEL 2022-011760"] == []  # Lentorata: nowhere the register knows
        # No title: the public record's title names Kivikko (in Mellunkylä).
        assert matched["HEL 2017-000241"] == [("area", "Kivikko")]

    def test_rerun_changes_nothing(self, shared_data):
        path = str(shared_data / "ahjo" / "cases.json")
        run(path)
        before = list(Case.objects.values_list("pk", "modified_at", "geometry"))
        locations = list(CaseLocation.objects.values_list("pk", flat=True))
        run(path)
        assert list(Case.objects.values_list("pk", "modified_at", "geometry")) == before
        assert list(CaseLocation.objects.values_list("pk", flat=True)) == locations


class TestImport:
    def test_either_id_spelling_updates_the_same_case(self, tmp_path):
        run(write(tmp_path, [ahjo_case()]))
        run(write(tmp_path, [ahjo_case(CaseID=None, Title="Uusi otsikko")]))
        assert Case.objects.get().title_fi == "Uusi otsikko"

    def test_changed_title_moves_a_geolocated_case(self, tmp_path):
        run(write(tmp_path, [ahjo_case(Title="Puistosuunnitelma, Kallio")]))
        first = Case.objects.get().geometry
        run(write(tmp_path, [ahjo_case(Title="Puistosuunnitelma, Vuosaari")]))
        case = Case.objects.get()
        assert case.locations.get().matched_text == "Vuosaari"
        assert not case.geometry.equals(first)

    def test_a_planners_location_is_never_replaced(self, tmp_path):
        run(write(tmp_path, [ahjo_case(Title="Suunnitelma ilman paikkaa")]))
        case = Case.objects.get()
        case_location_create(case=case, geometry=factories.STATION_3067)
        run(write(tmp_path, [ahjo_case(Title="Puistosuunnitelma, Vuosaari")]))
        assert [loc.source for loc in case.locations.all()] == [CaseLocation.Source.DRAWN]

    def test_swedish_case_title_goes_to_the_swedish_field(self, tmp_path):
        run(write(tmp_path, [ahjo_case(Title="Parkplan, Drumsö", Language="sv")]))
        case = Case.objects.get()
        assert case.title_sv == "Parkplan, Drumsö" and not case.title_fi
        assert case.locations.get().matched_text == "Drumsö"

    def test_only_public_cases_are_stored_and_a_case_made_secret_is_removed(self, tmp_path):
        run(write(tmp_path, [ahjo_case(), ahjo_case("HEL-2024-000124", PublicityClass="Salassa pidettävä")]))
        assert list(Case.objects.values_list("case_id", flat=True)) == ["HEL 2024-000123"]
        run(write(tmp_path, [ahjo_case(PublicityClass="Osittain salassapidettävä")]))
        assert Case.objects.count() == 0

    def test_dry_run_saves_nothing(self, tmp_path):
        run(write(tmp_path, [ahjo_case()]), dry_run=True)
        assert Case.objects.count() == 0

    def test_no_geolocate(self, tmp_path):
        run(write(tmp_path, [ahjo_case()]), no_geolocate=True)
        assert Case.objects.get().geometry is None

    def test_service_summary(self):
        cases = parse_ahjo_document({"cases": [ahjo_case(), ahjo_case("HEL-2024-000125", Title="Talousarvio")]})
        summary = ahjo_cases_import(cases=cases, source="test")
        assert (summary.created, summary.located, summary.unlocated) == (2, 1, 1)
        assert summary.unlocated_ids == ["HEL 2024-000125"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON"),
        ('"a string"', "expected Ahjo cases"),
        ('{"cases": {"a": 1}}', "expected Ahjo cases"),
        ("[1]", "a case must be a JSON object"),
        (json.dumps([{"Title": "x"}]), "has neither CaseID nor CaseIDLabel"),
        (json.dumps([ahjo_case("HEL-24-1", CaseIDLabel=None)]), "is not an Ahjo case id"),
        (json.dumps([ahjo_case(CaseIDLabel="HEL 2024-000999")]), "name different cases"),
        (json.dumps([ahjo_case(Created="5.3.2024")]), "Created '5.3.2024' is not a date and time"),
        (json.dumps([ahjo_case(Title=["list"])]), "Title must be text"),
        (json.dumps([ahjo_case(Handlings="none")]), "Handlings must be a list of objects"),
    ],
)
def test_malformed_files_stop_the_import_and_write_nothing(tmp_path, content, message):
    good = write(tmp_path, [ahjo_case("HEL-2024-000777")], name="good.json")
    bad = write(tmp_path, content, name="bad.json")
    with pytest.raises(CommandError) as error:
        run(good, bad)
    assert message in str(error.value) and "Nothing was imported" in str(error.value)
    assert Case.objects.count() == 0


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.json"))


def test_a_copy_of_the_samples_imports_like_the_originals(tmp_path, shared_data):
    copy = tmp_path / "page.json"
    shutil.copy(shared_data / "ahjo" / "cases.json", copy)
    with pytest.raises(AhjoFileError):
        parse_ahjo_document({"cases": [{"CaseID": "X"}]})
    run(str(copy))
    assert Case.objects.count() == 5
