"""Initiative pages: the list (and the youth channel's), the kind check first, writing with
similar initiatives offered, the draft kept in the session, errors beside fields,
supporting and following, the sector's answer and the map on the initiative's page."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from initiatives import kinds, services
from initiatives.models import Initiative, InitiativeFollow, InitiativeSupport
from tests.feedback.conftest import ESPOO, KALLIO, point

from .test_initiatives import category, make_user  # noqa: F401  (fixtures)

NEW = "/aloitteet/uusi/"
WRITE = "/aloitteet/uusi/kirjoita/"
NO = {"about_past": "no", "own_benefit": "no", "pending_matter": "no"}
TITLE = "Lisää penkkejä Vuosaaren rantaan"
TEXT = "Rannalla ei ole tarpeeksi penkkejä istua ja katsella merta."


def error_beside(html: str, field: str) -> list[str]:
    start = html.index(f'id="id_{field}"')
    wrapper = html.rfind('<div class="hds-text-input', 0, start)
    end = html.find('<div class="hds-text-input', start)
    return re.findall(r'hds-text-input__error-text"[^>]*>([^<]+)<', html[wrapper:end if end != -1 else None])


def written(category, **extra):
    return {"title": TITLE, "text": TEXT, "category": category.pk, "action": "submit", **extra}


@pytest.fixture
def resident(client, make_user):
    user = make_user()
    client.force_login(user)
    return user


def filed(author, category, **extra) -> Initiative:
    return services.initiative_create(author=author, title=TITLE, text=TEXT, category=category, **extra)


class TestList:
    @pytest.mark.parametrize(("prefix", "language"), [("", "fi"), ("/sv", "sv"), ("/en", "en")])
    def test_each_language(self, client, prefix, language, category, make_user):
        filed(make_user(), category)
        response = client.get(prefix + "/aloitteet/")
        assert response.status_code == 200 and response["Content-Language"] == language
        assert TITLE in response.content.decode()

    def test_the_youth_channel_lists_youth_initiatives_only(self, client, category, make_user):
        youth = filed(make_user(), category, youth=True)
        adult = filed(make_user(), category)
        html = client.get("/aloitteet/?kanava=nuoret").content.decode()
        assert f'data-initiative="{youth.pk}"' in html and f'data-initiative="{adult.pk}"' not in html
        assert f'data-initiative="{adult.pk}"' in client.get("/aloitteet/").content.decode()


class TestKindCheck:
    @pytest.mark.parametrize(
        ("answers", "kind"),
        [({"about_past": "yes"}, kinds.FEEDBACK), ({"own_benefit": "yes"}, kinds.APPLICATION), ({"pending_matter": "yes"}, kinds.OPINION)],
    )
    def test_what_is_not_an_initiative_is_told_where_it_belongs(self, client, answers, kind):
        response = client.post("/en" + NEW, {**NO, **answers})
        html = response.content.decode()
        assert response.status_code == 200 and f'data-kind="{kind}"' in html
        verdict = kinds.initiative_kind_check(**{k: v == "yes" for k, v in {**NO, **answers}.items()})
        with translation.override("en"):
            assert verdict.message.replace("'", "&#x27;") in html or verdict.message in html
        if kind == kinds.FEEDBACK:
            assert 'href="/en/palaute/uusi/"' in html

    def test_an_unanswered_question_is_an_error_beside_it(self, client):
        response = client.post(NEW, {"about_past": "no", "own_benefit": "no"})
        html = response.content.decode()
        fieldset = html[html.rfind("<fieldset", 0, html.index('name="pending_matter"')) :]
        assert "hds-text-input__error-text" in fieldset[: fieldset.index("</fieldset>")]
        assert re.search(r'name="about_past" value="no"[^>]*checked', html)  # the answers given are kept

    def test_an_initiative_goes_on_to_writing_and_writing_needs_a_sign_in(self, client, make_user):
        response = client.post(NEW, NO)
        assert response["Location"] == WRITE
        assert client.get(WRITE)["Location"].startswith("/kirjaudu/?next=")
        client.force_login(make_user())
        assert client.get(WRITE).status_code == 200

    def test_writing_without_the_kind_check_starts_from_it(self, client, resident):
        assert client.get(WRITE)["Location"] == NEW


class TestWriting:
    def test_a_signed_in_resident_submits_one_with_a_place(self, client, resident, demo_areas, category):
        client.post(NEW, NO)
        response = client.post(WRITE, written(category, youth="on", lon=f"{KALLIO[0]}", lat=f"{KALLIO[1]}"))
        initiative = Initiative.objects.get()
        assert response["Location"] == f"/aloite/{initiative.pk}/"
        assert initiative.author == resident and initiative.youth and initiative.state == "submitted"
        assert initiative.geometry is not None
        # Submitted: the draft and the kind answers are gone; a new one starts from the kind check.
        assert client.get(WRITE)["Location"] == NEW

    @pytest.mark.parametrize(("prefix", "language"), [("", "fi"), ("/sv", "sv")])
    def test_errors_beside_fields_and_nothing_typed_lost(self, client, resident, demo_areas, category, prefix, language):
        client.post(prefix + NEW, NO)
        response = client.post(prefix + WRITE, written(category, title="Pen", lon=f"{ESPOO[0]}", lat=f"{ESPOO[1]}"))
        html = response.content.decode()
        with translation.override(language):
            assert error_beside(html, "title") == [str(services.MSG_TITLE_SHORT)]
        assert 'value="Pen"' in html and TEXT in html
        response = client.post(prefix + WRITE, written(category, lon=f"{ESPOO[0]}", lat=f"{ESPOO[1]}"))
        from feedback.services import MSG_OUTSIDE_HELSINKI

        with translation.override(language):
            assert error_beside(response.content.decode(), "lat") == [str(MSG_OUTSIDE_HELSINKI)]
        assert not Initiative.objects.exists()

    def test_the_draft_is_kept_until_submitted(self, client, resident, category):
        client.post(NEW, NO)
        response = client.post(WRITE, written(category, action="draft", title="Keskeneräinen otsikko"))
        assert response["Location"] == WRITE
        html = client.get(WRITE).content.decode()
        assert 'value="Keskeneräinen otsikko"' in html and TEXT in html
        assert not Initiative.objects.exists()

    def test_check_for_similar_offers_the_open_duplicate_and_the_answered_one_to_read(self, client, resident, category, make_user):
        other = filed(make_user(), category)
        answered = filed(make_user(), category)
        Initiative.objects.filter(pk=answered.pk).update(state="answered", answer="Tehty.", answered_at=answered.submitted_at)
        client.post(NEW, NO)
        response = client.post(WRITE, written(category, action="check", title="Lisää penkkejä Vuosaaren rannalle"))
        html = response.content.decode()
        open_item = html.split(f'href="/aloite/{other.pk}/"')[1].split("</li>")[0]
        answered_item = html.split(f'href="/aloite/{answered.pk}/"')[1].split("</li>")[0]
        assert "data-read-answer" not in open_item
        assert "data-read-answer" in answered_item and "Jo vastattu: lue vastaus" in answered_item
        assert "hds-text-input__error-text" not in html and not Initiative.objects.filter(author=resident).exists()
        assert 'value="Lisää penkkejä Vuosaaren rannalle"' in html


class TestInitiativePage:
    def test_supporting_and_following_signed_in(self, client, category, make_user):
        initiative = filed(make_user(), category)
        url = f"/aloite/{initiative.pk}/"
        assert client.post(f"{url}tue/")["Location"].startswith("/kirjaudu/?next=")
        user = make_user()
        client.force_login(user)
        assert client.post(f"{url}tue/")["Location"] == url
        assert client.post(f"{url}seuraa/")["Location"] == url
        assert InitiativeSupport.objects.filter(initiative=initiative, user=user).exists()
        assert InitiativeFollow.objects.filter(initiative=initiative, user=user).exists()
        client.post(f"/sv{url}tue/")
        html = client.get(f"/sv{url}").content.decode()
        with translation.override("sv"):
            assert str(services.MSG_ALREADY_SUPPORTED) in html
        assert "<dd data-supports>1</dd>" in html

    def test_the_authors_own_initiative_offers_no_support_button(self, client, category, make_user):
        author = make_user()
        initiative = filed(author, category)
        client.force_login(author)
        assert f"/aloite/{initiative.pk}/tue/" not in client.get(f"/aloite/{initiative.pk}/").content.decode()

    def test_the_sectors_answer_is_shown(self, client, category, make_user):
        initiative = filed(make_user(), category)
        services.initiative_handle(initiative=initiative, user=make_user(planner=True), state="answered", answer="Penkit tulevat kesällä.")
        html = client.get(f"/aloite/{initiative.pk}/").content.decode()
        assert "Penkit tulevat kesällä." in html and category.sector.name_fi in html

    def test_the_map_script_is_on_the_page(self, client, demo_areas, category, make_user):
        initiative = filed(make_user(), category, point=point(KALLIO))
        html = client.get(f"/aloite/{initiative.pk}/").content.decode()
        map_id = re.search(r'class="folium-map geo-map[^"]*" id="([^"]+)"', html).group(1)
        assert re.search(rf"<script nonce=\"[^\"]+\">.*L\.map\(\s*\"{map_id}\"", html, re.S)


def test_submitting_counts_against_the_apis_write_rate(client, resident, category, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"initiative_write": "1/hour"})
    client.post(NEW, NO)
    assert client.post(WRITE, written(category)).status_code == 302
    client.post(NEW, NO)
    response = client.post(WRITE, written(category, title="Toinen aloite samalta"))
    html = response.content.decode()
    assert response.status_code == 200 and "data-form-error" in html and 'value="Toinen aloite samalta"' in html
    assert Initiative.objects.count() == 1
