"""/api/v1/initiatives/ pages built by PostgreSQL publish what InitiativeSerializer publishes, for
each viewer: `is_mine` for the author only, drafts and withdrawn initiatives for their author only,
support and follow counts, category and sector names in the page's language; cursor pages to the end
(a draft has no submitted_at: the NULLs of the list's first ordering term)."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from feedback.models import Sector
from initiatives import services
from initiatives.api.serializers import InitiativeSerializer
from initiatives.models import Initiative, InitiativeCategory
from tests.areas.sql_parity import assert_same_page, assert_same_pages
from tests.feedback.conftest import ITAKESKUS, KALLIO, point

URL = "/api/v1/initiatives/"
TEXT = "Rannalla ei ole tarpeeksi penkkejä istua ja katsella merta."


@pytest.fixture
def people(db):
    make = get_user_model().objects.create_user
    planner = make(username="suunnittelija")
    planner.groups.add(Group.objects.get_or_create(name="planner")[0])
    return {"author": make(username="aloitteentekija"), "supporter": make(username="tukija"),
            "other": make(username="toinen"), "planner": planner}  # fmt: skip


@pytest.fixture
def initiatives(demo_areas, people):
    """Five initiatives by one author: submitted at a place, in preparation with a sector (no Swedish
    name: the fallback), answered, a draft and a withdrawn one. Supports and follows on two."""
    environment = Sector.objects.create(code="kymp", name_fi="Kaupunkiympäristö", name_sv="Stadsmiljö", name_en="Urban environment")
    culture = Sector.objects.create(code="kuva", name_fi="Kulttuuri ja vapaa-aika", name_en="Culture and leisure")
    category = InitiativeCategory.objects.create(
        code="environment", name_fi="Ympäristö", name_sv="Miljö", name_en="Environment", sector=environment
    )
    author, planner = people["author"], people["planner"]

    def initiative(title, **extra):
        return services.initiative_create(author=author, title=title, text=TEXT, category=category, **extra)

    placed = initiative("Penkkejä Kallioon", point=point(KALLIO), youth=True)
    preparing = initiative("Puita Itäkeskukseen", point=point(ITAKESKUS))
    services.initiative_handle(initiative=preparing, user=planner, state=Initiative.State.IN_PREPARATION, sector=culture)
    answered = initiative("Valaistus puistoon")
    services.initiative_handle(
        initiative=answered, user=planner, state=Initiative.State.ANSWERED, answer="Valot asennetaan.", actions="Tilattu."
    )
    draft = initiative("Luonnos aloitteeksi", submit=False)
    withdrawn = initiative("Peruttu aloite")
    services.initiative_withdraw(initiative=withdrawn, user=author)
    services.initiative_support(initiative=placed, user=people["supporter"])
    services.initiative_support(initiative=placed, user=people["other"])
    services.initiative_follow(initiative=placed, user=people["other"])
    services.initiative_follow(initiative=preparing, user=people["supporter"])
    services.initiative_follow(initiative=preparing, user=people["other"])
    return {"placed": placed, "preparing": preparing, "answered": answered, "draft": draft, "withdrawn": withdrawn}


def ids(page) -> list[int]:
    return [feature["id"] for feature in page["features"]]


def in_list_order(*initiatives) -> list[int]:
    """submitted_at descending with the NULLs (drafts) first, as PostgreSQL sorts them; then id descending."""
    rows = Initiative.objects.filter(pk__in=[i.pk for i in initiatives]).values_list("submitted_at", "pk")
    return [pk for _at, pk in sorted(rows, key=lambda row: (row[0] is not None, row[0] and -row[0].timestamp(), -row[1]))]


@pytest.mark.parametrize("viewer", [None, "supporter", "planner", "author"])
def test_each_viewer_sees_what_the_serializer_shows_them(api_client, monkeypatch, initiatives, people, viewer):
    if viewer:
        api_client.force_login(people[viewer])
    page = assert_same_page(api_client, monkeypatch, URL, InitiativeSerializer)
    public = [initiatives[name] for name in ("placed", "preparing", "answered")]
    shown = public + [initiatives["draft"], initiatives["withdrawn"]] if viewer == "author" else public
    assert ids(page) == in_list_order(*shown) and page["count"] == len(shown)
    by_id = {feature["id"]: feature["properties"] for feature in page["features"]}
    assert {p["is_mine"] for p in by_id.values()} == {viewer == "author"}
    placed, preparing = by_id[initiatives["placed"].pk], by_id[initiatives["preparing"].pk]
    assert (placed["support_count"], placed["follow_count"], preparing["support_count"], preparing["follow_count"]) == (2, 1, 0, 2)
    assert preparing["sector"] == {"code": "kuva", "name": "Culture and leisure"}  # the API client asks for English
    assert placed["areas"] and placed["youth"] is True


@pytest.mark.parametrize(
    "headers, query",
    [
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {}),
        ({"HTTP_ACCEPT_LANGUAGE": "sv"}, {}),
        ({"HTTP_ACCEPT_LANGUAGE": "sv"}, {"srid": "3067"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"near": "60.1699,24.9384"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"ordering": "-support_count"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"q": "penkkejä"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"page": "1"}),
    ],
)
def test_languages_crs_and_orderings(api_client, monkeypatch, initiatives, people, headers, query):
    api_client.force_login(people["author"])
    page = assert_same_page(api_client, monkeypatch, URL, InitiativeSerializer, query, **headers)
    if headers["HTTP_ACCEPT_LANGUAGE"] == "sv" and not query:
        by_id = {feature["id"]: feature["properties"] for feature in page["features"]}
        assert by_id[initiatives["placed"].pk]["category"]["name"] == "Miljö"
        assert by_id[initiatives["placed"].pk]["state_label"] != "submitted"
        # Culture has no Swedish name: modeltranslation's fallback, Finnish first.
        assert by_id[initiatives["preparing"].pk]["sector"]["name"] == "Kulttuuri ja vapaa-aika"
    if "q" in query:  # every text says "penkkejä"; the titles rank first ("Penkkejä Kallioon")
        assert ids(page)[0] == initiatives["placed"].pk and len(ids(page)) == len(initiatives)
    if query.get("srid") == "3067":
        placed = next(f for f in page["features"] if f["id"] == initiatives["placed"].pk)
        assert placed["geometry"]["coordinates"][0] > 180  # metres, not degrees


# Anonymous viewers see 3 initiatives, the author 5: a page size equal to the list, one less (one
# more row than a page holds), and sizes that split the list in full pages and a short one.
@pytest.mark.parametrize(
    "viewer, page_size, pages_expected", [(None, 3, 1), (None, 2, 2), (None, 1, 3), ("author", 5, 1), ("author", 4, 2), ("author", 2, 3)]
)
def test_cursor_pages_to_the_end(api_client, monkeypatch, initiatives, people, viewer, page_size, pages_expected):
    if viewer:
        api_client.force_login(people[viewer])
    pages = assert_same_pages(api_client, monkeypatch, URL, InitiativeSerializer, {"page_size": page_size})
    shown = list(initiatives.values()) if viewer else [initiatives[n] for n in ("placed", "preparing", "answered")]
    assert len(pages) == pages_expected == -(-len(shown) // page_size)
    assert [page["count"] for page in pages] == [len(shown)] + [None] * (pages_expected - 1)
    assert [pk for page in pages for pk in ids(page)] == in_list_order(*shown)


def test_an_initiative_withdrawn_after_the_first_page_is_not_on_the_next(api_client, monkeypatch, initiatives):
    first = api_client.get(URL, {"page_size": 1}).json()
    assert ids(first) == in_list_order(*(initiatives[n] for n in ("placed", "preparing", "answered")))[:1]
    later = in_list_order(*(initiatives[n] for n in ("placed", "preparing", "answered")))[1:]
    Initiative.objects.filter(pk=later[0]).update(state=Initiative.State.WITHDRAWN)
    query = dict(parse_qsl(urlsplit(first["next"]).query))
    found = [pk for page in assert_same_pages(api_client, monkeypatch, URL, InitiativeSerializer, query) for pk in ids(page)]
    assert found == later[1:]
