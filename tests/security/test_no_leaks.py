"""No ballot and no unpublished personal data leaves through any GET route.

The world (roles_world.py) seeds sentinels: who voted for what (the voter's
account, name and birth date), a luotsi's unpublished e-mail and phone, an
erased luotsi's former data, authors' names and accounts, feedback senders'
contacts and the exact point they gave, every user's e-mail. Every GET route of
the service is fetched as anonymous and as an ordinary resident (lists, details,
exports in all three formats, OGC items as JSON and HTML, vector tiles, map and
area pages, participation reports, the OpenAPI schema), and so are error answers
naming those objects; no body may contain a sentinel. Bodies are searched as
bytes: a GeoPackage's SQLite pages and a vector tile's protobuf keep strings as
UTF-8, so a sentinel in them is found the same way.
"""

from __future__ import annotations

import json
from typing import Callable

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from ogc.registry import collection_registry

from . import roles_world as rw
from .roles_world import World, area, world_fixture

world = pytest.fixture(scope="module")(world_fixture)

SENTINELS = [
    rw.SECRET_LUOTSI_EMAIL,
    rw.SECRET_LUOTSI_PHONE,
    rw.ERASED_LUOTSI_NAME,
    rw.ERASED_LUOTSI_EMAIL,
    rw.ERASED_LUOTSI_PHONE,
    rw.FEEDBACK_EMAIL,
    rw.ORGANISER_EMAIL,
    rw.ORGANISER_PHONE,
    rw.FEEDBACK_FIRST,
    rw.FEEDBACK_LAST,
    rw.USER_EMAIL_DOMAIN,
    rw.AUTHOR_USERNAME,
    rw.AUTHOR_FIRST,
    rw.AUTHOR_LAST,
    rw.VOTER_USERNAME,
    rw.VOTER_FIRST,
    rw.VOTER_LAST,
    rw.VOTER_BIRTH.isoformat(),
    rw.VOTER_BIRTH.strftime("%d.%m.%Y"),
    "17.7.1977",
    # The exact feedback point (public output rounds it to a 250 m grid).
    f"{rw.FEEDBACK_LONLAT[0]:.5f}",
    f"{rw.FEEDBACK_LONLAT[1]:.5f}",
    # ... and in EPSG:3067, to the decimetre, as an srid=3067 answer would print it.
    *(f"{v:.1f}" for v in __import__("django.contrib.gis.geos", fromlist=["Point"]).Point(*rw.FEEDBACK_LONLAT, srid=4326).transform(3067, clone=True).coords),
]

OGC_FORMATS = ("json", "html")
EXPORT_FORMATS = ("geojson", "csv", "gpkg")


def _tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    import math

    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def _collections() -> list[str]:
    return [c.id for c in collection_registry.all()]


def _first_item_ids(client, collection: str) -> list[str]:
    response = client.get(f"/ogc/collections/{collection}/items", {"limit": 3, "f": "json"})
    if response.status_code != 200:
        return []
    return [str(f["id"]) for f in json.loads(_body(response)).get("features", [])]


# Every GET route (by URL name) and the paths that exercise it: lists, details of the
# seeded objects, and error answers that name them. Built from the world at test time.
# fmt: off
CRAWL: dict[str, Callable[[World, Client], list[str]]] = {
    "area-lookup": lambda w, c: ["/api/v1/lookup/?lat=60.1841&lon=24.9497", "/api/v1/lookup/?lat=91&lon=x"],
    "area-labels": lambda w, c: ["/api/v1/area-labels/?divisions=suurpiiri,asukasalue", "/api/v1/area-labels/?divisions=nope"],
    "land": lambda w, c: ["/api/v1/land/"],
    "division-list": lambda w, c: ["/api/v1/divisions/"],
    "division-detail": lambda w, c: ["/api/v1/divisions/osa-alue/", "/api/v1/divisions/nope/"],
    "area-list": lambda w, c: ["/api/v1/areas/?division=osa-alue", "/api/v1/areas/?division=resident"],
    "area-detail": lambda w, c: [f"/api/v1/areas/{area('osa-alue', '010').pk}/", "/api/v1/areas/999999/"],
    "area-summary": lambda w, c: [f"/api/v1/areas/{area('osa-alue', '010').pk}/summary/", f"/api/v1/areas/{area('suurpiiri', '3').pk}/summary/"],
    "resident-area-list": lambda w, c: ["/api/v1/resident-areas/", "/api/v1/resident-areas/?state=proposed", "/api/v1/resident-areas/?state=x"],
    "resident-area-detail": lambda w, c: [f"/api/v1/resident-areas/{w.resident_area.pk}/", f"/api/v1/resident-areas/{w.resident_area_draft.pk}/"],
    "resident-area-history": lambda w, c: [f"/api/v1/resident-areas/{w.resident_area.pk}/history/"],
    "resident-area-overlap": lambda w, c: [f"/api/v1/resident-areas/{w.resident_area.pk}/overlap/"],
    "luotsi-lookup": lambda w, c: ["/api/v1/luotsit/lookup/?lat=60.1699&lon=24.9384", f"/api/v1/luotsit/lookup/?area={area('osa-alue', '020').pk}",
                                   f"/api/v1/luotsit/lookup/?area={area('suurpiiri', '3').pk}"],
    "luotsi-coverage": lambda w, c: ["/api/v1/luotsit/coverage/", "/api/v1/luotsit/coverage/?division=osa-alue"],
    "luotsi-me": lambda w, c: ["/api/v1/luotsit/me/"],
    "luotsi-list": lambda w, c: ["/api/v1/luotsit/", "/api/v1/luotsit/?include_inactive=true", "/api/v1/luotsit/?role=x"],
    "luotsi-detail": lambda w, c: [f"/api/v1/luotsit/{w.luotsi_secret.pk}/", f"/api/v1/luotsit/{w.luotsi_erased.pk}/",
                                   f"/api/v1/luotsit/{w.luotsi_own.pk}/", f"/api/v1/luotsit/{w.luotsi_secret.pk}/?include_inactive=true"],
    "budget-round-list": lambda w, c: ["/api/v1/budgeting/rounds/"],
    "budget-round-detail": lambda w, c: [f"/api/v1/budgeting/rounds/{w.voting_round.pk}/"],
    "budget-round-allocation": lambda w, c: [f"/api/v1/budgeting/rounds/{w.voting_round.pk}/allocation/"],
    "budget-round-my-ballot": lambda w, c: [f"/api/v1/budgeting/rounds/{r.pk}/my-ballot/" for r in (w.voting_round, w.results_round)],
    "budget-round-results": lambda w, c: [f"/api/v1/budgeting/rounds/{r.pk}/results/" for r in (w.voting_round, w.results_round)],
    "budget-round-results-csv": lambda w, c: [f"/api/v1/budgeting/rounds/{r.pk}/results/csv/" for r in (w.voting_round, w.results_round)],
    "budget-round-winners": lambda w, c: [f"/api/v1/budgeting/rounds/{r.pk}/winners/" for r in (w.voting_round, w.results_round)],
    "budget-proposal-list": lambda w, c: ["/api/v1/budgeting/proposals/", "/api/v1/budgeting/proposals/?round=abc",
                                          f"/api/v1/budgeting/proposals/?round={w.proposal_round.pk}&srid=3067"],
    "budget-proposal-similar": lambda w, c: [f"/api/v1/budgeting/proposals/similar/?round={w.proposal_round.pk}&title=benches"],
    "budget-proposal-detail": lambda w, c: [f"/api/v1/budgeting/proposals/{w.proposal.pk}/"],
    "budget-project-list": lambda w, c: ["/api/v1/budgeting/projects/"],
    "budget-project-detail": lambda w, c: [f"/api/v1/budgeting/projects/{w.project_on_ballot.pk}/"],
    "case-list": lambda w, c: ["/api/v1/cases/"],
    "case-detail": lambda w, c: [f"/api/v1/cases/{w.case.case_id}/"],
    "search": lambda w, c: ["/api/v1/search/?q=Kallio", f"/api/v1/search/?q={w.case.case_id}", f"/api/v1/search/?q={w.space.name}"],
    "space-list": lambda w, c: ["/api/v1/spaces/"],
    "space-detail": lambda w, c: [f"/api/v1/spaces/{w.space.pk}/"],
    "event-list": lambda w, c: ["/api/v1/events/", "/api/v1/events/?upcoming_days=30"],
    "event-detail": lambda w, c: [f"/api/v1/events/{w.extra['event'].pk}/"],
    "volunteering-list": lambda w, c: ["/api/v1/volunteering/", "/api/v1/volunteering/?age=16"],
    "volunteering-detail": lambda w, c: [f"/api/v1/volunteering/{w.extra['opportunity'].pk}/"],
    "open311-services": lambda w, c: ["/api/v1/open311/services.json"],
    "open311-requests": lambda w, c: ["/api/v1/open311/requests.json", f"/api/v1/open311/requests.json?service_request_id={w.feedback.pk}",
                                      "/api/v1/open311/requests.json?lat=60.1843&long=24.9512&radius=250",
                                      "/api/v1/open311/requests.json?status=bogus"],
    "open311-request": lambda w, c: [f"/api/v1/open311/requests/{w.feedback.pk}.json", "/api/v1/open311/requests/999999.json"],
    "feedback-similar": lambda w, c: ["/api/v1/feedback/similar/?description=pothole%20corner&lat=60.1843&lon=24.9512"],
    "feedback-area-counts": lambda w, c: ["/api/v1/feedback/areas/?division=suurpiiri", "/api/v1/feedback/areas/?division=osa-alue"],
    "initiative-list": lambda w, c: ["/api/v1/initiatives/"],
    "initiative-kind-check": lambda w, c: ["/api/v1/initiatives/kind-check/"],
    "initiative-similar": lambda w, c: ["/api/v1/initiatives/similar/?title=more%20trees"],
    "initiative-detail": lambda w, c: [f"/api/v1/initiatives/{w.initiative.pk}/", f"/api/v1/initiatives/{w.initiative_draft.pk}/"],
    "participation-areas": lambda w, c: ["/api/v1/participation/areas/", "/api/v1/participation/areas/?division=osa-alue"],
    "participation-areas-csv": lambda w, c: ["/api/v1/participation/areas.csv"],
    "participation-initiative-report": lambda w, c: ["/api/v1/participation/initiative-report/"],
    "participation-initiative-report-csv": lambda w, c: ["/api/v1/participation/initiative-report.csv"],
    "schema": lambda w, c: ["/api/schema/"],
    "swagger-ui": lambda w, c: ["/api/docs/"],
    "luotsit:me": lambda w, c: ["/luotsit/me/", "/en/luotsit/me/"],
    "luotsit:resident-areas": lambda w, c: ["/luotsit/me/asukasalueet/"],
    "luotsit:resident-area": lambda w, c: [f"/luotsit/me/asukasalueet/{w.resident_area.pk}/"],
    "luotsit:budget-proposals": lambda w, c: ["/luotsit/me/budjettiehdotukset/"],
    "luotsit:budget-proposal": lambda w, c: [f"/luotsit/me/budjettiehdotukset/{w.proposal.pk}/"],
    "luotsit:contacts": lambda w, c: ["/luotsit/me/yhteydenotot/"],
    "luotsit:profile": lambda w, c: ["/luotsit/me/profiili/"],
    "luotsit:coverage": lambda w, c: ["/luotsit/me/kattavuus/"],
    "ogc:landing": lambda w, c: ["/ogc/"],
    "ogc:conformance": lambda w, c: ["/ogc/conformance"],
    "ogc:api": lambda w, c: ["/ogc/api"],
    "ogc:collections": lambda w, c: ["/ogc/collections", "/ogc/collections?f=html"],
    "ogc:collection": lambda w, c: [f"/ogc/collections/{cid}" for cid in _collections()] + ["/ogc/collections/feedback-exact"],
    "ogc:queryables": lambda w, c: [f"/ogc/collections/{cid}/queryables?f={f}" for cid in _collections() for f in OGC_FORMATS],
    "ogc:tilejson": lambda w, c: [f"/tiles/{cid}.json" for cid in _collections()],
    "ogc:items": lambda w, c: [f"/ogc/collections/{cid}/items?f={f}&limit=1000" for cid in _collections() for f in OGC_FORMATS],
    "ogc:item": lambda w, c: [f"/ogc/collections/{cid}/items/{fid}?f={f}" for cid in _collections()
                              for fid in _first_item_ids(c, cid) for f in OGC_FORMATS],
    "ogc:tile": lambda w, c: [f"/tiles/{cid}/{z}/{x}/{y}.mvt" for cid in _collections() for z in (12, 15)
                              for x, y in [_tile_of(*rw.FEEDBACK_LONLAT, z), _tile_of(24.9384, 60.1699, z)]],
    "ogc:export": lambda w, c: [f"/exports/{cid}.{fmt}" for cid in _collections() for fmt in EXPORT_FORMATS],
    "budgeting:project": lambda w, c: [f"/budjetointi/hankkeet/{w.project_on_ballot.pk}/", f"/en/budjetointi/hankkeet/{w.project.pk}/"],
    "budgeting:current-round": lambda w, c: ["/budjetointi/", "/en/budjetointi/"],
    "budgeting:round": lambda w, c: [f"/budjetointi/{r.year}/" for r in (w.proposal_round, w.voting_round, w.results_round)],
    "budgeting:results": lambda w, c: [f"/en/budjetointi/{r.year}/tulokset/" for r in (w.voting_round, w.results_round)],
    "budgeting:propose": lambda w, c: [f"/budjetointi/{w.proposal_round.year}/ehdota/"],
    "budgeting:proposal": lambda w, c: [f"/budjetointi/ehdotukset/{w.proposal.pk}/", f"/en/budjetointi/ehdotukset/{w.proposal.pk}/"],
    "budgeting:proposal-support": lambda w, c: [f"/budjetointi/ehdotukset/{w.proposal.pk}/tue/"],
    "budgeting:vote": lambda w, c: [f"/en/budjetointi/{r.year}/aanesta/" for r in (w.voting_round, w.results_round)],
    "budgeting:vote-done": lambda w, c: [f"/en/budjetointi/{r.year}/aanesta/valmis/" for r in (w.voting_round, w.results_round)],
    "map_ui:city-map": lambda w, c: ["/", "/en/", "/sv/"],
    "map_ui:area": lambda w, c: ["/alue/osa-alue/010/", "/en/alue/osa-alue/020/", "/alue/suurpiiri/3/", "/alue/peruspiiri/101/",
                                 "/alue/osa-alue/nope/"],
    "map_ui:near-me": lambda w, c: ["/lahella/", "/en/lahella/?lat=60.1843&lon=24.9512"],
    "map_ui:case": lambda w, c: [f"/asia/{w.case.case_id}/"],
    "map_ui:space": lambda w, c: [f"/tila/{w.space.pk}/"],
    "map_ui:initiative": lambda w, c: [f"/aloite/{w.initiative.pk}/", f"/en/aloite/{w.initiative_draft.pk}/"],
    "map_ui:participation": lambda w, c: ["/osallistuminen/", "/en/osallistuminen/"],
    "map_ui:initiative-report": lambda w, c: ["/osallistuminen/aloiteraportti/"],
    "map_ui:accessibility": lambda w, c: ["/saavutettavuus/", "/sv/saavutettavuus/"],
    "map_ui:privacy": lambda w, c: ["/tietosuoja/", "/en/tietosuoja/"],
    "map_ui:open-data": lambda w, c: ["/avoin-data/", "/sv/avoin-data/"],
    "map_ui:search": lambda w, c: ["/haku/?q=Kallio", f"/en/haku/?q={w.case.case_id}", f"/haku/?q={w.space.name}"],
    "map_ui:near-me-items": lambda w, c: ["/lahella/kohteet/?lat=60.1843&lon=24.9512", "/en/lahella/kohteet/?lat=60.1699&lon=24.9384"],
    "accounts-me": lambda w, c: ["/api/v1/me/"],
    "accounts:signin": lambda w, c: ["/kirjaudu/", "/en/kirjaudu/?next=/oma-sivu/"],
    "accounts:signin-failed": lambda w, c: ["/kirjaudu/epaonnistui/"],
    "accounts:signout": lambda w, c: ["/kirjaudu-ulos/"],
    "accounts:me": lambda w, c: ["/oma-sivu/", "/en/oma-sivu/"],
    "accounts:tokens": lambda w, c: ["/oma-sivu/tunnisteet/"],
    "resident_areas:list": lambda w, c: ["/omat-alueet/", "/en/omat-alueet/"],
    "resident_areas:new": lambda w, c: ["/omat-alueet/uusi/", "/sv/omat-alueet/uusi/"],
    "resident_areas:detail": lambda w, c: [f"/omat-alueet/{w.resident_area.pk}/", f"/en/omat-alueet/{w.resident_area_draft.pk}/",
                                           f"/omat-alueet/{w.resident_area_far.pk}/"],
    "accounts:token-revoke": lambda w, c: ["/oma-sivu/tunnisteet/1/peru/"],
    # Feedback and initiative pages: the request's page shows its 250 m cell, never its point or sender.
    "feedback:list": lambda w, c: ["/palaute/", "/sv/palaute/?sivu=2"],
    "feedback:new": lambda w, c: ["/palaute/uusi/", "/en/palaute/uusi/"],
    "feedback:detail": lambda w, c: [f"/palaute/{w.feedback.pk}/", f"/en/palaute/{w.feedback.pk}/"],
    "feedback:follow": lambda w, c: [f"/palaute/{w.feedback.pk}/seuraa/"],
    "feedback:photo": lambda w, c: ["/palaute/kuva/00000000-0000-4000-8000-000000000000/"],
    "events:luotsi-new": lambda w, c: ["/luotsit/me/tapahtumat/uusi/", "/en/luotsit/me/tapahtumat/uusi/"],
    "volunteering:new": lambda w, c: ["/vapaaehtoistyo/uusi/", "/en/vapaaehtoistyo/uusi/"],
    "initiatives:list": lambda w, c: ["/aloitteet/", "/en/aloitteet/?kanava=nuoret"],
    "initiatives:new": lambda w, c: ["/aloitteet/uusi/"],
    "initiatives:write": lambda w, c: ["/aloitteet/uusi/kirjoita/"],
    "initiatives:support": lambda w, c: [f"/aloite/{w.initiative.pk}/tue/"],
    "initiatives:follow": lambda w, c: [f"/aloite/{w.initiative.pk}/seuraa/"],
    "oidc_authentication_init": lambda w, c: ["/oidc/authenticate/"],
    "oidc_authentication_callback": lambda w, c: ["/oidc/callback/", "/oidc/callback/?code=x&state=y"],
}
# fmt: on

# GET routes not crawled, with the reason.
NOT_CRAWLED = {
    "admin:*": "the admin is for staff, who see personal data by design; non-staff are sent to its sign-in page "
    "(test_roles.py); its sign-in page shows no data",
}


def _client(w: World, role: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if w.users[role] is not None:
        client.force_login(w.users[role])
    return client


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ("anonymous", "resident"))
@pytest.mark.parametrize("route", sorted(CRAWL))
def test_no_sentinel_in_any_answer(world, route, role):
    client = _client(world, role)
    paths = CRAWL[route](world, client)
    assert paths, f"{route}: nothing to fetch"
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        body = _body(response)
        found = [s for s in SENTINELS if s.encode() in body]
        assert found == [], f"{role} GET {path} ({response.status_code}) shows {found}"


@pytest.mark.django_db
def test_the_crawl_reaches_the_seeded_objects(world):
    """The crawl is worth something only if the objects behind the sentinels are really
    there: their public parts show up where they should."""
    client = _client(world, "anonymous")
    assert b"More trees on the street" in client.get(f"/api/v1/initiatives/{world.initiative.pk}/").content
    assert b"Salla Salainen" in client.get(f"/api/v1/luotsit/{world.luotsi_secret.pk}/").content
    assert b"Talkoot asemalla" in client.get("/api/v1/volunteering/").content
    assert b"Asukasilta asemalla" in client.get("/api/v1/events/").content
    assert b"A deep pothole" in client.get(f"/api/v1/open311/requests/{world.feedback.pk}.json").content
    assert b"A deep pothole" in client.get(f"/palaute/{world.feedback.pk}/").content
    feeds = b"".join(_body(client.get(f"/exports/{cid}.csv")) for cid in _collections())
    assert b"Asia asemalla" in feeds
    results = client.get(f"/api/v1/budgeting/rounds/{world.results_round.pk}/results/")
    assert results.status_code == 200 and b"Built park" in results.content


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        else:
            yield prefix + str(pattern.pattern), (namespace + pattern.name) if pattern.name else None, pattern


def test_every_get_route_is_crawled_or_excluded():
    missing = set()
    for route, name, pattern in _walk(get_resolver()):
        if route.startswith("admin/"):
            continue  # NOT_CRAWLED["admin:*"]
        callback = pattern.callback
        actions = getattr(callback, "actions", None)
        if actions is not None and "get" not in actions:
            continue  # a write-only action: test_roles.py
        cls = getattr(callback, "cls", None)
        if actions is None and cls is not None and not hasattr(cls, "get"):
            continue
        if name not in CRAWL:
            missing.add(f"{route} ({name})")
    assert missing == set()


@pytest.mark.django_db
def test_the_sentinels_are_there_to_be_found(world):
    """A control: those who may see the personal data do see it, byte for byte, so an
    empty search above means the data was kept back, not that it was never stored."""
    planner = _client(world, "planner")
    assert rw.SECRET_LUOTSI_EMAIL.encode() in planner.get(f"/api/v1/luotsit/{world.luotsi_secret.pk}/").content
    admin = _client(world, "admin")
    page = admin.get(f"/admin/feedback/feedbackrequest/{world.feedback.pk}/change/").content
    assert rw.FEEDBACK_EMAIL.encode() in page and rw.FEEDBACK_LAST.encode() in page
    assert rw.VOTER_BIRTH.isoformat().encode() in admin.get(f"/admin/budgeting/voter/{world.voter.pk}/change/").content


def _leaks_in_text(values) -> list[str]:
    text = "\n".join(str(v) for v in values)
    return [s for s in SENTINELS if s in text]


@pytest.mark.django_db
def test_vector_tiles_decoded_show_no_sentinel(world):
    """Decoded, not only searched as bytes: every property of every feature of every layer's
    tiles around the seeded objects."""
    import mapbox_vector_tile

    client = _client(world, "anonymous")
    features = 0
    for path in CRAWL["ogc:tile"](world, client):
        response = client.get(path)
        assert response.status_code in (200, 204), path
        body = _body(response)
        if not body:
            continue
        for name, layer in mapbox_vector_tile.decode(body).items():
            for feature in layer["features"]:
                features += 1
                values = [name, *feature["properties"].keys(), *feature["properties"].values()]
                assert _leaks_in_text(values) == [], f"{path} layer {name}: {feature['properties']}"
    assert features > 0, "the tiles around the seeded objects are all empty: the crawl would prove nothing"


@pytest.mark.django_db
def test_geopackages_opened_show_no_sentinel(world, tmp_path):
    """Each GeoPackage export opened with sqlite3: every text cell of every table."""
    import sqlite3

    client = _client(world, "anonymous")
    rows = 0
    for cid in _collections():
        response = client.get(f"/exports/{cid}.gpkg")
        assert response.status_code == 200, cid
        path = tmp_path / f"{cid}.gpkg"
        path.write_bytes(_body(response))
        with sqlite3.connect(path) as db:
            tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                for row in db.execute(f'SELECT * FROM "{table}"'):
                    rows += 1
                    cells = [c.decode("utf-8", "replace") if isinstance(c, bytes) else c for c in row]
                    assert _leaks_in_text(cells) == [], f"{cid}.gpkg table {table}: {row!r:.300}"
    assert rows > 0
