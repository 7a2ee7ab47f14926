"""/api/v1/budgeting/proposals/ pages built by PostgreSQL publish what ProposalSerializer publishes,
for each viewer: `is_mine` for the author only, withdrawn proposals for their author only, the
support counts, moderation states and reasons for everyone; cursor pages to the last one."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from budgeting import services
from budgeting.api.serializers import ProposalSerializer
from budgeting.models import Proposal
from tests.areas.sql_parity import assert_same_page, assert_same_pages
from tests.budgeting.conftest import CENTRAL_STATION, point, set_phase, suurpiiri

URL = "/api/v1/budgeting/proposals/"
KALLIO = (24.9497, 60.1841)


@pytest.fixture
def people(make_user):
    return {
        "author": make_user("ehdottaja"),
        "supporter": make_user("tukija"),
        "other": make_user("toinen"),
        "planner": make_user("suunnittelija", planner=True),
    }


@pytest.fixture
def proposals(budget_round, people):
    """Six proposals by one author: at a point, for all of Helsinki, in an area, rejected, merged,
    withdrawn; two share a created_at (the id breaks the tie). Three supports on two of them."""
    set_phase(budget_round, "proposals")
    today, author = timezone.localdate(), people["author"]

    def propose(title, **place):
        return services.proposal_create(
            author=author, round=budget_round, title=title, description=f"{title}: kuvaus.", today=today, **place
        )

    bench = propose("Penkki", location=point(CENTRAL_STATION))
    city = propose("Koko kaupungin puut", all_helsinki=True)
    area = propose("Kallion leikkipaikka", area=suurpiiri("3"))
    rejected = propose("Hylätty", location=point(KALLIO))
    merged = propose("Toinen penkki", location=point(CENTRAL_STATION))
    withdrawn = propose("Peruttu", all_helsinki=True)
    for user, proposal in ((people["supporter"], bench), (people["other"], bench), (people["other"], city)):
        services.proposal_support(proposal=proposal, user=user, today=today)
    services.proposal_moderate(proposal=rejected, status=Proposal.Status.REJECTED, reason="Ei kaupungin maata.")
    services.proposal_moderate(proposal=merged, status=Proposal.Status.MERGED, reason="Sama kuin Penkki.", merged_into=bench)
    Proposal.objects.filter(pk=withdrawn.pk).update(status=Proposal.Status.WITHDRAWN)
    Proposal.objects.filter(pk=area.pk).update(created_at=Proposal.objects.get(pk=city.pk).created_at)
    return {"bench": bench, "city": city, "area": area, "rejected": rejected, "merged": merged, "withdrawn": withdrawn}


def ids(page) -> list[int]:
    return [feature["id"] for feature in page["features"]]


def newest_first(*proposals) -> list[int]:
    """The list's order derived from the rows: created_at descending, then id descending."""
    rows = Proposal.objects.filter(pk__in=[p.pk for p in proposals]).values_list("created_at", "pk")
    return [pk for _created, pk in sorted(rows, reverse=True)]


@pytest.mark.parametrize("viewer", [None, "supporter", "planner", "author"])
def test_each_viewer_sees_what_the_serializer_shows_them(api_client, monkeypatch, proposals, people, viewer):
    if viewer:
        api_client.force_login(people[viewer])
    page = assert_same_page(api_client, monkeypatch, URL, ProposalSerializer)
    public = [proposals[name] for name in ("bench", "city", "area", "rejected", "merged")]
    shown = public + [proposals["withdrawn"]] if viewer == "author" else public
    assert ids(page) == newest_first(*shown) and page["count"] == len(shown)
    by_id = {feature["id"]: feature["properties"] for feature in page["features"]}
    assert {p["is_mine"] for p in by_id.values()} == {viewer == "author"}
    assert by_id[proposals["bench"].pk]["support_count"] == 2 and by_id[proposals["city"].pk]["support_count"] == 1
    assert by_id[proposals["area"].pk]["support_count"] == 0
    merged = by_id[proposals["merged"].pk]
    assert (merged["status"], merged["moderation_reason"], merged["merged_into"]) == (
        "merged", "Sama kuin Penkki.", proposals["bench"].pk
    )  # fmt: skip
    assert by_id[proposals["area"].pk]["budget_area"]["code"] == "3" and by_id[proposals["city"].pk]["budget_area"] is None


@pytest.mark.parametrize(
    "headers, query",
    [
        ({"HTTP_ACCEPT_LANGUAGE": "sv"}, {}),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, {}),
        ({"HTTP_ACCEPT_LANGUAGE": "sv"}, {"srid": "3067"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"near": "60.1699,24.9384"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"status": "rejected"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"ordering": "-support_count"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"q": "penkki"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fi"}, {"page": "1"}),
    ],
)
def test_languages_crs_and_filters(api_client, monkeypatch, proposals, people, headers, query):
    api_client.force_login(people["author"])
    page = assert_same_page(api_client, monkeypatch, URL, ProposalSerializer, query, **headers)
    if "q" in query:
        assert set(ids(page)) == {proposals["bench"].pk, proposals["merged"].pk}
    if query.get("srid") == "3067":
        assert page["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::3067"
        located = next(f for f in page["features"] if f["id"] == proposals["bench"].pk)
        assert located["geometry"]["coordinates"][0] > 180  # metres, not degrees
    if headers["HTTP_ACCEPT_LANGUAGE"] == "sv" and not query:
        area = next(f for f in page["features"] if f["id"] == proposals["area"].pk)["properties"]["budget_area"]
        assert area["name"] == area["name_sv"] != area["name_fi"]


# Anonymous viewers see 5 proposals, the author 6: a page size equal to the list, one less (one
# more row than a page holds), and a size the list is an exact multiple of.
@pytest.mark.parametrize(
    "viewer, page_size, pages_expected",
    [(None, 5, 1), (None, 4, 2), (None, 6, 1), ("author", 3, 2), ("author", 2, 3), ("author", 5, 2)],
)
def test_cursor_pages_to_the_end(api_client, monkeypatch, proposals, people, viewer, page_size, pages_expected):
    if viewer:
        api_client.force_login(people[viewer])
    pages = assert_same_pages(api_client, monkeypatch, URL, ProposalSerializer, {"page_size": page_size})
    everything = Proposal.objects.count() - (viewer is None)
    assert len(pages) == pages_expected == -(-everything // page_size)
    assert [len(page["features"]) for page in pages[:-1]] == [page_size] * (pages_expected - 1)
    assert sum(len(page["features"]) for page in pages) == everything
    assert [page["count"] for page in pages] == [everything] + [None] * (pages_expected - 1)
    walked = [pk for page in pages for pk in ids(page)]
    assert walked == newest_first(*Proposal.objects.all() if viewer else Proposal.objects.exclude(status="withdrawn"))


def test_cursor_pages_ordered_by_support_count(api_client, monkeypatch, proposals):
    pages = assert_same_pages(api_client, monkeypatch, URL, ProposalSerializer, {"page_size": 2, "ordering": "-support_count"})
    counts = [f["properties"]["support_count"] for page in pages for f in page["features"]]
    assert counts == [2, 1, 0, 0, 0] and len(pages) == 3


def test_a_proposal_withdrawn_after_the_first_page_is_not_on_the_next(api_client, monkeypatch, proposals):
    first = api_client.get(URL, {"page_size": 2}).json()
    assert proposals["city"].pk not in ids(first)
    Proposal.objects.filter(pk=proposals["city"].pk).update(status=Proposal.Status.WITHDRAWN)
    query = dict(parse_qsl(urlsplit(first["next"]).query))
    later = [pk for page in assert_same_pages(api_client, monkeypatch, URL, ProposalSerializer, query) for pk in ids(page)]
    assert later == newest_first(proposals["area"], proposals["bench"])
