"""A case's status is said once: Ahjo's own word only when it says more than the translated status."""

from __future__ import annotations

import pytest

from . import factories

pytestmark = pytest.mark.django_db


def _status(client, case, prefix: str = "") -> str:
    page = client.get(f"{prefix}/asia/{case.ahjo_id}/").content.decode()
    start = page.index(f'data-status="{case.status}">')
    return page[start : page.index("</dd>", start)].split(">", 1)[1]


def test_ahjos_word_equal_to_the_status_is_not_repeated(client):
    case = factories.case(status_ahjo="Vireillä")
    assert _status(client, case) == "Vireillä"


def test_ahjos_word_that_says_more_is_shown_beside_it(client):
    case = factories.case(status_ahjo="Valmistelussa")
    assert _status(client, case) == 'Vireillä <span class="muted">(Valmistelussa)</span>'


def test_in_swedish_the_finnish_word_is_not_the_same(client):
    case = factories.case(status_ahjo="Vireillä")
    assert _status(client, case, "/sv") == 'Anhängigt <span class="muted" lang="fi">(Vireillä)</span>'
