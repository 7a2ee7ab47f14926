"""Participation per area and period, and the twice-yearly initiative report, on crafted data."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from budgeting.models import Ballot, Proposal, ProposalSupport, Voter
from feedback import services as feedback_services
from initiatives import services as initiative_services
from initiatives.models import Initiative, InitiativeCategory, InitiativeSupport
from tests.budgeting.conftest import make_round
from tests.feedback.conftest import ITAKESKUS, KALLIO, area, point

URL = "/api/v1/participation/"


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day + "T12:00:00"))


@pytest.fixture
def crafted(demo_areas, services, sectors):
    User = get_user_model()
    users = [User.objects.create_user(f"u{n}") for n in range(8)]
    keskinen = area("suurpiiri", "3")
    keskinen.population = 2000
    keskinen.save(update_fields=["population"])

    def feedback(lonlat, day):
        made = feedback_services.feedback_create(service=services["176"], description="Graffiti on a wall", point=point(lonlat))
        type(made).objects.filter(pk=made.pk).update(requested_at=at(day))

    for day in ("2025-03-01", "2025-03-02", "2025-06-30"):
        feedback(KALLIO, day)
    feedback(KALLIO, "2025-08-01")
    feedback(ITAKESKUS, "2025-02-01")

    category = InitiativeCategory.objects.create(code="env", name_en="Environment", sector=sectors["kymp"])

    def initiative(title, lonlat, day, author):
        made = initiative_services.initiative_create(
            author=author, title=title, text="Perustelut ovat tässä, pitkästi.", category=category,
            point=point(lonlat) if lonlat else None,
        )  # fmt: skip
        Initiative.objects.filter(pk=made.pk).update(submitted_at=at(day))
        made.refresh_from_db()
        return made

    benches = initiative("Penkit Kallioon", KALLIO, "2025-04-01", users[0])
    answered = initiative("Valot Kallioon", KALLIO, "2025-04-02", users[1])
    initiative("Asukasraati kaikille", None, "2025-02-01", users[2])
    initiative_services.initiative_create(
        author=users[3], title="Luonnos vielä", text="Tämä on vasta luonnos, ei laskettava.", category=category,
        point=point(KALLIO), submit=False,
    )  # fmt: skip
    Initiative.objects.filter(pk=answered.pk).update(
        state="answered", answer="Valot asennetaan.", actions="Kuusi valaisinta tilattu.", answered_at=at("2025-05-15")
    )
    for user in users[4:7]:
        InitiativeSupport.objects.create(initiative=benches, user=user)
    InitiativeSupport.objects.filter(initiative=benches).update(created_at=at("2025-04-10"))

    round = make_round(2025)
    proposal = Proposal.objects.create(round=round, author=users[0], title="Kallion leikkipuisto", description=".", area=keskinen, location=point(KALLIO).transform(3067, clone=True))
    from budgeting.services import budget_item_geometry_sync

    budget_item_geometry_sync(item=proposal, chosen_area=None)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=at("2025-03-10"))
    ProposalSupport.objects.create(proposal=proposal, user=users[5])
    ProposalSupport.objects.filter(proposal=proposal).update(created_at=at("2025-03-11"))
    for user in users[6:8]:
        voter = Voter.objects.create(user=user, birth_date=datetime.date(1990, 1, 1), is_resident=True)
        Ballot.objects.create(round=round, voter=voter, area=keskinen)
    Ballot.objects.update(cast_at=at("2025-10-10"))
    return {"keskinen": keskinen, "answered": answered}


def row(body, code):
    return next(r for r in body["areas"] if r["code"] == code)


class TestPerArea:
    def test_first_half_of_2025(self, api_client, crafted):
        body = api_client.get(f"{URL}areas/", {"year": 2025, "half": 1}).json()
        assert body["period"] == {"start": "2025-01-01", "end": "2025-06-30", "label": "2025/1"}
        keskinen = row(body, "3")
        assert {k: keskinen[k] for k in ("feedback", "initiatives", "initiative_supports", "budget_proposals", "proposal_supports", "supports", "votes")} == {
            "feedback": 3, "initiatives": 2, "initiative_supports": 3, "budget_proposals": 1, "proposal_supports": 1,
            "supports": 4, "votes": 0,
        }  # fmt: skip
        assert keskinen["population"] == 2000 and keskinen["per_1000"]["feedback"] == "1.50"
        assert keskinen["turnout"] == "0.0000"
        assert row(body, "7")["feedback"] == 1 and row(body, "1")["feedback"] == 0
        # The initiative without a place counts in the totals only; the draft nowhere.
        assert body["totals"]["initiatives"] == 3 and body["totals"]["feedback"] == 4

    def test_the_whole_year_counts_the_votes_and_turnout(self, api_client, crafted):
        keskinen = row(api_client.get(f"{URL}areas/", {"year": 2025}).json(), "3")
        assert keskinen["feedback"] == 4 and keskinen["votes"] == 2
        assert keskinen["turnout"] == "0.0010" and keskinen["per_1000"]["votes"] == "1.00"

    def test_other_divisions_and_date_ranges(self, api_client, crafted):
        body = api_client.get(f"{URL}areas/", {"division": "peruspiiri", "start_date": "2025-03-01", "end_date": "2025-03-01"}).json()
        assert row(body, "301")["feedback"] == 1 and row(body, "301")["votes"] is None

    def test_csv(self, api_client, crafted):
        response = api_client.get(f"{URL}areas.csv", {"year": 2025, "half": 1})
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        keskinen = next(r for r in rows if r["area_code"] == "3")
        assert keskinen["feedback"] == "3" and keskinen["supports"] == "4" and keskinen["feedback_per_1000"] == "1.50"
        assert keskinen["period"] == "2025/1" and len(rows) == 8

    @pytest.mark.parametrize(
        "query, message",
        [
            ({"half": 3}, "Parameter half must be between 1 and 2"),
            ({"year": "last"}, "Parameter year must be a whole number"),
            ({"year": 2025, "start_date": "2025-01-01", "end_date": "2025-02-01"}, "Give either year"),
            ({"start_date": "2025-01-01"}, "Give both start_date and end_date"),
            ({"start_date": "2025-03-01", "end_date": "2025-01-01"}, "The period must start before it ends"),
            ({"division": "parish"}, "Unknown division"),
        ],
    )
    def test_bad_input(self, api_client, crafted, query, message):
        response = api_client.get(f"{URL}areas/", query)
        assert response.status_code == 400 and message in response.json()["detail"]

    def test_the_page(self, client, crafted):
        page = client.get("/en/osallistuminen/?year=2025&half=1")
        text = page.content.decode()
        assert page.status_code == 200 and "Participation by area" in text
        assert 'data-area-code="3"' in text and "areas.csv?year=2025&amp;half=1" in text
        assert client.get("/en/osallistuminen/?half=9").status_code == 400

    def test_the_page_writes_numbers_as_finnish_does(self, api_client, client, crafted):
        rate = row(api_client.get(f"{URL}areas/", {"year": 2025, "half": 1}).json(), "3")["per_1000"]["feedback"]
        assert "." in rate
        text = client.get("/osallistuminen/?year=2025&half=1").content.decode()
        start = text.index('data-area-code="3"')
        keskinen = text[start : text.index("</tr>", start)]
        assert "<td>2\u202f000</td>" in keskinen  # the population, grouped
        assert f"({rate.replace('.', ',')})" in keskinen and f"({rate})" not in keskinen
        assert 'class="table-scroll" role="region"' in text  # the wide table scrolls in its own box


class TestInitiativeReport:
    def test_by_sector_and_area_with_what_was_done(self, api_client, crafted):
        report = api_client.get(f"{URL}initiative-report/", {"year": 2025, "half": 1}).json()
        assert report["totals"] == {"initiatives": 3, "received": 3, "answered": 1, "open": 2}
        (sector,) = report["sectors"]
        assert sector["sector"] == "kymp" and (sector["received"], sector["answered"], sector["open"]) == (3, 1, 2)
        assert [a["code"] for a in sector["areas"]] == ["3", None]
        done = next(i for i in sector["areas"][0]["initiatives"] if i["id"] == crafted["answered"].pk)
        assert done["actions"] == "Kuusi valaisinta tilattu." and done["state"] == "answered"
        assert [i["support_count"] for i in sector["areas"][0]["initiatives"]] == [3, 0]

    def test_the_second_half_has_none(self, api_client, crafted):
        assert api_client.get(f"{URL}initiative-report/", {"year": 2025, "half": 2}).json()["totals"]["initiatives"] == 0

    def test_csv_and_page(self, api_client, client, crafted):
        rows = list(csv.DictReader(io.StringIO(api_client.get(f"{URL}initiative-report.csv", {"year": 2025, "half": 1}).content.decode())))
        assert len(rows) == 3 and {r["area_code"] for r in rows} == {"3", ""}
        page = client.get("/en/osallistuminen/aloiteraportti/?year=2025&half=1").content.decode()
        assert "Kuusi valaisinta tilattu." in page and "Valot Kallioon" in page
