"""import_population: population per area and year from CSV onto the areas, and what budgeting makes of it."""

from __future__ import annotations

import csv
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from areas.importing.population import PopulationFileError, read_population_file
from areas.models import Area
from budgeting import services as budgeting_services
from budgeting.models import AreaAllocation
from tests.budgeting.conftest import make_round, suurpiiri

pytestmark = pytest.mark.django_db

HEADER = "suurpiiri_tunnus,suurpiiri_nimi_fi,year,population_sum_of_peruspiirit\n"
# Made-up figures, unlike the demo's (2023 real ones), so that an import shows.
FIGURES = {"1": 1000, "2": 2000, "3": 3000, "4": 4000, "5": 5000, "6": 6000, "7": 7000, "8": 800}


def rows(year=2024, figures=FIGURES) -> str:
    return "".join(f"{code},ALUE {code},{year},{population}\n" for code, population in figures.items())


def write(tmp_path, text, *, name="population.csv", encoding="utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(path, *args, division="suurpiiri") -> str:
    out = StringIO()
    call_command("import_population", path, "--division", division, *args, stdout=out)
    return out.getvalue()


def populations(division="suurpiiri") -> dict[str, tuple[int | None, int | None]]:
    return {
        a.code: (a.population, a.population_year) for a in Area.objects.filter(division__slug=division).order_by("code")
    }


def snapshot() -> list[tuple]:
    """Every area's figures and modification time: what an import may change."""
    return list(
        Area.objects.order_by("division__slug", "code").values_list(
            "division__slug", "code", "population", "population_year", "modified_at"
        )
    )


def real_figures(path) -> dict[int, dict[str, int]]:
    """The real file read independently of the importer: year -> code -> population."""
    by_year: dict[int, dict[str, int]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_year.setdefault(int(row["year"]), {})[row["suurpiiri_tunnus"]] = int(
                row["population_sum_of_peruspiirit"]
            )
    return by_year


@pytest.fixture
def real_file(shared_data):
    return shared_data / "population" / "population_by_suurpiiri_2018_2023.csv"


class TestRealFile:
    @pytest.mark.shared_data
    def test_the_latest_year_2023_lands_on_the_demo_suurpiirit(self, demo_areas, real_file):
        # The demo already carries 2023's figures: clear them, so that only the import can put them back.
        Area.objects.filter(division__slug="suurpiiri").update(population=None, population_year=None)
        out = run(str(real_file))
        expected = real_figures(real_file)[2023]
        assert populations() == {code: (population, 2023) for code, population in expected.items()}
        total = sum(Area.objects.filter(division__slug="suurpiiri").values_list("population", flat=True))
        assert total == sum(expected.values()) == 661_374
        assert "suurpiiri, population of 2023: 8 updated, 0 unchanged, 0 not in the file" in out
        assert "1 Southern: – → 123568 (2023)" in out

    @pytest.mark.shared_data
    def test_year_2021_gives_2021_figures(self, demo_areas, real_file):
        out = run(str(real_file), "--year", "2021")
        expected = real_figures(real_file)[2021]
        assert populations() == {code: (population, 2021) for code, population in expected.items()}
        assert "1 Southern: 123568 (2023) → 121157 (2021)" in out
        assert "8 updated, 0 unchanged" in out

    @pytest.mark.shared_data
    def test_a_rerun_changes_nothing(self, demo_areas, real_file):
        run(str(real_file), "--year", "2021")
        before = snapshot()
        out = run(str(real_file), "--year", "2021")
        assert "suurpiiri, population of 2021: 0 updated, 8 unchanged, 0 not in the file" in out
        assert "1 Southern: 121157 (2021), unchanged" in out
        assert snapshot() == before

    @pytest.mark.shared_data
    def test_only_the_suurpiirit_change(self, demo_areas, real_file):
        others = [row for row in snapshot() if row[0] != "suurpiiri"]
        run(str(real_file), "--year", "2019")
        assert [row for row in snapshot() if row[0] != "suurpiiri"] == others


class TestFileShapes:
    def test_semicolons_a_bom_crlf_leading_zeros_and_grouped_digits(self, demo_areas, tmp_path):
        # As Excel saves "CSV UTF-8" in a Finnish locale: BOM, ; and CRLF, codes as text with zeros, an empty line.
        text = "Suurpiiri_Tunnus;Nimi;Vuosi;Vakiluku\r\n" + "".join(
            f"0{code};Alue;2024;{population:,}\r\n".replace(",", "\u00a0") for code, population in FIGURES.items()
        )
        text = text.replace("\r\n08;", "\r\n;;;\r\n08;")
        out = run(write(tmp_path, text, encoding="utf-8-sig"))
        assert populations() == {code: (population, 2024) for code, population in FIGURES.items()}
        assert "8 updated" in out

    def test_an_excel_sep_line_names_the_delimiter_and_lines_still_count_from_the_top(self, demo_areas, tmp_path):
        text = "sep=;\ntunnus;vuosi;asukkaat;huom\n" + "".join(f"{c};2024;{p};a,b,c\n" for c, p in FIGURES.items())
        run(write(tmp_path, text))
        assert populations() == {code: (population, 2024) for code, population in FIGURES.items()}
        with pytest.raises(CommandError) as error:
            run(write(tmp_path, text.replace("\n2;2024;2000;", "\n2;2024;2 000 0;")))
        assert "population.csv, line 4, column asukkaat: the population '2 000 0' is not a whole number." in str(
            error.value
        )

    def test_latest_year_is_the_default_whatever_the_order(self, demo_areas, tmp_path):
        text = (
            HEADER + rows(2025) + rows(2022, {code: 1 for code in FIGURES}) + rows(2024, {code: 2 for code in FIGURES})
        )
        run(write(tmp_path, text))
        assert populations() == {code: (population, 2025) for code, population in FIGURES.items()}

    def test_columns_named_by_options(self, demo_areas, tmp_path):
        text = "alue;v;asukkaita\n" + "".join(f"{code};2024;{population}\n" for code, population in FIGURES.items())
        args = ("--code-column", "ALUE", "--year-column", "v", "--population-column", "asukkaita")
        run(write(tmp_path, text), *args)
        assert populations() == {code: (population, 2024) for code, population in FIGURES.items()}

    def test_an_other_division_by_its_own_code_column(self, demo_areas, tmp_path):
        # A peruspiiri file names the suurpiiri too: the peruspiiri's column is the one read.
        text = "suurpiiri_tunnus,peruspiiri_tunnus,vuosi,asukasluku\n1,101,2024,17000\n1,102,2024,21000\n"
        out = run(write(tmp_path, text), division="peruspiiri")
        figures = populations("peruspiiri")
        assert figures["101"] == (17000, 2024) and figures["102"] == (21000, 2024)
        assert figures["103"] == (None, None)  # not in the file: left alone, and reported
        assert "Not in the file for 2024, left as they were: 103 Kampinmalmi" in out
        assert "peruspiiri, population of 2024: 2 updated, 0 unchanged, 32 not in the file" in out


class TestMissingAndPastAreas:
    def test_areas_missing_from_the_file_are_reported_and_keep_their_figures(self, demo_areas, tmp_path):
        figures = {code: p for code, p in FIGURES.items() if code != "8"}
        out = run(write(tmp_path, HEADER + rows(2024, figures)))
        assert populations()["8"] == (1742, 2023)
        assert populations()["1"] == (1000, 2024)
        assert "Not in the file for 2024, left as they were: 8 Östersundom." in out
        assert "7 updated, 0 unchanged, 1 not in the file" in out

    def test_a_row_for_an_area_no_longer_valid_is_skipped_and_reported(self, demo_areas, tmp_path):
        Area.objects.filter(division__slug="suurpiiri", code="8").update(
            valid_to=timezone.localdate() - timedelta(days=1)
        )
        out = run(write(tmp_path, HEADER + rows()))
        assert populations()["8"] == (1742, 2023)
        assert populations()["7"] == (7000, 2024)
        assert "Rows for areas not valid today, skipped: 8 Östersundom." in out
        assert "7 updated, 0 unchanged, 0 not in the file" in out and "Not in the file" not in out

    def test_dry_run_saves_nothing(self, demo_areas, tmp_path):
        before = snapshot()
        out = run(write(tmp_path, HEADER + rows()), "--dry-run")
        assert "8 updated, 0 unchanged, 0 not in the file (dry run: nothing was saved)" in out
        assert snapshot() == before


def test_a_demo_reload_as_make_run_does_keeps_imported_populations(demo_areas, tmp_path):
    run(write(tmp_path, HEADER + rows()))
    Area.objects.filter(division__slug="suurpiiri", code="4").update(population=None, population_year=None)
    call_command("load_demo_data", verbosity=0)
    expected = {code: (population, 2024) for code, population in FIGURES.items()}
    expected["4"] = (44046, 2023)  # an area without a population gets the demo's again
    assert populations() == expected


class TestRefusals:
    """Each refusal names the file, line and column where it can; nothing changes."""

    @pytest.mark.parametrize(
        "text, args, message",
        [
            (
                "alue,vuosi,asukkaat_x\n1,2024,5\n",
                (),
                (
                    "population.csv, line 1: no column for the area code (suurpiiri_tunnus, tunnus, code, koodi); "
                    "the population (population_sum_of_peruspiirit, population, vakiluku, väkiluku, asukasluku, "
                    "asukkaat, folkmängd). The columns found: alue, vuosi, asukkaat_x."
                ),
            ),
            (
                HEADER + rows(),
                ("--population-column", "vakiluku"),
                (
                    "no column for the population (vakiluku). The columns found: suurpiiri_tunnus, suurpiiri_nimi_fi, "
                    "year, population_sum_of_peruspiirit."
                ),
            ),
            (
                HEADER + "1,A,2024,1000\n2,B,2024,12.5\n",
                (),
                (
                    "population.csv, line 3, column population_sum_of_peruspiirit: the population '12.5' is not a whole "
                    "number."
                ),
            ),
            (HEADER + "1,A,2024,\n", (), "line 2, column population_sum_of_peruspiirit: the population '' is not"),
            (
                HEADER + "1,A,2024,1000\n2,B,2024,-5\n",
                (),
                "line 3, column population_sum_of_peruspiirit: the population -5 is negative.",
            ),
            (
                HEADER + "1,A,20x4,1000\n",
                (),
                "line 2, column year: '20x4' is not a year (a whole number from 1900 to 2100).",
            ),
            (HEADER + "1,A,1850,1000\n", (), "line 2, column year: '1850' is not a year"),
            (HEADER + ",A,2024,1000\n", (), "line 2, column suurpiiri_tunnus: the area code is empty."),
            (
                HEADER + rows() + "1,ETELÄINEN,2024,5\n",
                (),
                "line 10, column suurpiiri_tunnus: a second row for the area 1 in 2024 (the first is on line 2).",
            ),
            (HEADER + "01,A,2024,5\n1,A,2024,5\n", (), "line 3, column suurpiiri_tunnus: a second row for the area 1"),
            (
                HEADER + rows() + "9,TYPO,2024,5\n",
                (),
                (
                    "population.csv, line 10, column suurpiiri_tunnus: no suurpiiri area has the code '9' "
                    "(the codes are: 1, 2, 3, 4, 5, 6, 7, 8)."
                ),
            ),
            (
                HEADER + rows(2022) + rows(2024),
                ("--year", "2019"),
                "population.csv: no rows for the year 2019; the file has 2022, 2024.",
            ),
            (HEADER, (), "population.csv: the file has a header line but no rows."),
            ("", (), "population.csv: the file is empty"),
            (HEADER + '1,"A,2024,5\n', (), "line 2: not valid CSV (unexpected end of data)."),
            (HEADER + '1,"A"B,2024,5\n', (), "line 2: not valid CSV ("),
        ],
    )
    def test_bad_files(self, demo_areas, tmp_path, text, args, message):
        path = write(tmp_path, text)
        self.assert_refused(path, args, message)

    def test_not_utf8(self, demo_areas, tmp_path):
        # Excel's plain "CSV" in a Finnish locale is Windows-1252/Latin-1: Ä is one byte, not UTF-8.
        path = write(tmp_path, HEADER + "1,ETELÄINEN,2024,1000\n", encoding="latin-1")
        self.assert_refused(path, (), "population.csv, line 2: the file is not UTF-8 text")

    def test_missing_file(self, demo_areas, tmp_path):
        self.assert_refused(str(tmp_path / "nowhere.csv"), (), "nowhere.csv: no such file.")

    def test_unknown_division(self, demo_areas, tmp_path):
        path = write(tmp_path, HEADER + rows())
        self.assert_refused(
            path,
            (),
            "Unknown division 'suurpiirit'; the divisions are: suurpiiri, peruspiiri, osa-alue, kaupunginosa, "
            "asukasalue.",
            division="suurpiirit",
        )

    def test_a_division_without_areas_refuses_every_code(self, demo_areas, tmp_path):
        path = write(tmp_path, "tunnus,year,population\n1,2024,5\n")
        self.assert_refused(
            path, (), "no kaupunginosa area has the code '1' (the codes are: none).", division="kaupunginosa"
        )

    def test_a_code_that_matches_two_areas_but_neither_exactly(self, demo_areas, tmp_path):
        one = suurpiiri("1")
        Area.objects.create(division=one.division, code="01", name_fi="Kopio", geometry=one.geometry)
        assert "1 updated" in run(write(tmp_path, HEADER + "01,B,2024,6\n"))  # the exact match wins
        assert (suurpiiri("1").population, suurpiiri("01").population) == (123568, 6)
        path = write(tmp_path, HEADER + "001,A,2025,7\n")
        message = "line 2, column suurpiiri_tunnus: the code '001' matches several suurpiiri areas (01, 1)."
        self.assert_refused(path, (), message)

    def test_the_codes_listed_stop_at_twenty(self, demo_areas, tmp_path):
        path = write(tmp_path, "osaalue_tunnus,year,population\n999,2024,5\n")
        message = (
            "no osa-alue area has the code '999' (the codes are: 010, 020, 030, 040, 050, 060, 070, 080, 090, 101, "
            "102, 103, 104, 111, 112, 113, 121, 122, 130, 140, …)."
        )
        self.assert_refused(path, (), message, division="osa-alue")

    @staticmethod
    def assert_refused(path, args, message, division="suurpiiri"):
        before = snapshot()
        with pytest.raises(CommandError) as error:
            run(path, *args, division=division)
        text = str(error.value)
        assert message in text
        assert text.endswith("Nothing was imported.")
        assert snapshot() == before

    def test_a_failure_half_way_through_the_writes_leaves_nothing(self, demo_areas, tmp_path, monkeypatch):
        """The checks come before the first write; this is what the one transaction adds."""
        save, saved = Area.save, []

        def failing_save(self, *args, **kwargs):
            if len(saved) == 4:
                raise RuntimeError("the database went away")
            saved.append(self.code)
            return save(self, *args, **kwargs)

        monkeypatch.setattr(Area, "save", failing_save)
        before = snapshot()
        with pytest.raises(RuntimeError):
            run(write(tmp_path, HEADER + rows()))
        assert len(saved) == 4
        assert snapshot() == before

    def test_the_reader_error_is_a_value_error_naming_the_place(self, tmp_path):
        path = write(tmp_path, HEADER + "1,A,2024,x\n")
        with pytest.raises(ValueError) as error:
            read_population_file(path, division="suurpiiri")
        assert isinstance(error.value, PopulationFileError)
        assert str(error.value).startswith(f"{path}, line 2, column population_sum_of_peruspiirit:")


class TestBudgeting:
    """The round's split reads Area.population when a planner computes it, and only then."""

    @staticmethod
    def allocations(round) -> list[tuple]:
        return list(
            AreaAllocation.objects.filter(round=round)
            .order_by("area__code")
            .values_list(
                "area__code", "population", "merged_population", "quota", "amount", "remainder_rank", "computed_at"
            )
        )

    @pytest.fixture
    def budget_round(self, demo_areas):
        round = make_round()
        budgeting_services.round_merge_add(round=round, area=suurpiiri("8"), into=suurpiiri("7"))
        budgeting_services.allocation_compute(round=round)
        return round

    def test_a_computed_allocation_keeps_its_figures_after_an_import(self, budget_round, tmp_path):
        before = self.allocations(budget_round)
        assert {code: population for code, population, *_ in before}["1"] == 123568
        out = run(write(tmp_path, HEADER + rows()))
        assert "8 updated" in out
        assert "recompute a round's allocation (admin action or API) to use these figures" in out
        assert suurpiiri("1").population == 1000
        assert self.allocations(budget_round) == before

    def test_recomputing_uses_the_imported_figures(self, budget_round, tmp_path):
        run(write(tmp_path, HEADER + rows()))
        budgeting_services.allocation_compute(round=budget_round)
        parts = {a.area.code: a for a in AreaAllocation.objects.filter(round=budget_round, area__isnull=False)}
        total = sum(FIGURES.values())
        assert parts["1"].population == 1000
        assert parts["7"].population == 7000 + 800 and parts["7"].merged_population == 800
        assert sum(p.amount for p in parts.values()) == 3_520_000
        # 3 520 000 × 1000 / 28 800 = 122 222.2…: floored, and .2 is too small a remainder for an extra euro.
        assert parts["1"].amount == 3_520_000 * 1000 // total == 122_222

    @pytest.mark.shared_data
    def test_real_2018_figures_through_the_allocation(self, budget_round, real_file):
        run(str(real_file), "--year", "2018")
        budgeting_services.allocation_compute(round=budget_round)
        expected = real_figures(real_file)[2018]
        parts = {a.area.code: a for a in AreaAllocation.objects.filter(round=budget_round, area__isnull=False)}
        assert parts["1"].population == expected["1"] == 117983
        assert parts["7"].population == expected["7"] + expected["8"]
        assert sum(p.population for p in parts.values()) == sum(expected.values())
        assert sum(p.amount for p in parts.values()) == 3_520_000


class TestLanguages:
    @pytest.mark.parametrize(
        "language, refusal, summary",
        [
            (
                "fi",
                "rivi 3, sarake population_sum_of_peruspiirit: väkiluku '12.5' ei ole kokonaisluku. Mitään ei tuotu.",
                "suurpiiri, väkiluku vuodelta 2024: 8 päivitetty, 0 ennallaan, 0 puuttuu tiedostosta",
            ),
            (
                "sv",
                "rad 3, kolumn population_sum_of_peruspiirit: invånarantalet '12.5' är inte ett heltal. Inget importerades.",
                "suurpiiri, invånarantal 2024: 8 uppdaterade, 0 oförändrade, 0 saknas i filen",
            ),
        ],
    )
    def test_the_command_speaks_finnish_and_swedish(self, demo_areas, tmp_path, language, refusal, summary):
        with translation.override(language):
            with pytest.raises(CommandError) as error:
                run(write(tmp_path, HEADER + "1,A,2024,1000\n2,B,2024,12.5\n"))
            assert str(error.value).endswith(refusal)
            assert summary in run(write(tmp_path, HEADER + rows()))
