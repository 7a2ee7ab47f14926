"""Demo OmaStadi rounds on the demo suurpiirit, made through the services.

Three rounds: a past one (DEMO_YEAR) with ballots and published results, one
in its voting phase today and one in its proposals phase today (see demo_years).

Everything is seeded (random.Random(DEMO_SEED)) and fictional: residents
"demo-resident-N", voters "demo-voter-N" with made-up birth dates and homes at
osa-alue centres. A re-run deletes the previous demo rounds (is_demo) and makes
them again around the new today; rounds that are not demo rounds are never touched.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.land import land_area
from areas.models import Area, DivisionType

from . import services, voting
from .selectors import round_budget_areas
from .models import Ballot, BudgetRound, Project, Voter
from .publication import round_result_budgets
from .results import snapshot_winner_ids

DEMO_SEED = 2024
DEMO_YEAR = 2024
VOTERS = 300

THEMES = [
    ("Ulkokuntosali puistoon", "Leuanvetotangot, nojapuut ja venyttelypaikka kaikenikäisille."),
    ("Lisää penkkejä rantaan", "Levähdyspaikkoja rantareitin varrelle ikääntyneille ja lapsiperheille."),
    ("Pölyttäjäniitty", "Nurmikko niityksi: kukkia ja hyönteisille pesäpaikkoja."),
    ("Skeittipaikka nuorille", "Pieni betoninen skeittiallas ja rampit."),
    ("Talviuintipaikka", "Avanto, pukukoppi ja portaat mereen."),
    ("Valaistus ulkoilureitille", "Pimeän ajan valaistus suosittuun lenkkipolkuun."),
    ("Leikkipaikan uudistus", "Uudet keinut, kiipeilyteline ja esteetön hiekkalaatikko."),
    ("Yhteisöpuutarha", "Viljelylaatikot ja vesipiste asukkaiden yhteiseen käyttöön."),
]
CITY_THEMES = [
    ("Kirjastojen lautapelikokoelmat", "Lautapelejä lainattavaksi kaikkiin kirjastoihin."),
    ("Nuorten kesätapahtumat", "Maksuttomia tapahtumia nuorille eri puolilla kaupunkia."),
    ("Kaupunkiluonnon opasteet", "Luontokohteiden opasteet suomeksi, ruotsiksi ja englanniksi."),
]


def _user(username: str):
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _places(budget_area: Area, merged: list[Area]) -> list:
    """A point on the land of each osa-alue inside a budget area (and the areas merged
    into it), by code; osa-alueet with no land (the territorial sea) have none."""
    land = land_area()
    places = []
    for a in Area.objects.filter(division__slug="osa-alue", parent__parent__in=[budget_area, *merged]).order_by("code"):
        on_land = a.geometry.intersection(land) if land else a.geometry
        if not on_land.empty and on_land.area > 0:
            places.append(on_land.point_on_surface)
    return places


def _delete_previous() -> None:
    for round in BudgetRound.objects.filter(is_demo=True):
        Ballot.objects.filter(round=round).delete()
        round.delete()


class DemoBudgetingError(Exception):
    """The database lacks what the demo round needs; str() says what to load first."""


def _check_areas(division: DivisionType) -> None:
    """The allocation needs every area's population: say so before anything is made."""
    areas = Area.objects.filter(division=division)
    if not areas.exists():
        raise DemoBudgetingError(
            _("The {division} division has no areas; load them with load_demo_data or import_divisions first.").format(
                division=division.slug
            )
        )
    missing = sorted(areas.filter(population__isnull=True).values_list("code", flat=True))
    if missing:
        raise DemoBudgetingError(
            _(
                "The {division} areas have no populations ({codes}), so no allocation can be computed; "
                "import them with import_population first."
            ).format(division=division.slug, codes=", ".join(missing[:10]))
        )


def demo_years(*, today: date) -> tuple[int, int, int]:
    """The years of the past, voting and proposals rounds (rounds are keyed by year).

    The voting round is this year's and the proposals round next year's. The past
    round keeps DEMO_YEAR while that is before this year; when the demo runs in
    DEMO_YEAR or earlier it moves to last year, so the three never clash.
    """
    return min(DEMO_YEAR, today.year - 1), today.year, today.year + 1


def _round_create(*, year: int, **dates: date) -> BudgetRound:
    return BudgetRound.objects.create(
        year=year,
        name_fi=f"OmaStadi {year} (demo)",
        name_sv=f"OmaStadi {year} (demo)",
        name_en=f"OmaStadi {year} (demo)",
        total_sum=4_400_000,
        all_helsinki_share=Decimal("0.2"),
        voting_age=12,
        division=DivisionType.objects.get(slug="suurpiiri"),
        is_demo=True,
        **dates,
    )


@transaction.atomic
def demo_budgeting_load(*, today: date | None = None) -> str:
    """The past round with its results, a round voting today and one taking proposals today.

    `today` (Helsinki's date by default) places the voting and proposals rounds
    around it, so a fresh `make run` can always propose and vote.
    """
    today = today or timezone.localdate()
    _check_areas(DivisionType.objects.get(slug="suurpiiri"))
    _delete_previous()
    past, voting, proposals = demo_years(today=today)
    taken = set(BudgetRound.objects.filter(year__in=[past, voting, proposals]).values_list("year", flat=True))
    lines = []
    for year, load in ((past, _past_round), (voting, _voting_round), (proposals, _proposals_round)):
        if year in taken:
            lines.append(f"A real budget round for {year} exists; no demo round was made for it.")
        else:
            lines.append(load(year=year, today=today))
    return "\n".join(lines)


def _past_round(*, year: int, today: date) -> str:
    rng = random.Random(DEMO_SEED)
    round = _round_create(
        year=year,
        proposals_opens=date(year, 1, 15),
        proposals_closes=date(year, 3, 15),
        planning_opens=date(year, 3, 16),
        planning_closes=date(year, 9, 30),
        voting_opens=date(year, 10, 1),
        voting_closes=date(year, 10, 31),
        results_on=date(year, 11, 15),
        implementation_until=date(year + 2, 12, 31),
    )
    residents, budget_areas, places, allocations = _ballot_projects(round=round, rng=rng)
    proposals_day = round.proposals_opens + timedelta(days=10)
    for resident in residents[:8]:
        other = round.proposals.exclude(author=resident).filter(status="accepted").order_by("pk")
        services.proposal_support(proposal=rng.choice(list(other)), user=resident, today=proposals_day)

    ballots = _simulate_ballots(round=round, rng=rng, budget_areas=budget_areas, places=places)
    winners = snapshot_winner_ids(round_result_budgets(round=round))
    statuses = [s for s, _label in Project.Implementation.choices]
    for pk in winners:
        services.project_set_implementation(project=Project.objects.get(pk=pk), status=rng.choice(statuses[:4]))
    return (
        f"Demo budget round {year}: {len(allocations)} allocations, {round.proposals.count()} proposals, "
        f"{round.projects.count()} projects, {ballots} ballots, {len(winners)} winning projects."
    )


def _voting_round(*, year: int, today: date) -> str:
    """Voting opened a week ago and closes in three weeks; its projects entered the ballot in planning."""
    round = _round_create(
        year=year,
        proposals_opens=today - timedelta(days=120),
        proposals_closes=today - timedelta(days=90),
        planning_opens=today - timedelta(days=89),
        planning_closes=today - timedelta(days=8),
        voting_opens=today - timedelta(days=7),
        voting_closes=today + timedelta(days=21),
        results_on=today + timedelta(days=35),
        implementation_until=date(year + 2, 12, 31),
    )
    _residents, _areas, _places, allocations = _ballot_projects(round=round, rng=random.Random(DEMO_SEED + 1))
    return (
        f"Demo budget round {year}, voting until {round.voting_closes}: {len(allocations)} allocations, "
        f"{round.projects.filter(on_ballot=True).count()} projects on the ballot."
    )


def _proposals_round(*, year: int, today: date) -> str:
    """Proposals opened two weeks ago and close in a month; a few residents have proposed."""
    round = _round_create(
        year=year,
        proposals_opens=today - timedelta(days=14),
        proposals_closes=today + timedelta(days=30),
        planning_opens=today + timedelta(days=31),
        planning_closes=today + timedelta(days=120),
        voting_opens=today + timedelta(days=121),
        voting_closes=today + timedelta(days=150),
        results_on=today + timedelta(days=165),
        implementation_until=date(year + 2, 12, 31),
    )
    _merge_ostersundom(round)
    rng = random.Random(DEMO_SEED + 2)
    residents = [_user(f"demo-resident-{n}") for n in range(1, 21)]
    for area in list(round_budget_areas(round=round))[:3]:
        merged = [m.area for m in round.merges.filter(into=area)]
        title, description = rng.choice(THEMES)
        services.proposal_create(
            round=round, author=rng.choice(residents), title=f"{title}: {area.name_fi}",
            description=description, location=_places(area, merged)[0], today=today,
        )  # fmt: skip
    title, description = rng.choice(CITY_THEMES)
    services.proposal_create(
        round=round, author=rng.choice(residents), title=title, description=description,
        all_helsinki=True, today=today,
    )  # fmt: skip
    return f"Demo budget round {year}, proposals until {round.proposals_closes}: {round.proposals.count()} proposals."


def _merge_ostersundom(round: BudgetRound) -> None:
    division_areas = {a.code: a for a in Area.objects.filter(division=round.division)}
    if "8" in division_areas and "7" in division_areas:
        services.round_merge_add(round=round, area=division_areas["8"], into=division_areas["7"])


def _ballot_projects(*, round: BudgetRound, rng: random.Random):
    """The allocation, and proposals turned into projects on the ballot in every budget area
    and all-Helsinki (one proposal per area rejected), made in the round's own phases."""
    _merge_ostersundom(round)
    allocations = {a.area_id: a.amount for a in services.allocation_compute(round=round)}
    residents = [_user(f"demo-resident-{n}") for n in range(1, 21)]
    proposals_day = round.proposals_opens + timedelta(days=10)
    budget_areas = list(round_budget_areas(round=round))
    places: dict[int, list] = {}
    for area in budget_areas:
        merged = [m.area for m in round.merges.filter(into=area)]
        places[area.pk] = _places(area, merged)
        for i, (title, description) in enumerate(rng.sample(THEMES, 4)):
            location = places[area.pk][(i * 3) % len(places[area.pk])]
            proposal = services.proposal_create(
                round=round, author=rng.choice(residents), title=f"{title}: {area.name_fi}",
                description=description, location=location, today=proposals_day,
            )  # fmt: skip
            if i == 3:
                services.proposal_moderate(
                    proposal=proposal, status="rejected", reason="Paikka ei ole kaupungin maata."
                )
                continue
            services.proposal_moderate(proposal=proposal, status="accepted")
            cost = rng.randrange(40, min(400, allocations[area.pk] // 1000)) * 1000
            project = services.project_create(
                round=round, title=proposal.title, description=description, cost=cost,
                proposals=[proposal], location=location,
            )  # fmt: skip
            services.project_enter_vote(project=project, today=round.planning_closes)
    for title, description in CITY_THEMES:
        proposal = services.proposal_create(
            round=round, author=rng.choice(residents), title=title, description=description,
            all_helsinki=True, today=proposals_day,
        )  # fmt: skip
        services.proposal_moderate(proposal=proposal, status="accepted")
        project = services.project_create(
            round=round, title=title, description=description, cost=rng.randrange(150, 450) * 1000,
            proposals=[proposal], all_helsinki=True,
        )  # fmt: skip
        services.project_enter_vote(project=project, today=round.planning_closes)
    return residents, budget_areas, places, allocations


def _simulate_ballots(*, round: BudgetRound, rng: random.Random, budget_areas: list[Area], places) -> int:
    """Fictional voters at osa-alue centres; each picks affordable projects at random."""
    projects = list(round.projects.filter(on_ballot=True).order_by("pk"))
    city = [p for p in projects if p.all_helsinki]
    city_sum = services.allocation_amount(round=round, area=None)
    # Larger areas get more voters, and some projects are more popular than others.
    weights = {p.pk: rng.uniform(0.5, 3) for p in projects}
    cast = 0
    for n in range(1, VOTERS + 1):
        area = rng.choices(budget_areas, weights=[a.population or 1 for a in budget_areas])[0]
        voter, _created = Voter.objects.update_or_create(
            user=_user(f"demo-voter-{n}"),
            defaults={
                "birth_date": date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 75)),
                "home_point": rng.choice(places[area.pk]),
                "is_resident": rng.random() > 0.03,
            },
        )
        local = [p for p in projects if p.area_id == area.pk]
        chosen = _affordable(rng, local, services.allocation_amount(round=round, area=area), weights)
        chosen += _affordable(rng, city, city_sum, weights)
        day = round.voting_opens + timedelta(days=rng.randrange(0, 31))
        try:
            ballot = voting.ballot_cast(
                voter=voter, round=round, area=area, project_ids=[p.pk for p in chosen], today=day
            )
        except ValidationError:  # under age or not a resident on that day: no ballot
            continue
        # Stamped on its voting day (the database would stamp today's date), at a made-up hour.
        stamp = timezone.make_aware(datetime.combine(day, time(8 + n % 12, n % 60)))
        Ballot.objects.filter(pk=ballot.pk).update(cast_at=stamp, updated_at=stamp)
        cast += 1
    return cast


def _affordable(rng: random.Random, projects: list[Project], budget: int, weights: dict) -> list[Project]:
    order = sorted(projects, key=lambda p: -weights[p.pk] * rng.random())
    chosen, left = [], budget
    for project in order[: rng.randint(1, max(1, len(order)))]:
        if project.cost <= left:
            chosen.append(project)
            left -= project.cost
    return chosen
