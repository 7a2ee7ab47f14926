"""The demo's things lie where they say, on the real (simplified) boundaries: each
in its stated area and on the city's land (areas.land, the demo land layer)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.management import call_command

from areas.demo import DEMO_FILE, demo_address_rows
from areas.land import point_on_land
from areas.models import Area

SPACES_FILE = settings.BASE_DIR / "fixtures" / "demo" / "spaces.json"


def osa_alue(name_fi: str) -> Area:
    return Area.objects.get(division__slug="osa-alue", name_fi=name_fi)


def test_every_osa_alue_centre_is_inside_it_and_on_land(demo_areas):
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    for row in data["osa_alueet"]:
        centre = Point(*row["centre"], srid=4326)
        assert point_on_land(centre), row["name_fi"]
        assert osa_alue(row["name_fi"]).geometry.covers(centre.transform(settings.PROJECTION_SRID, clone=True))


def test_demo_spaces_lie_in_their_stated_osa_alue_on_land(demo_areas):
    from spaces.demo import DEMO_PREFIX
    from spaces.models import Space

    call_command("load_demo_spaces", verbosity=0)
    data = json.loads(SPACES_FILE.read_text(encoding="utf-8"))
    stated = {f"library-{n}": row[3] for n, row in enumerate(data["libraries"], start=1)}
    stated |= {f"house-{n}": row[3] for n, row in enumerate(data["multipurpose_houses"], start=1)}
    for n, row in enumerate(data["districts"], start=1):
        stated |= {f"{kind}-{n}": row[0] for kind in ("playground", "youth", "school")}
    spaces = list(Space.objects.filter(origin_id__startswith=DEMO_PREFIX))
    assert spaces
    for space in spaces:
        district = stated[space.origin_id.removeprefix(DEMO_PREFIX)]
        assert osa_alue(district).geometry.covers(space.point), (space.origin_id, district)
        assert point_on_land(space.point), space.origin_id


def test_demo_budget_projects_lie_on_land_in_their_budget_area(demo_areas):
    from budgeting.demo import demo_budgeting_load
    from budgeting.models import Project

    demo_budgeting_load()
    projects = list(Project.objects.filter(round__is_demo=True).exclude(location=None).select_related("area", "round"))
    # The past and the voting round have projects; the proposals round has none yet.
    assert len({p.round_id for p in projects}) == 2
    for project in projects:
        round = project.round
        merged = [m.area for m in round.merges.filter(into=project.area)]
        assert any(a.geometry.covers(project.location) for a in [project.area, *merged]), project.title
        assert point_on_land(project.location), project.title


def test_demo_feedback_lies_on_land_inside_the_city(demo_areas):
    from feedback.demo import demo_feedback_load
    from feedback.models import FeedbackRequest

    demo_feedback_load(count=60)
    requests = list(FeedbackRequest.objects.filter(is_demo=True))
    assert requests
    suurpiirit = list(Area.objects.filter(division__slug="suurpiiri"))
    for request in requests:
        assert point_on_land(request.geometry), request.pk
        assert any(a.geometry.covers(request.geometry) for a in suurpiirit), request.pk


def test_demo_initiatives_lie_on_land_inside_the_city(demo_areas):
    from initiatives.demo import INITIATIVES

    for title, _category, lon, lat, _youth in INITIATIVES:
        if lon is None:
            continue
        point = Point(lon, lat, srid=4326)
        assert point_on_land(point), title
        assert Area.objects.filter(division__slug="osa-alue", geometry__covers=point).exists(), title


def test_demo_addresses_lie_on_land_inside_the_city(demo_areas):
    rows = demo_address_rows()
    assert rows
    for row in rows:
        assert point_on_land(row.point), (row.street_fi, row.number)
        assert Area.objects.filter(division__slug="osa-alue", geometry__covers=row.point).exists(), row.street_fi
