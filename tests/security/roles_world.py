"""A small city with one object of every kind and one user of every role, for the
roles table (test_roles.py) and the no-leak crawl (test_no_leaks.py).

Personal data is seeded as *sentinels*: strings that must never come out of any
public response. The luotsi user owns `luotsi_own` (Vironniemi, peruspiiri 101);
`luotsi_other` belongs to another account; everything a resident could own
belongs to `author`, who is none of the five roles under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Group, User
from django.contrib.gis.geos import Point, Polygon
from django.core.management import call_command
from django.db import connection

from areas.models import Address, Area
from budgeting import services as budget_services
from budgeting import voting
from budgeting.models import BudgetRound, Project, Proposal, Voter
from feedback import services as feedback_services
from feedback.models import FeedbackRequest, RoutingRule, Sector, Service
from geo_osallisuus import roles
from initiatives import services as initiative_services
from initiatives.models import Initiative, InitiativeCategory
from luotsit import services as luotsi_services
from luotsit.models import Luotsi, Role
from resident_areas import services as resident_services
from resident_areas.models import ResidentArea
from resident_areas.services import DefinedGeometry
from tests.budgeting.conftest import make_round as budgeting_round
from tests.budgeting.conftest import set_phase
from tests.cases import factories

ROLES = ("anonymous", "resident", "luotsi", "planner", "admin")

# --- Sentinels: none of these may appear in a public body --------------------------------
SECRET_LUOTSI_EMAIL = "sentinel.luotsi.hidden@example.invalid"
SECRET_LUOTSI_PHONE = "+358 40 999 1357"
ERASED_LUOTSI_NAME = "Sentinel Erasedname"
ERASED_LUOTSI_EMAIL = "sentinel.erased@example.invalid"
ERASED_LUOTSI_PHONE = "+358 40 999 2468"
FEEDBACK_EMAIL = "sentinel.feedback@example.invalid"
# A volunteering organiser's contact, not consented to publication.
ORGANISER_EMAIL = "sentinel.organiser@example.invalid"
ORGANISER_PHONE = "+358 40 999 2468"
FEEDBACK_FIRST = "Sentinelfirst"
FEEDBACK_LAST = "Sentinellast"
USER_EMAIL_DOMAIN = "users.sentinel.invalid"
AUTHOR_USERNAME = "sentinel-author"
AUTHOR_FIRST, AUTHOR_LAST = "Sentauthorfirst", "Sentauthorlast"
VOTER_USERNAME = "sentinel-voter"
VOTER_FIRST, VOTER_LAST = "Sentvoterfirst", "Sentvoterlast"
VOTER_BIRTH = date(1977, 7, 17)

# Feedback is filed at this exact point (EPSG:4326, Kallio); public output rounds it to a 250 m grid.
FEEDBACK_LONLAT = (24.951234, 60.184321)


def _user(username: str, *, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        username=username, password="not-used-in-tests", email=f"{username}@{USER_EMAIL_DOMAIN}", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def area(division: str, code: str) -> Area:
    return Area.objects.get(division__slug=division, code=code)


def square(centre, side: float) -> Polygon:
    """An axis-aligned square of `side` metres around `centre` (x, y in EPSG:3067)."""
    x, y = centre
    h = side / 2
    return Polygon(((x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h), (x - h, y - h)), srid=3067)


def square_geojson(code: str = "010", side: float = 200) -> dict:
    import json

    return json.loads(square(area("osa-alue", code).geometry.point_on_surface.coords, side).json)


def make_round(year: int, phase: str) -> BudgetRound:
    """A round whose dates put today in `phase` (proposals, voting or results), its allocation computed."""
    round = set_phase(budgeting_round(year), phase)
    budget_services.allocation_compute(round=round)
    return round


@dataclass
class World:
    users: dict[str, User | None]
    author: User
    luotsi_own: Luotsi
    luotsi_other: Luotsi
    luotsi_secret: Luotsi
    luotsi_erased: Luotsi
    resident_area: ResidentArea  # proposed by author, inside the luotsi's Vironniemi
    resident_area_far: ResidentArea  # proposed by author, in Itäinen (not the luotsi's)
    resident_area_draft: ResidentArea  # author's draft
    proposal_round: BudgetRound
    voting_round: BudgetRound
    results_round: BudgetRound  # results published; the sentinel voter's ballot is in them
    proposal: Proposal
    project: Project  # not on the ballot
    project_on_ballot: Project
    voter: Voter
    sector: Sector
    service: Service
    routing_rule: RoutingRule
    feedback: FeedbackRequest
    category: InitiativeCategory
    initiative: Initiative  # submitted by author
    initiative_draft: Initiative  # author's draft
    case: object
    space: object
    address: Address
    extra: dict = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return self.users[role]


def build_world() -> World:
    call_command("load_demo_data", verbosity=0)
    users = {
        "anonymous": None,
        "resident": _user("asukas"),
        "luotsi": _user("oma-luotsi", group=roles.LUOTSI_GROUP),
        # Planners are staff (the sign-in service makes them so), limited in the admin by their group.
        "planner": _user("suunnittelija", group=roles.PLANNER_GROUP, is_staff=True),
        # The admin site admits staff; a city's admin is a staff superuser.
        "admin": _user("yllapito", is_staff=True, is_superuser=True),
    }
    author = _user(AUTHOR_USERNAME, first_name=AUTHOR_FIRST, last_name=AUTHOR_LAST)
    other_luotsi_user = _user("toinen-luotsi", group=roles.LUOTSI_GROUP)

    luotsi_own = luotsi_services.luotsi_create(
        role=Role.STADILUOTSI, name="Vilma Vironniemi", user=users["luotsi"], areas=[area("peruspiiri", "101")]
    )
    luotsi_other = luotsi_services.luotsi_create(
        role=Role.STADILUOTSI, name="Paavo Pohjoinen", user=other_luotsi_user, areas=[area("suurpiiri", "4")]
    )
    luotsi_secret = luotsi_services.luotsi_create(
        role=Role.STADILUOTSI,
        name="Salla Salainen",
        email=SECRET_LUOTSI_EMAIL,
        phone=SECRET_LUOTSI_PHONE,
        publish_email=False,
        publish_phone=False,
        areas=[area("osa-alue", "020")],
    )
    luotsi_erased = luotsi_services.luotsi_create(
        role=Role.YRITYSLUOTSI,
        name=ERASED_LUOTSI_NAME,
        email=ERASED_LUOTSI_EMAIL,
        phone=ERASED_LUOTSI_PHONE,
        publish_email=True,
        publish_phone=True,
        areas=[area("suurpiiri", "3")],
    )
    luotsi_services.luotsi_erase(luotsi=luotsi_erased)

    def resident_area(where: Area, *, submit: bool = True) -> ResidentArea:
        geometry = square(where.geometry.point_on_surface.coords, 200)
        return resident_services.resident_area_create(
            author=author,
            names={"fi": f"Alue {where.code}"},
            defined=DefinedGeometry(geometry=geometry, source="drawn"),
            submit=submit,
        ).resident_area

    proposal_round = make_round(2025, "proposals")
    voting_round = make_round(2026, "voting")
    proposal = budget_services.proposal_create(
        round=proposal_round,
        author=author,
        title="Sentinel proposal: benches",
        description="More benches by the shore.",
        location=Point(24.9384, 60.1699, srid=4326),
    )
    # Planned in a round whose vote has not opened: from voting_opens on the ballot is frozen.
    project = budget_services.project_create(
        round=proposal_round, title="Planned park", description="A plan.", cost=100_000, area=area("suurpiiri", "1")
    )
    project_on_ballot = budget_services.project_create(
        round=voting_round, title="Ballot park", description="A plan.", cost=100_000, area=area("suurpiiri", "1")
    )
    budget_services.project_enter_vote(project=project_on_ballot, today=voting_round.planning_closes)
    voter_user = _user(VOTER_USERNAME, first_name=VOTER_FIRST, last_name=VOTER_LAST)
    voter = Voter.objects.create(
        user=voter_user,
        birth_date=VOTER_BIRTH,
        home_point=Point(24.9384, 60.1699, srid=4326).transform(3067, clone=True),
        is_resident=True,
    )
    voting.ballot_cast(voter=voter, round=voting_round, area=area("suurpiiri", "1"), project_ids=[project_on_ballot.pk])
    results_round = make_round(2024, "results")
    results_project = budget_services.project_create(
        round=results_round, title="Built park", description="A plan.", cost=100_000, area=area("suurpiiri", "1")
    )
    budget_services.project_enter_vote(project=results_project, today=results_round.planning_closes)
    voting.ballot_cast(
        voter=voter,
        round=results_round,
        area=area("suurpiiri", "1"),
        project_ids=[results_project.pk],
        today=results_round.voting_opens,
    )
    # Every role's user is a voting resident too, so that casting one's own ballot is a fair row.
    for role in ROLES[1:]:
        Voter.objects.create(
            user=users[role],
            birth_date=date(1990, 6, 1),
            home_point=Point(24.9384, 60.1699, srid=4326).transform(3067, clone=True),
            is_resident=True,
        )

    sector = Sector.objects.create(code="kymp", name_en="Urban environment", name_fi="Kaupunkiympäristö")
    service = Service.objects.create(
        service_code="171", service_name_en="Pothole", service_name_fi="Kuoppa", default_sector=sector
    )
    routing_rule = RoutingRule.objects.create(service=service, area=area("suurpiiri", "3"), sector=sector)
    feedback = feedback_services.feedback_create(
        service=service,
        description="A deep pothole on the corner.",
        point=Point(*FEEDBACK_LONLAT, srid=4326),
        author=author,
        email=FEEDBACK_EMAIL,
        first_name=FEEDBACK_FIRST,
        last_name=FEEDBACK_LAST,
    )
    category = InitiativeCategory.objects.create(code="environment", name_en="Environment", name_fi="Ympäristö", sector=sector)
    initiative = initiative_services.initiative_create(
        author=author, title="More trees on the street", text="Plant more trees along the whole street.", category=category
    )
    initiative_draft = initiative_services.initiative_create(
        author=author, title="A draft about benches", text="Benches along the shore path, please.", category=category, submit=False
    )
    case = factories.case(title="Asia asemalla", geometry=factories.at(0, 0))
    space = factories.space("Tila asemalla", factories.at(100, 100), kind="library")
    address = Address.objects.create(street_fi="Testikatu", number="1", postal_code="00100", point=factories.at(50, 50))
    extra = _events_and_volunteering(author=author, planner=users["planner"])
    return World(
        users=users,
        author=author,
        luotsi_own=luotsi_own,
        luotsi_other=luotsi_other,
        luotsi_secret=luotsi_secret,
        luotsi_erased=luotsi_erased,
        resident_area=resident_area(area("osa-alue", "010")),
        resident_area_far=resident_area(area("suurpiiri", "7")),
        resident_area_draft=resident_area(area("osa-alue", "020"), submit=False),
        proposal_round=proposal_round,
        voting_round=voting_round,
        results_round=results_round,
        proposal=proposal,
        project=project,
        project_on_ballot=project_on_ballot,
        voter=voter,
        sector=sector,
        service=service,
        routing_rule=routing_rule,
        feedback=feedback,
        category=category,
        initiative=initiative,
        initiative_draft=initiative_draft,
        case=case,
        space=space,
        address=address,
        extra=extra,
    )


def _events_and_volunteering(*, author: User, planner: User) -> dict:
    """An upcoming event near the station; a verified organiser (the author represents it) whose contact
    is not for publication, with a published opportunity beside the station."""
    from datetime import timedelta

    from django.utils import timezone

    from events.models import AreaEvent
    from events.services import event_save
    from volunteering.models import Opportunity, Organiser
    from volunteering.services import opportunity_save, organiser_verify

    start = timezone.now() + timedelta(days=2)
    event = event_save(event=AreaEvent(name_fi="Asukasilta asemalla", start_time=start, location=factories.at(150, 150)))
    organiser = Organiser.objects.create(name="Asemaseura ry", user=author, email=ORGANISER_EMAIL, phone=ORGANISER_PHONE)
    organiser_verify(organiser=organiser, by=planner)
    opportunity = opportunity_save(
        opportunity=Opportunity(
            organiser=organiser, title_fi="Talkoot asemalla", location=factories.at(200, 200), status=Opportunity.Status.PUBLISHED
        ),
        by=author,
    )
    return {"event": event, "organiser": organiser, "opportunity": opportunity}


# Tables whose rows change without anyone writing through the service: sessions
# (signing in), the admin's log of its own requests, and Django's own bookkeeping.
VOLATILE_TABLES = {"django_session", "django_admin_log", "django_migrations", "spatial_ref_sys", "django_content_type", "auth_permission"}


def database_digest() -> dict[str, str]:
    """One md5 per table over every row's text, computed in PostgreSQL: two digests
    are equal only when no row of any table was added, removed or changed."""
    tables = sorted(
        t for t in connection.introspection.table_names(include_views=False) if t not in VOLATILE_TABLES
    )
    parts = [
        f"SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {connection.ops.quote_name(t)} t"
        for t in tables
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), tables)
        return dict(cursor.fetchall())


def digest_changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


def world_fixture(django_db_setup, django_db_blocker):
    """Build the world once for a module inside a transaction that is rolled back at the
    end; each test's own transaction is a savepoint inside it (building takes seconds)."""
    from django.db import transaction

    from tests.conftest import reference_data_restore

    with django_db_blocker.unblock():
        # Before the module's transaction: a transactional test that ran earlier may have
        # flushed the division types and role groups (the per-test fixture comes too late).
        reference_data_restore()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
