"""`make mutate`: mutmut 3 over the modules that hold the rules, one module at a time.

Each module runs in its own work folder (mutants/<name>/, git-ignored) with a
generated [tool.mutmut] that mutates only that module (or the functions of it that
hold the rule) and runs only its own tests, tests/<app>/test_<module>_rules.py, so
a module takes minutes and its results stay cached between runs. Writes mutants/report.md:
the score per module and every surviving mutant's diff; the reviewed survivors
(killed by a test, or explained as equivalent) are in docs/mutation.md.

    .venv/bin/python scripts/mutate.py [MODULE ...]   # default: every module below
    .venv/bin/python scripts/mutate.py --report       # only rewrite the report from the cached results

mutmut 3 mutates function bodies only: module constants and functions under a
decorator (other than staticmethod/classmethod) are not mutated; docs/mutation.md
says what that leaves out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutants"
REPORT = WORK / "report.md"
APPS = ["geo_osallisuus", "areas", "cases", "spaces", "budgeting", "luotsit", "map_ui",
        "feedback", "initiatives", "participation", "ogc"]
ALSO = ["conftest.py", "manage.py", "locale", "fixtures", "tests"]


@dataclass(frozen=True)
class Module:
    name: str
    path: str
    # mutmut mutant-name globs (module.x_function__mutmut_N); default: the whole module.
    only: tuple[str, ...] = ()

    @property
    def dotted(self) -> str:
        return self.path.removesuffix(".py").replace("/", ".")

    def test_files(self) -> list[str]:
        """The module's own tests: tests/<app>/test_<module>_rules.py."""
        app, stem = self.path.split("/")[0], Path(self.path).stem
        return [f"tests/{app}/test_{stem}_rules.py"]

    def globs(self) -> list[str]:
        return [f"{self.dotted}.{o}" for o in self.only] or [f"{self.dotted}.*"]


MODULES = [
    # Each module runs against its rule tests only (Module.test_files): the wider tests of the
    # same code (API crawls, demo data loaded per test) cost a mutant minutes on a shared machine.
    Module("allocation", "budgeting/allocation.py"),
    Module("eligibility", "budgeting/eligibility.py"),
    # The ballot's rules (ballot_cast and the paper import sit under @transaction.atomic).
    Module("voting", "budgeting/voting.py", ("x_ballot_check*", "x_voter_home_area*", "x_voter_for_user*")),
    # The rule itself; round_results (the counting in PostgreSQL) is tested in test_results_rounds.py.
    Module("results", "budgeting/results.py", ("x_rank_and_fund*",)),
    # The index and the area filters on it (not the search and distance helpers).
    Module("located", "areas/located.py", (
        "x_located_refresh*", "x__ids*", "xǁLocatedQuerySetǁin_areas*", "xǁLocatedQuerySetǁwithin_area*",
        "xǁLocatedQuerySetǁin_division*", "xǁLocatedQuerySetǁ_memberships*",
    )),
    Module("similar", "areas/similar.py"),
    # The published point: the cell centre and every filter and distance on it.
    Module("feedback_privacy", "feedback/selectors.py", (
        "x_public_point_expression*", "x_public_geojson*", "x_feedback_public_list*", "x_feedback_near_public*",
    )),
    # What of a luotsi's contacts is published.
    Module("luotsi_publication", "luotsit/selectors.py", ("x_luotsi_public_contacts*", "x_luotsi_card__*")),
    # The mass-delete guard of an area import.
    Module("import_guards", "areas/services.py", ("x_mass_delete_refused*", "x_mass_delete_check*")),
    # The checks a geometry from outside passes (not the SRID helpers).
    Module("geometry", "areas/geometry.py", (
        "x_clean_polygonal*", "x__polygons_of*", "x_clean_located*", "x_is_within_helsinki*", "x_helsinki_extent*",
        "x_geojson_check*", "x__check_coordinates*", "x__check_position*", "x__finite*",
    )),
    # What is in Helsinki: the union of the official areas, its tolerance, fallback and cache.
    Module("boundary", "areas/boundary.py", (
        "x_helsinki_boundary*", "x__build*", "x__fallback*", "x__made*", "x__polygons*",
        "xǁHelsinkiBoundaryǁcovers*", "xǁHelsinkiBoundaryǁclip*",
    )),
]


def config(module: Module) -> str:
    base = (ROOT / "pyproject.toml").read_text()
    quoted = lambda items: "[" + ", ".join(f'"{i}"' for i in items) + "]"  # noqa: E731
    return base + "\n".join([
        "",
        "[tool.mutmut]",
        f"source_paths = {quoted(APPS)}",
        f"only_mutate = {quoted([module.path])}",
        f"also_copy = {quoted(ALSO)}",
        # --reuse-db: the test database of TEST_DATABASE_NAME is built once, not per mutant.
        f"pytest_add_cli_args = {quoted(['--reuse-db', '-p', 'no:cacheprovider'])}",
        f"pytest_add_cli_args_test_selection = {quoted(module.test_files())}",
        # Every mutant in a fresh fork of a process that only collected the tests: a fork
        # of a process that ran them keeps its ContentType cache across test databases.
        'process_isolation = "forkserver"',
        "use_git_change_detection = false",
        # Changed tests or sources: test every mutant again rather than keep old verdicts.
        'on_dependency_change = "rerun"',
        # The machine is shared: a slow test is not a hung mutant.
        "timeout_multiplier = 30.0",
        "timeout_constant = 30.0",
        "",
    ])


def prepare(module: Module) -> Path:
    folder = WORK / module.name
    folder.mkdir(parents=True, exist_ok=True)
    for name in APPS + ALSO:
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name)
    (folder / "pyproject.toml").write_text(config(module))
    return folder


MUTMUT = str(ROOT / ".venv" / "bin" / "mutmut")


def run(module: Module, env: dict[str, str]) -> None:
    # One worker, niced: the rules' tests share the machine and the database server.
    subprocess.run(["nice", "-n", "10", MUTMUT, "run", "--max-children", "1", *module.globs()],
                   cwd=prepare(module), env=env, check=False)


def results(module: Module, env: dict[str, str]) -> list[tuple[str, str]]:
    listing = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=WORK / module.name, env=env,
                             capture_output=True, text=True, check=True).stdout
    globs = [re.compile(g.replace(".", r"\.").replace("*", ".*") + "$") for g in module.globs()]
    results = []
    for line in listing.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name and any(g.match(name) for g in globs):
            results.append((name, status))
    return results


def diff(module: Module, name: str, env: dict[str, str]) -> str:
    shown = subprocess.run([MUTMUT, "show", name], cwd=WORK / module.name,
                           env=env, capture_output=True, text=True, check=False)
    return shown.stdout.strip()


def report(done: dict[str, list[tuple[str, str]]], env: dict[str, str]) -> str:
    lines = ["# Mutation score of the rule modules (`make mutate`)", "",
             "| module | file | mutants | killed | survived | other | score |", "|---|---|---|---|---|---|---|"]
    total = killed_total = 0
    by_name = {m.name: m for m in MODULES}
    for module in MODULES:
        if module.name not in done:
            lines.append(f"| {module.name} | {module.path} | | | | | not run |")
            continue
        results = done[module.name]
        killed = sum(s in ("killed", "timeout") for _, s in results)
        survived = sum(s == "survived" for _, s in results)
        scored = killed + survived
        total += scored
        killed_total += killed
        score = f"{100 * killed / scored:.1f} %" if scored else "-"
        lines.append(f"| {module.name} | {module.path} | {len(results)} | {killed} | {survived} | "
                     f"{len(results) - scored} | {score} |")
    if total:
        lines.append(f"| **all** | | | {killed_total} | {total - killed_total} | | "
                     f"**{100 * killed_total / total:.1f} %** |")
    lines += ["", "Score = killed (a test failed, or it timed out) / (killed + survived). 'Other' are",
              "mutants no selected test reaches or that were not run (yet).", ""]
    for name, results in done.items():
        survivors = [n for n, s in results if s not in ("killed", "timeout", "not checked")]
        if survivors:
            lines += [f"## {name}: not killed", ""]
            for mutant in survivors:
                status = dict(results)[mutant]
                lines += [f"### {mutant} ({status})", "", "```diff", diff(by_name[name], mutant, env), "```", ""]
    return "\n".join(lines) + "\n"


def main(names: list[str]) -> int:
    report_only = "--report" in names
    names = [n for n in names if n != "--report"]
    chosen = [] if report_only else [m for m in MODULES if not names or m.name in names]
    unknown = set(names) - {m.name for m in MODULES}
    if unknown:
        print(f"Unknown modules {sorted(unknown)}; choose from {[m.name for m in MODULES]}", file=sys.stderr)
        return 2
    env = dict(os.environ, GEO_ENV="test")
    env.setdefault("TEST_DATABASE_NAME", "test_mutate")
    if not env.get("DATABASE_URL"):
        # The copies under mutants/ have no var/: name the server the project uses.
        env["DATABASE_URL"] = (ROOT / "var" / "database_url").read_text().strip()
    for module in chosen:
        run(module, env)
    # The report covers every module run so far (each keeps its results in mutants/<name>/).
    done = {m.name: results(m, env) for m in MODULES if (WORK / m.name / "mutants").is_dir()}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report(done, env))
    print(REPORT.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
