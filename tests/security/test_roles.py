"""Every write operation of the service against every role, each cell its own test.

The table below is the contract: one row per write (an unsafe method of an API
route, an admin add/change/delete or action), and for each of the five roles of
geo_osallisuus.roles the status the service answers. A refusal must also leave
the database exactly as it was (an md5 of every table, computed in PostgreSQL);
an allowed write must change it (unless the row says it writes nothing).

Users: `luotsi` owns the profile `luotsi_own` and serves Vironniemi
(peruspiiri 101); rows about "another" object use objects of `author`, a resident
who is none of the five, or of another luotsi. Rows named "own ..." let each role
act on an object of its own, made just before the request.

The completeness tests walk the URL resolver, the DRF views' unsafe methods, the
OpenAPI schema and the admin registry, so that a new write cannot be added
without its row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from initiatives import services as initiative_services
from resident_areas import services as resident_services
from resident_areas.services import DefinedGeometry

from tests.cases import factories

from .roles_world import ROLES, World, area, square, square_geojson, world_fixture

LOGIN = "login"  # the admin site sends whoever is not staff to its sign-in page
SIGNIN = "signin"  # a page sends whoever is not signed in to the service's sign-in page
DONE = "done"  # a page's form stored the change and redirects (POST, redirect, GET)
REFUSED = "refused"  # an admin action that answers 302 back to its list with an error, storing nothing
UNSAFE = ("post", "put", "patch", "delete")

world = pytest.fixture(scope="module")(world_fixture)


@dataclass(frozen=True)
class Write:
    name: str
    method: str
    route: str  # the URL name the operation is reached by (admin rows: "admin:<label>:<op>")
    url: Callable[[World, object], str]  # (world, acting user) -> path
    expect: tuple  # anonymous, resident, luotsi, planner, admin
    payload: Callable[[World, object], dict] | None = None
    writes: bool = True  # False: allowed, but by design stores nothing (a check, a form re-shown)
    page: bool = False  # a page's plain HTML form: a session client posting form fields


def _no_body(w, u):
    return {}


# Objects of the acting user, made just before the request ("own" rows).
def _own_resident_area(w: World, user, *, submit: bool) -> int:
    geometry = square(area("osa-alue", "030").geometry.point_on_surface.coords, 150)
    return resident_services.resident_area_create(
        author=user or w.author, names={"fi": "Oma alue"}, defined=DefinedGeometry(geometry, "drawn"), submit=submit
    ).resident_area.pk


def _own_initiative(w: World, user, *, submit: bool) -> int:
    return initiative_services.initiative_create(
        author=user or w.author,
        title="My own initiative",
        text="A text long enough to be an initiative of mine.",
        category=w.category,
        submit=submit,
    ).pk


def _far_proposal(w: World) -> int:
    """A budget proposal in Itäinen (suurpiiri 7), no area of the luotsi's."""
    from budgeting import services as budget_services

    point = area("suurpiiri", "7").geometry.point_on_surface
    return budget_services.proposal_create(
        round=w.proposal_round, author=w.author, title="Far proposal", description="Far away.", location=point
    ).pk


RA = "/api/v1/resident-areas/"
LU = "/api/v1/luotsit/"
BU = "/api/v1/budgeting/"
IN = "/api/v1/initiatives/"

# fmt: off
API_WRITES: list[Write] = [
    #     operation                                      method   route                            url                                                              anon res  luotsi planner admin
    # --- resident-defined areas (resident_areas.api.views)
    Write("define a resident area",                      "POST",  "resident-area-list",            lambda w, u: RA,                                                 (403, 201, 201, 201, 201),
          lambda w, u: {"name_fi": "Uusi alue", "geometry": square_geojson("030", 150), "srid": "3067"}),
    Write("redraw another's proposal",                   "POST",  "resident-area-geometry",        lambda w, u: f"{RA}{w.resident_area.pk}/geometry/",              (404, 404, 403, 200, 200),
          lambda w, u: {"geometry": square_geojson("010", 180), "srid": "3067"}),
    Write("redraw own proposal",                         "POST",  "resident-area-geometry",        lambda w, u: f"{RA}{_own_resident_area(w, u, submit=True)}/geometry/", (404, 200, 200, 200, 200),
          lambda w, u: {"geometry": square_geojson("030", 180), "srid": "3067"}),
    Write("submit another's draft",                      "POST",  "resident-area-submit",          lambda w, u: f"{RA}{w.resident_area_draft.pk}/submit/",          (404, 404, 404, 200, 200)),
    Write("submit own draft",                            "POST",  "resident-area-submit",          lambda w, u: f"{RA}{_own_resident_area(w, u, submit=False)}/submit/", (404, 200, 200, 200, 200)),
    Write("moderate a proposal in the luotsi's area",    "POST",  "resident-area-moderate",        lambda w, u: f"{RA}{w.resident_area.pk}/moderate/",              (403, 403, 200, 200, 200),
          lambda w, u: {"decision": "reject", "reason": "Overlaps a park."}),
    Write("moderate a proposal outside it",              "POST",  "resident-area-moderate",        lambda w, u: f"{RA}{w.resident_area_far.pk}/moderate/",          (403, 403, 403, 200, 200),
          lambda w, u: {"decision": "reject", "reason": "Overlaps a park."}),
    # --- luotsit (luotsit.api.views)
    Write("add a luotsi",                                "POST",  "luotsi-list",                   lambda w, u: LU,                                                 (403, 403, 403, 201, 201),
          lambda w, u: {"name": "Uusi Luotsi", "role": "yritysluotsi", "area_ids": [area("suurpiiri", "2").pk]}),
    Write("edit own luotsi profile (PATCH)",             "PATCH", "luotsi-detail",                 lambda w, u: f"{LU}{w.luotsi_own.pk}/",                          (403, 403, 200, 200, 200),
          lambda w, u: {"title_sv": "Stadslots", "publish_phone": True}),
    Write("edit own luotsi profile (PUT)",               "PUT",   "luotsi-detail",                 lambda w, u: f"{LU}{w.luotsi_own.pk}/",                          (403, 403, 200, 200, 200),
          lambda w, u: {"name": "Vilma Vironniemi", "title_fi": "Stadiluotsi"}),
    Write("edit another luotsi's profile",               "PATCH", "luotsi-detail",                 lambda w, u: f"{LU}{w.luotsi_other.pk}/",                        (403, 403, 403, 200, 200),
          lambda w, u: {"title_sv": "Stadslots"}),
    Write("replace another luotsi's profile",            "PUT",   "luotsi-detail",                 lambda w, u: f"{LU}{w.luotsi_other.pk}/",                        (403, 403, 403, 200, 200),
          lambda w, u: {"name": "Paavo Pohjoinen", "title_fi": "Stadiluotsi"}),
    Write("a luotsi gives themself a manager field",     "PATCH", "luotsi-detail",                 lambda w, u: f"{LU}{w.luotsi_own.pk}/",                          (403, 403, 403, 200, 200),
          lambda w, u: {"is_active": False}),
    Write("deactivate a luotsi",                         "POST",  "luotsi-deactivate",             lambda w, u: f"{LU}{w.luotsi_other.pk}/deactivate/",             (403, 403, 403, 200, 200)),
    Write("erase a luotsi's personal data",              "POST",  "luotsi-erase",                  lambda w, u: f"{LU}{w.luotsi_other.pk}/erase/",                  (403, 403, 403, 403, 200)),
    Write("edit own profile on /me",                     "PATCH", "luotsi-me",                     lambda w, u: f"{LU}me/",                                         (403, 404, 200, 404, 404),
          lambda w, u: {"title_sv": "Stadslots"}),
    # --- participatory budgeting (budgeting.api.views)
    Write("recompute a round's allocation",              "POST",  "budget-round-allocation",       lambda w, u: f"{BU}rounds/{w.voting_round.pk}/allocation/",      (403, 403, 403, 200, 200),
          None, False),
    Write("cast own ballot",                             "PUT",   "budget-round-my-ballot",        lambda w, u: f"{BU}rounds/{w.voting_round.pk}/my-ballot/",       (403, 200, 200, 200, 200),
          lambda w, u: {"area": area("suurpiiri", "1").pk, "projects": [w.project_on_ballot.pk]}),
    Write("propose",                                     "POST",  "budget-proposal-list",          lambda w, u: f"{BU}proposals/",                                  (403, 201, 201, 201, 201),
          lambda w, u: {"round": w.proposal_round.pk, "title": "A new swing", "description": "By the shore.", "location": {"type": "Point", "coordinates": [24.9384, 60.1699]}}),
    Write("moderate a proposal in the luotsi's area",    "POST",  "budget-proposal-moderate",      lambda w, u: f"{BU}proposals/{w.proposal.pk}/moderate/",         (403, 403, 200, 200, 200),
          lambda w, u: {"status": "accepted"}),
    Write("moderate a proposal outside it",              "POST",  "budget-proposal-moderate",      lambda w, u: f"{BU}proposals/{_far_proposal(w)}/moderate/",      (403, 403, 403, 200, 200),
          lambda w, u: {"status": "accepted"}),
    Write("support another's proposal",                  "POST",  "budget-proposal-support",       lambda w, u: f"{BU}proposals/{w.proposal.pk}/support/",          (403, 201, 201, 201, 201)),
    Write("make a project",                              "POST",  "budget-project-list",           lambda w, u: f"{BU}projects/",                                   (403, 403, 403, 201, 201),
          lambda w, u: {"round": w.voting_round.pk, "title": "Another park", "description": "A plan.", "cost": 1000, "area": area("suurpiiri", "1").pk}),
    Write("put a project on the ballot",                 "POST",  "budget-project-enter-vote",     lambda w, u: f"{BU}projects/{w.project.pk}/enter-vote/",         (403, 403, 403, 200, 200)),
    Write("set a project's implementation",              "POST",  "budget-project-implementation", lambda w, u: f"{BU}projects/{w.project_on_ballot.pk}/implementation/", (403, 403, 403, 200, 200),
          lambda w, u: {"implementation_status": "in_progress"}),
    # --- feedback (Open311 and feedback.api.views)
    Write("file feedback (Open311)",                     "POST",  "open311-requests",              lambda w, u: "/api/v1/open311/requests.json",                    (201, 201, 201, 201, 201),
          lambda w, u: {"service_code": "171", "lat": 60.1841, "long": 24.9497, "description": "Another pothole here."}),
    Write("move feedback on (status)",                   "POST",  "feedback-status",               lambda w, u: f"/api/v1/feedback/requests/{w.feedback.pk}/status/", (403, 403, 403, 200, 200),
          lambda w, u: {"status": "in_progress", "status_notes": "On it."}),
    Write("follow feedback",                             "POST",  "feedback-follow",               lambda w, u: f"/api/v1/feedback/requests/{w.feedback.pk}/follow/", (403, 201, 201, 201, 201)),
    # --- initiatives (initiatives.api.views)
    Write("file an initiative",                          "POST",  "initiative-list",               lambda w, u: IN,                                                 (403, 201, 201, 201, 201),
          lambda w, u: {"title": "A new initiative", "text": "A text that is long enough to be one.", "category": "environment"}),
    Write("check what kind a text is",                   "POST",  "initiative-kind-check",         lambda w, u: f"{IN}kind-check/",                                 (200, 200, 200, 200, 200),
          lambda w, u: {"about_past": True}, False),
    Write("submit another's draft initiative",           "POST",  "initiative-submit",             lambda w, u: f"{IN}{w.initiative_draft.pk}/submit/",             (403, 404, 404, 404, 404)),
    Write("submit own draft initiative",                 "POST",  "initiative-submit",             lambda w, u: f"{IN}{_own_initiative(w, u, submit=False)}/submit/", (403, 200, 200, 200, 200)),
    Write("withdraw another's initiative",               "POST",  "initiative-withdraw",           lambda w, u: f"{IN}{w.initiative.pk}/withdraw/",                 (403, 400, 400, 400, 400)),
    Write("withdraw own initiative",                     "POST",  "initiative-withdraw",           lambda w, u: f"{IN}{_own_initiative(w, u, submit=True)}/withdraw/", (403, 200, 200, 200, 200)),
    Write("support another's initiative",                "POST",  "initiative-support",            lambda w, u: f"{IN}{w.initiative.pk}/support/",                  (403, 201, 201, 201, 201)),
    Write("follow an initiative",                        "POST",  "initiative-follow",             lambda w, u: f"{IN}{w.initiative.pk}/follow/",                   (403, 201, 201, 201, 201)),
    Write("answer an initiative",                        "POST",  "initiative-handle",             lambda w, u: f"{IN}{w.initiative.pk}/handle/",                   (403, 403, 403, 200, 200),
          lambda w, u: {"state": "in_preparation"}),
]

LP = "/luotsit/me/"

# The luotsi's workspace pages (luotsit.views): plain HTML forms for a signed-in person whose
# account is linked to a luotsi profile (others get the 404 page). Moderation follows the
# resident-area rule (resident_area_can_moderate): outside the luotsi's areas the 403 page.
PAGE_WRITES: list[Write] = [
    Write("page: moderate a proposal in the luotsi's area", "POST", "luotsit:resident-area", lambda w, u: f"{LP}asukasalueet/{w.resident_area.pk}/", (SIGNIN, 404, DONE, 404, 404),
          lambda w, u: {"decision": "reject", "reason": "Osuu puistoon."}, page=True),
    Write("page: moderate a proposal outside it",        "POST",  "luotsit:resident-area",         lambda w, u: f"{LP}asukasalueet/{w.resident_area_far.pk}/",     (SIGNIN, 404, 403, 404, 404),
          lambda w, u: {"decision": "approve"}, page=True),
    Write("page: approve a proposal in the luotsi's area", "POST", "luotsit:resident-area",        lambda w, u: f"{LP}asukasalueet/{w.resident_area.pk}/",          (SIGNIN, 404, DONE, 404, 404),
          lambda w, u: {"decision": "approve"}, page=True),
    Write("page: accept a budget proposal in the luotsi's area", "POST", "luotsit:budget-proposal", lambda w, u: f"{LP}budjettiehdotukset/{w.proposal.pk}/", (SIGNIN, 404, DONE, 404, 404),
          lambda w, u: {"status": "accepted"}, page=True),
    Write("page: moderate a budget proposal outside it", "POST",  "luotsit:budget-proposal",       lambda w, u: f"{LP}budjettiehdotukset/{_far_proposal(w)}/",     (SIGNIN, 404, 403, 404, 404),
          lambda w, u: {"status": "rejected", "reason": "Not here."}, page=True),
    Write("page: edit own luotsi profile and consents",  "POST",  "luotsit:profile",               lambda w, u: f"{LP}profiili/",                                   (SIGNIN, 404, DONE, 404, 404),
          lambda w, u: {"name": "Vilma Vironniemi", "title_fi": "Stadiluotsi", "phone": "+358 40 555 0123", "publish_phone": "on"}, page=True),
    Write("page: publish an event in the luotsi's area", "POST",  "events:luotsi-new",             lambda w, u: f"{LP}tapahtumat/uusi/",                             (SIGNIN, 404, DONE, 404, 404),
          lambda w, u: {"name_fi": "Asukasilta", "start_time": "2030-05-04 18:00", "area": w.luotsi_own.areas.first().pk}, page=True),
    # Only the organiser's representative (the world's author, none of the role users) reaches it.
    Write("page: publish a volunteering opportunity",    "POST",  "volunteering:new",              lambda w, u: "/vapaaehtoistyo/uusi/",                             (SIGNIN, 404, 404, 404, 404),
          lambda w, u: {"organiser": w.extra["organiser"].pk, "title_fi": "Talkoot", "kind": "other", "time_kind": "ongoing",
                        "area": w.luotsi_own.areas.first().pk, "languages": ["fi"]}, page=True),
]
# fmt: on


# --- The admin site: staff only. Planners are staff, limited by their group's permissions (roles.py). --
# For each registered model: add (an empty form: the admin answers with the form and its errors,
# storing nothing), change (the same) and delete (confirmed). `None` for an object means a new one.
def _obj(getter):
    return lambda w: getter(w).pk


def _service_type_kind():
    from spaces.models import ServiceTypeKind

    return ServiceTypeKind.objects.get_or_create(service_type=69, defaults={"kind": "playground"})[0]


ADMIN_OBJECTS: dict[str, Callable[[World], int]] = {
    "auth.group": lambda w: __import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects.get(name="planner").pk,
    "auth.user": lambda w: w.users["resident"].pk,
    "areas.divisiontype": lambda w: area("osa-alue", "010").division_id,
    "areas.area": lambda w: area("osa-alue", "010").pk,
    "areas.address": _obj(lambda w: w.address),
    "luotsit.luotsi": _obj(lambda w: w.luotsi_other),
    "budgeting.budgetround": _obj(lambda w: w.proposal_round),
    "budgeting.proposal": _obj(lambda w: w.proposal),
    "budgeting.project": _obj(lambda w: w.project),
    "budgeting.voter": _obj(lambda w: w.voter),
    "budgeting.ballot": lambda w: w.voter.ballots.get(round=w.voting_round).pk,
    "budgeting.roundresult": lambda w: _published_result(w).pk,
    "budgeting.resultrecount": lambda w: _recount(w).pk,
    "cases.case": _obj(lambda w: w.case),
    "cases.caselocation": lambda w: w.case.locations.first().pk,
    "spaces.space": _obj(lambda w: w.space),
    "spaces.servicetypekind": lambda w: _service_type_kind().pk,
    "feedback.sector": _obj(lambda w: w.sector),
    "feedback.service": _obj(lambda w: w.service),
    "feedback.routingrule": _obj(lambda w: w.routing_rule),
    "feedback.feedbackrequest": _obj(lambda w: w.feedback),
    "initiatives.initiativecategory": _obj(lambda w: w.category),
    "initiatives.initiative": _obj(lambda w: w.initiative),
    "events.areaevent": _obj(lambda w: w.extra["event"]),
    "volunteering.organiser": _obj(lambda w: w.extra["organiser"]),
    "volunteering.opportunity": _obj(lambda w: w.extra["opportunity"]),
    # django-axes' sign-in records (hardening): made here, since the world has no failed sign-in.
    "axes.accessattempt": lambda w: _axes_record("AccessAttempt", get_data="", post_data="", failures_since_start=5),
    "axes.accesslog": lambda w: _axes_record("AccessLog"),
    "axes.accessfailurelog": lambda w: _axes_record("AccessFailureLog"),
    # Sign-in (accounts): made here, since the world's users signed in with no identity service or token.
    "accounts.oidcidentity": lambda w: _accounts_record("OidcIdentity", w),
    "accounts.apitoken": lambda w: _accounts_record("ApiToken", w),
    "imports.importrun": lambda w: _import_preview(w).pk,
}


def _import_preview(w: World):
    """A previewed population import of the world's suurpiiri 1: importing it writes the area."""
    from imports.services import import_preview

    return import_preview(
        importer="population", content=b"suurpiiri_tunnus,year,population\n1,2031,4321\n", file_name="population.csv",
        options={"division": "suurpiiri"}, user=w.users["admin"],
    )  # fmt: skip


def _published_result(w: World):
    from budgeting.publication import round_result_published

    return round_result_published(round=w.results_round)


def _recount(w: World):
    from budgeting.publication import result_recount

    return result_recount(round=w.results_round, by=w.users["admin"], reason="Checked by the role tests.")


def _accounts_record(model: str, w: World) -> int:
    from accounts import models as accounts_models

    if model == "OidcIdentity":
        fields = {"issuer": "https://idp.example", "subject": "resident-subject"}
    else:
        fields = {"name": "script", "key_hash": "0" * 64, "prefix": "geo_0000"}
    return getattr(accounts_models, model).objects.get_or_create(user=w.users["resident"], **fields)[0].pk


def _axes_record(model: str, **fields) -> int:
    from axes import models as axes_models

    record, _ = getattr(axes_models, model).objects.get_or_create(
        username="someone", ip_address="192.0.2.1", user_agent="test", http_accept="*/*", path_info="/admin/login/",
        defaults=fields,
    )  # fmt: skip
    if model == "AccessAttempt":  # a day old, so that the admin's clean-up action has something to remove
        from datetime import timedelta

        from django.utils import timezone

        type(record).objects.filter(pk=record.pk).update(attempt_time=timezone.now() - timedelta(days=1))
    return record.pk

# What the admin answers an admin, per model: add, change (empty forms: 200 = the form with its
# errors, 403 = the model refuses it) and delete (302 = deleted, 200 = a page saying which protected
# rows keep it, 403 = the model refuses deleting).
# fmt: off
ADMIN_EXPECT: dict[str, tuple[int, int, int]] = {
    "auth.group":                     (200, 200, 302),
    "auth.user":                      (200, 200, 302),
    "areas.divisiontype":             (200, 200, 200),
    "areas.area":                     (200, 200, 302),
    "areas.address":                  (200, 200, 302),
    "luotsit.luotsi":                 (200, 200, 403),   # luotsit are deactivated or erased, never deleted
    "budgeting.budgetround":          (200, 200, 302),
    "budgeting.proposal":             (200, 200, 302),
    "budgeting.project":              (200, 200, 302),
    "budgeting.voter":                (200, 200, 200),   # a voter with ballots is protected
    "budgeting.ballot":               (403, 403, 302),   # ballots are read-only in the admin
    "budgeting.roundresult":          (403, 403, 403),   # published results change only by a recount
    "budgeting.resultrecount":        (403, 403, 403),   # the recount audit trail is read-only
    "cases.case":                     (200, 200, 302),
    "cases.caselocation":             (200, 200, 302),
    "spaces.space":                   (200, 200, 302),
    "spaces.servicetypekind":         (200, 200, 302),   # the kinds of service types: the admins' data
    "feedback.sector":                (200, 200, 200),   # a sector with services and requests is protected
    "feedback.service":               (200, 200, 200),   # a service with requests is protected
    "feedback.routingrule":           (200, 200, 302),
    "feedback.feedbackrequest":       (200, 302, 302),   # a saved request is read-only: "saving" stores nothing
    "initiatives.initiativecategory": (200, 200, 200),   # a category in use is protected
    "initiatives.initiative":         (200, 200, 302),
    "events.areaevent":               (200, 200, 302),
    "volunteering.organiser":         (200, 200, 302),   # its opportunities go with it
    "volunteering.opportunity":       (200, 200, 302),
    # Sign-in records are written by django-axes only; deleting an attempt lifts its lockout.
    "axes.accessattempt":             (403, 302, 302),
    "axes.accesslog":                 (403, 302, 302),
    "axes.accessfailurelog":          (403, 302, 302),
    # Identities and API tokens are made by signing in and by their owners; the admin reads and deletes.
    "accounts.oidcidentity":          (403, 302, 302),
    "accounts.apitoken":              (403, 302, 302),
    # Import runs are made by the upload page (add: an empty form is the importer chooser) and read-only.
    "imports.importrun":              (200, 403, 403),
}

# What the admin answers a planner, where it is not (403, 403, 403): what the model admits the
# admin (above), limited to what a planner may do (README: place cases, edit spaces, run rounds,
# manage luotsit and their areas, feedback services). A form POSTed with only the right to view
# is refused (403).
PLANNER_EXPECT: dict[str, tuple[int, int, int]] = {
    "luotsit.luotsi":                 (200, 200, 403),
    "budgeting.budgetround":          (403, 200, 403),
    "budgeting.proposal":             (403, 200, 403),
    "budgeting.project":              (403, 200, 403),
    "cases.case":                     (403, 200, 403),
    "cases.caselocation":             (200, 200, 403),
    "spaces.space":                   (200, 200, 403),
    "feedback.service":               (403, 200, 403),
    "imports.importrun":              (200, 403, 403),
    "events.areaevent":               (200, 200, 403),
    "volunteering.organiser":         (200, 200, 403),
    "volunteering.opportunity":       (200, 200, 403),
}
# fmt: on

# Custom admin actions (POSTed to the change list): (planner, admin). Django's delete_selected
# follows the delete row.
ADMIN_ACTIONS: dict[tuple[str, str], tuple] = {
    ("luotsit.luotsi", "deactivate_selected"): (302, 302),
    ("luotsit.luotsi", "erase_selected"): (REFUSED, 302),  # erasing personal data is the admins'
    ("budgeting.budgetround", "compute_allocation"): (302, 302),
    ("budgeting.proposal", "make_project"): (302, 302),
    ("budgeting.project", "enter_vote"): (302, 302),
    ("axes.accessattempt", "cleanup_expired_attempts"): (403, 302),
    ("volunteering.organiser", "verify_selected"): (302, 302),
}


# What an action with an intermediate page is sent when confirmed (the page itself stores nothing).
ADMIN_ACTION_FIELDS: dict[tuple[str, str], dict] = {
    ("budgeting.proposal", "make_project"): {"apply": "1", "title": "Benches", "description": "By the shore.", "cost": 1000},
}


def _admin_path(label: str) -> str:
    return "/admin/" + label.replace(".", "/") + "/"


def _admin_rows() -> list[Write]:
    rows = []
    for label, (add, change, delete) in ADMIN_EXPECT.items():
        obj = ADMIN_OBJECTS[label]
        p_add, p_change, p_delete = PLANNER_EXPECT.get(label, (403, 403, 403))
        not_staff = (LOGIN, LOGIN, LOGIN)
        rows += [
            Write(f"admin: add {label}", "POST", f"admin:{label}:add", lambda w, u, label=label: _admin_path(label) + "add/",
                  (*not_staff, p_add, add), _no_body, False),
            Write(f"admin: change {label}", "POST", f"admin:{label}:change",
                  lambda w, u, label=label, obj=obj: f"{_admin_path(label)}{obj(w)}/change/", (*not_staff, p_change, change),
                  _no_body, False),
            Write(f"admin: delete {label}", "POST", f"admin:{label}:delete",
                  lambda w, u, label=label, obj=obj: f"{_admin_path(label)}{obj(w)}/delete/", (*not_staff, p_delete, delete),
                  lambda w, u: {"post": "yes"}, delete == 302),
        ]
    for (label, name), (planner, admin_status) in ADMIN_ACTIONS.items():
        obj = ADMIN_OBJECTS[label]
        rows.append(
            Write(f"admin: action {name} on {label}", "POST", f"admin:{label}:action:{name}",
                  lambda w, u, label=label: _admin_path(label), (LOGIN, LOGIN, LOGIN, planner, admin_status),
                  lambda w, u, name=name, obj=obj, label=label: {"action": name, "_selected_action": [obj(w)], "index": 0,
                                                                 **ADMIN_ACTION_FIELDS.get((label, name), {})}, True)
        )
    rows.append(
        Write("admin: place an unlocated case", "POST", "admin:cases_case_unlocated", lambda w, u: "/admin/cases/case/unlocated/",
              (LOGIN, LOGIN, LOGIN, 302, 302), lambda w, u: {"case": factories.case(title="Paikaton asia").pk, "lon": 24.946, "lat": 60.1745})
    )
    rows.append(
        Write("admin: import a previewed file", "POST", "admin:imports_importrun_commit",
              lambda w, u: f"/admin/imports/importrun/{_import_preview(w).pk}/commit/", (LOGIN, LOGIN, LOGIN, 302, 302))
    )
    rows.append(
        Write("admin: change own password", "POST", "admin:password_change", lambda w, u: "/admin/password_change/",
              (LOGIN, LOGIN, LOGIN, 200, 200), _no_body, False)
    )
    return rows


TABLE: list[Write] = API_WRITES + PAGE_WRITES + _admin_rows()


def _client(w: World, role: str, row: Write):
    user = w.users[role]
    if row.route.startswith("admin:") or row.page:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the admin and the pages sign in with a session
        if user is not None:
            client.force_login(user)
        return client
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.method} {row.name}")
def test_write(world, row: Write, role: str):
    from .roles_world import database_digest, digest_changes

    expected = row.expect[ROLES.index(role)]
    client = _client(world, role, row)
    user = world.users[role]
    path = row.url(world, user)
    data = row.payload(world, user) if row.payload else None
    before = database_digest()

    if row.route.startswith("admin:") or row.page:
        response = getattr(client, row.method.lower())(path, data or {})
    else:
        response = getattr(client, row.method.lower())(path, data, format="json")

    changed = digest_changes(before, database_digest())
    detail = f"{role} {row.method} {path}: {response.status_code} {response.content[:400]!r}"
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), detail
    elif expected == REFUSED:
        assert response.status_code == 302 and response["Location"] == path, detail
    elif expected == SIGNIN:
        assert response.status_code == 302 and response["Location"].startswith("/kirjaudu/?next="), detail
    elif expected == DONE:
        assert response.status_code == 302 and response["Location"].startswith(LP), detail
    else:
        assert response.status_code == expected, detail
    refused = expected in (LOGIN, REFUSED, SIGNIN) or (expected != DONE and expected >= 400)
    refused = refused or (row.route.startswith("admin:") and not row.writes)
    if refused:
        assert changed == [], f"{detail}\nrefused, yet these tables changed: {changed}"
    elif row.writes:
        assert changed, f"{detail}\nallowed, yet nothing was stored"


# --- Completeness -------------------------------------------------------------------------------

# Routes that accept an unsafe method but are no write of the service's data, with the reason.
NOT_WRITES = {
    ("admin:login", "POST"): "signing in: the sign-in form (rate limits belong to the hardening part)",
    ("admin:logout", "POST"): "signing out ends the own session only",
}

# Pages and OGC/tile/export views are plain functions that only read; none has a form that
# posts to it (the map's layer form never submits). A POST to one is refused by the CSRF check
# and writes nothing: test_pages_do_not_write below checks that for every one of them.
READ_ONLY_FUNCTION_VIEWS = "function views: pages, OGC API, tiles and exports render only"


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), (namespace + pattern.name) if pattern.name else None, pattern


def _unsafe_methods(pattern) -> set[str] | None:
    """The unsafe methods a DRF view answers; None for a plain function view."""
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    cls = getattr(callback, "cls", None)
    if actions is not None:
        return {m.upper() for m in actions if m in UNSAFE}
    if cls is not None:
        return {m.upper() for m in UNSAFE if hasattr(cls, m)}
    return None


def _table_keys() -> set[tuple[str, str]]:
    return {(row.route, row.method) for row in TABLE}


def test_every_api_write_has_a_row():
    missing = []
    for route, name, pattern in _walk(get_resolver()):
        if route.startswith("admin/"):
            continue
        for method in sorted(_unsafe_methods(pattern) or ()):
            if (name, method) not in _table_keys() and (name, method) not in NOT_WRITES:
                missing.append(f"{method} {route} ({name})")
    assert missing == [], "write operations without a row in the roles table"


def test_every_write_in_the_openapi_schema_has_a_row():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    missing = []
    for path, operations in schema["paths"].items():
        for method in operations:
            if method not in UNSAFE:
                continue
            concrete = path
            for placeholder in ("{pk}", "{id}", "{service_request_id}"):
                concrete = concrete.replace(placeholder, "1")
            match = resolve(concrete)
            if (match.url_name, method.upper()) not in _table_keys():
                missing.append(f"{method.upper()} {path}")
    assert missing == []
    assert sum(1 for p in schema["paths"].values() for m in p if m in UNSAFE) >= 25  # the walk did find them


def test_every_function_view_is_known_to_only_read():
    """A plain function view may not take a write without joining the table: those known to
    only read are listed by their URL name here; those that write have their rows."""
    known = {
        "luotsit:me", "luotsit:resident-areas", "luotsit:budget-proposals", "luotsit:contacts", "luotsit:coverage", "ogc:landing", "ogc:conformance", "ogc:api", "ogc:collections", "ogc:collection", "ogc:items",
        "ogc:item", "ogc:queryables", "ogc:tile", "ogc:tilejson", "ogc:export", "budgeting:project", "map_ui:city-map", "map_ui:area", "map_ui:near-me",
        "map_ui:case", "map_ui:space", "map_ui:initiative", "map_ui:participation", "map_ui:initiative-report",
        # The footer's info pages: templates only (map_ui.info_pages).
        "map_ui:accessibility", "map_ui:privacy", "map_ui:open-data",
        # The search's results page and the near-me page's list of the nearest items (search.pages).
        "map_ui:search", "map_ui:near-me-items",
        # Sign-in (accounts, tests/accounts): their POSTs sign in or out, which changes only the own session.
        "accounts:signin", "accounts:signin-failed", "accounts:signout", "accounts:me",
        # The own API tokens (POST: make one, revoke one's own; tests/accounts/test_api_tokens.py).
        "accounts:tokens", "accounts:token-revoke",
        # Residents' own areas (POST to new: the signed-in person's own proposal, through
        # resident_areas.services as the API; tests/resident_areas/test_pages.py).
        "resident_areas:list", "resident_areas:new", "resident_areas:detail",
        "oidc_authentication_init", "oidc_authentication_callback",
        # Budgeting pages: round, results, proposal and project pages read; proposing, supporting and
        # voting POST to the services the API's rows cover, signed in (tests/budgeting/test_pages_*).
        "budgeting:current-round", "budgeting:round", "budgeting:results", "budgeting:proposal",
        "budgeting:propose", "budgeting:proposal-support", "budgeting:vote", "budgeting:vote-done",
        # Feedback and initiative pages: lists and pages read; sending, following, supporting and
        # writing POST to the services the API's rows cover (tests/feedback/test_pages.py,
        # tests/initiatives/test_pages.py); the photo is read only by those who may see its request.
        "feedback:list", "feedback:new", "feedback:detail", "feedback:follow", "feedback:photo",
        "initiatives:list", "initiatives:new", "initiatives:write", "initiatives:support", "initiatives:follow",
    }  # fmt: skip
    found = {
        name
        for route, name, pattern in _walk(get_resolver())
        if not route.startswith("admin/") and _unsafe_methods(pattern) is None
    }
    assert found - {row.route for row in PAGE_WRITES} == known, READ_ONLY_FUNCTION_VIEWS


def test_every_admin_model_and_action_has_rows():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_EXPECT) == set(ADMIN_OBJECTS)
    actions = set()
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.actions or ():
            name = action if isinstance(action, str) else action.__name__
            actions.add((model._meta.label_lower, name))
    assert actions == set(ADMIN_ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ("anonymous", "resident"))
def test_pages_do_not_write(world, role):
    """Every read-only page and OGC/tile/export view, POSTed to (with the CSRF check on, as a
    browser would be): no 2xx that stores anything, and no 500."""
    from .roles_world import database_digest, digest_changes

    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    if world.users[role]:
        client.force_login(world.users[role])
    paths = [
        "/", "/en/", "/lahella/", f"/alue/osa-alue/010/", f"/asia/{world.case.case_id}/", f"/tila/{world.space.pk}/",
        f"/aloite/{world.initiative.pk}/", "/osallistuminen/", "/osallistuminen/aloiteraportti/", "/luotsit/me/",
        f"/budjetointi/hankkeet/{world.project_on_ballot.pk}/", "/budjetointi/",
        # The budgeting forms without a CSRF token: refused like any page, nothing stored.
        f"/budjetointi/{world.proposal_round.year}/ehdota/", f"/budjetointi/{world.voting_round.year}/aanesta/",
        f"/budjetointi/ehdotukset/{world.proposal.pk}/tue/", "/ogc/", "/ogc/collections", "/ogc/collections/cases/items",
        "/luotsit/me/asukasalueet/", "/luotsit/me/budjettiehdotukset/", "/luotsit/me/yhteydenotot/", "/luotsit/me/kattavuus/",
        f"/luotsit/me/asukasalueet/{world.resident_area.pk}/", "/luotsit/me/profiili/", f"/luotsit/me/budjettiehdotukset/{world.proposal.pk}/",
        "/tiles/cases/10/582/296.mvt", "/exports/cases.csv",
    ]  # fmt: skip
    before = database_digest()
    for path in paths:
        response = client.post(path, {"title": "x"})
        assert response.status_code == 403, f"{path}: {response.status_code}"
    assert digest_changes(before, database_digest()) == []


# --- Reading the admin: what a planner may open (README: planners' tools); everything else is 403,
# and those who are not staff are sent to sign in.
PLANNER_VIEWS = {
    "luotsit.luotsi", "budgeting.budgetround", "budgeting.proposal", "budgeting.project", "cases.case",
    "cases.caselocation", "spaces.space", "feedback.service", "areas.area", "imports.importrun",
    "events.areaevent", "volunteering.organiser", "volunteering.opportunity",
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("role", ("resident", "luotsi", "planner"))
@pytest.mark.parametrize("page", ("changelist", "change"))
@pytest.mark.parametrize("label", sorted(ADMIN_OBJECTS))
def test_admin_read(world, label: str, page: str, role: str):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users[role])
    path = _admin_path(label) + (f"{ADMIN_OBJECTS[label](world)}/change/" if page == "change" else "")
    response = client.get(path)
    detail = f"{role} GET {path}: {response.status_code}"
    if role != "planner":
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), detail
    else:
        assert response.status_code == (200 if label in PLANNER_VIEWS else 403), detail


@pytest.mark.django_db
def test_the_planners_admin_index_lists_only_their_models(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users["planner"])
    listed = {
        f"{app['app_label']}.{model['object_name'].lower()}"
        for app in client.get("/admin/").context["app_list"]
        for model in app["models"]
    }
    assert listed == PLANNER_VIEWS
