"""Imports run twice at once, and an import killed mid-way.

Each importer takes a PostgreSQL advisory lock inside its one transaction
(cases.services, areas.services, spaces.services, feedback.services, budgeting.voting),
so a second run of the same importer waits for the first and then finds
everything in place; a run killed before it commits leaves nothing behind.
"""

from __future__ import annotations

import json
import signal

import pytest
from django.core.management import call_command

from areas.models import Area
from budgeting import services as budgeting_services
from budgeting.models import Ballot, BallotChoice
from cases.models import Case
from feedback.models import Sector, Service
from feedback.services import SERVICE_IMPORT_LOCK

from tests.budgeting.conftest import make_round, set_phase, suurpiiri

from .imports import (
    ahjo_file,
    finish,
    manage,
    starting_gate,
    wait_backend_gone,
    wait_for_writes,
    watch_lock_waits,
)

pytestmark = pytest.mark.django_db(transaction=True)


def cases_snapshot() -> list[tuple]:
    return list(Case.objects.order_by("case_id").values_list("case_id", "title_fi", "status", "classification_code", "source"))


def test_two_simultaneous_ahjo_imports_of_one_file_end_as_one(tmp_path):
    path = ahjo_file(tmp_path / "cases.json", 1500)
    processes: list = []
    with starting_gate("cases.ahjo_import", processes):
        processes += [manage("import_ahjo_cases", "--no-geolocate", str(path)) for _ in range(2)]
    first, second = processes
    waits = watch_lock_waits(processes)
    results = [finish(first), finish(second)]

    assert [code for code, _, _ in results] == [0, 0], [err[-2000:] for _, _, err in results]
    # One run created everything; the other waited for its commit and found it all unchanged.
    # Released together, one ran while the other waited on the importer's advisory lock.
    assert waits > 0
    reports = sorted(out.split(";")[0] for _, out, _ in results)
    assert reports == ["0 created, 0 updated, 1500 unchanged", "1500 created, 0 updated, 0 unchanged"]
    after_both = cases_snapshot()
    assert len(after_both) == 1500 and len({row[0] for row in after_both}) == 1500
    # ... exactly what one more (serial) run leaves: nothing to change.
    code, out, err = finish(manage("import_ahjo_cases", "--no-geolocate", str(path)))
    assert code == 0, err
    assert out.startswith("0 created, 0 updated, 1500 unchanged")
    assert cases_snapshot() == after_both


def test_an_ahjo_import_killed_inside_its_transaction_leaves_nothing_and_the_next_run_completes(tmp_path):
    code, _, err = finish(manage("import_ahjo_cases", "--no-geolocate", str(ahjo_file(tmp_path / "old.json", 100))))
    assert code == 0, err
    before = cases_snapshot()
    big = ahjo_file(tmp_path / "big.json", 5000, title="Uusi otsikko {n}")

    process = manage("import_ahjo_cases", "--no-geolocate", str(big))
    backend = wait_for_writes(process, Case._meta.db_table)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    wait_backend_gone(backend)

    # Nothing half-written: the 100 old cases as they were, none of the new ones.
    assert cases_snapshot() == before
    # The advisory lock went with the killed session: the next run is not blocked, and completes.
    code, out, err = finish(manage("import_ahjo_cases", "--no-geolocate", str(big)))
    assert code == 0, err
    assert out.startswith("4900 created, 100 updated, 0 unchanged")
    assert Case.objects.count() == 5000
    assert not Case.objects.exclude(title_fi__startswith="Uusi otsikko").exists()


@pytest.mark.shared_data
def test_two_simultaneous_division_imports_of_the_real_kaupunginosat_end_as_one(shared_data):
    path = str(shared_data / "divisions-2022" / "gispo_kaupunginosat.geojson")
    processes: list = []
    with starting_gate("areas.import:kaupunginosa", processes):
        processes += [manage("import_divisions", path) for _ in range(2)]
    first, second = processes
    waits = watch_lock_waits(processes)
    results = [finish(first), finish(second)]

    assert [code for code, _, _ in results] == [0, 0], [err[-2000:] for _, _, err in results]
    assert waits > 0  # the second waited for the first's commit
    summaries = sorted(line for _, out, _ in results for line in out.splitlines() if line.startswith("kaupunginosa:"))
    assert len(summaries) == 2
    assert " 0 created" in summaries[0] and " 0 updated" in summaries[0]  # the second found it all in place
    areas = Area.objects.filter(division__slug="kaupunginosa")
    codes = list(areas.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) and len(codes) >= 59
    snapshot = sorted((a.code, a.name_fi, a.geometry.wkb.hex()) for a in areas)
    code, out, err = finish(manage("import_divisions", path))
    assert code == 0, err
    assert sorted((a.code, a.name_fi, a.geometry.wkb.hex()) for a in areas.all()) == snapshot


def test_two_simultaneous_population_imports_of_one_file_end_as_one(tmp_path):
    """import_population takes the division's import lock: the second run finds the figures in place."""
    call_command("load_demo_data", verbosity=0)
    path = tmp_path / "population.csv"
    path.write_text("suurpiiri_tunnus,year,population\n" + "".join(f"{n},2024,{n * 1000}\n" for n in range(1, 9)))
    processes: list = []
    with starting_gate("areas.import:suurpiiri", processes):
        processes += [manage("import_population", str(path), "--division", "suurpiiri") for _ in range(2)]
    first, second = processes
    waits = watch_lock_waits(processes)
    results = [finish(first), finish(second)]

    assert [code for code, _, _ in results] == [0, 0], [err[-2000:] for _, _, err in results]
    assert waits > 0
    summaries = sorted(line for _, out, _ in results for line in out.splitlines() if line.startswith("suurpiiri,"))
    assert summaries == [
        "suurpiiri, population of 2024: 0 updated, 8 unchanged, 0 not in the file",
        "suurpiiri, population of 2024: 8 updated, 0 unchanged, 0 not in the file",
    ]
    areas = Area.objects.filter(division__slug="suurpiiri").order_by("code")
    assert [(a.code, a.population, a.population_year) for a in areas] == [(str(n), n * 1000, 2024) for n in range(1, 9)]


def test_two_simultaneous_paper_ballot_imports_of_one_file_count_each_ballot_once(tmp_path):
    """The polling place's sheets sent twice at once: no vote lost, none counted twice."""
    call_command("load_demo_data", verbosity=0)
    round = set_phase(make_round(), "counting")  # paper ballots are imported while counting
    budgeting_services.allocation_compute(round=round)
    projects = []
    for i in range(3):
        project = budgeting_services.project_create(
            round=round, title=f"Kenttä {i}", description="A field.", cost=50_000, area=suurpiiri("1"), all_helsinki=False
        )
        projects.append(budgeting_services.project_enter_vote(project=project, today=round.planning_closes).pk)
    path = tmp_path / "paper.csv"
    rows = [f"P-{n:05d},{projects[n % 3]}" for n in range(1000)]
    path.write_text("reference,projects\n" + "\n".join(rows) + "\n", encoding="utf-8")
    command = ("import_paper_ballots", str(path), "--year", str(round.year), "--area", "1")

    processes: list = []
    with starting_gate(f"budgeting.paper_ballots:{round.pk}", processes):
        processes += [manage(*command) for _ in range(2)]
    first, second = processes
    waits = watch_lock_waits(processes)
    results = [finish(first), finish(second)]

    assert [code for code, _, _ in results] == [0, 0], [err[-2000:] for _, _, err in results]
    assert waits > 0
    assert sorted(out.strip() for _, out, _ in results) == [
        "0 paper ballots created, 0 updated, 1000 unchanged",
        "1000 paper ballots created, 0 updated, 0 unchanged",
    ]
    paper = Ballot.objects.filter(round=round, channel=Ballot.Channel.PAPER)
    assert paper.count() == 1000 and BallotChoice.objects.filter(ballot__in=paper).count() == 1000


def test_two_simultaneous_open311_service_list_imports_end_as_one(tmp_path):
    """Without the importer's lock both would create every service and one would die on the unique code."""
    Sector.objects.create(code="kymp", name_fi="Kaupunkiympäristön toimiala")
    path = tmp_path / "services_fi.json"
    path.write_text(json.dumps([{"service_code": str(n), "service_name": f"Palvelu {n}"} for n in range(1, 501)]))
    command = ("import_open311_services", "--fi", str(path), "--sector", "kymp")
    processes: list = []
    with starting_gate(SERVICE_IMPORT_LOCK, processes):
        processes += [manage(*command) for _ in range(2)]
    waits = watch_lock_waits(processes)
    results = [finish(p) for p in processes]

    assert [code for code, _, _ in results] == [0, 0], [err[-2000:] for _, _, err in results]
    assert waits > 0
    assert sorted(out.strip().splitlines()[-1] for _, out, _ in results) == [
        "0 created, 0 updated, 500 unchanged, 0 deactivated",
        "500 created, 0 updated, 0 unchanged, 0 deactivated",
    ]
    assert Service.objects.count() == 500
