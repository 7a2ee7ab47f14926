"""What the load run asks of the service: the main read and write endpoints.

prepare() runs with Django configured against the load database (after the demo
data is in): it makes the signed-in clients (a user and a session each, made
with the server's SECRET_KEY so that the server accepts them) and initiatives
for them to support. endpoints() needs no Django.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field

from .runner import Call, Endpoint

# Places on land in Helsinki (lon, lat), inside the demo areas; a request moves
# them up to about 300 m so that no two are the same.
PLACES = [
    (24.9497, 60.1841),  # Kallio
    (24.9384, 60.1699),  # railway station
    (25.0823, 60.2100),  # Itäkeskus
    (24.9330, 60.1990),  # Pasila
    (25.0110, 60.2510),  # Malmi
    (24.8780, 60.1980),  # Munkkiniemi
    (25.0300, 60.1950),  # Herttoniemi
]
# Zoom-12 vector tiles over the city centre and the east.
TILES = [(12, x, y) for x in range(2329, 2335) for y in range(1183, 1188)]
INITIATIVE_CATEGORY = "load-test"


@dataclass
class Context:
    headers: list[dict[str, str]]  # per client: the signed-in session cookie and CSRF token
    initiatives: list[int]  # submitted initiatives by another user, for supports
    cursors: dict[int, int] = field(default_factory=dict)  # per client: the next initiative to support


def prepare(*, clients: int, initiatives: int = 300) -> Context:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from feedback.models import Sector
    from initiatives.models import Initiative, InitiativeCategory
    from initiatives.services import initiative_create

    User = get_user_model()
    sector = Sector.objects.order_by("pk").first() or Sector.objects.create(code="load", name_fi="Kuorma", name_en="Load")
    category, _ = InitiativeCategory.objects.get_or_create(
        code=INITIATIVE_CATEGORY, defaults={"name_fi": "Kuormitustesti", "name_en": "Load test", "sector": sector}
    )
    author, _ = User.objects.get_or_create(username="load-author")
    for n in range(initiatives):
        initiative_create(
            author=author, title=f"Kuormitusaloite {n}", text="Aloite, jota kuormitustestin asukkaat kannattavat.",
            category=category,
        )  # fmt: skip
    ids = list(Initiative.objects.filter(author=author).order_by("pk").values_list("pk", flat=True))

    headers = []
    for index in range(clients):
        user, _ = User.objects.get_or_create(username=f"load-resident-{index}")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        token = secrets.token_hex(16)  # a valid unmasked CSRF secret (32 characters)
        headers.append(
            {
                # Sent as a header, not through a cookie jar: production cookies are
                # Secure, and the load run speaks plain HTTP on loopback.
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={token}",
                "X-CSRFToken": token,
                "Referer": "http://127.0.0.1/",
            }
        )
    return Context(headers=headers, initiatives=ids)


def _place(rng: random.Random) -> tuple[float, float]:
    lon, lat = rng.choice(PLACES)
    return lon + rng.uniform(-0.005, 0.005), lat + rng.uniform(-0.0027, 0.0027)


def endpoints(context: Context) -> list[Endpoint]:
    def support(client: int, rng: random.Random) -> Call:
        # Each resident supports each initiative once; when a resident has
        # supported them all, they file one of their own instead.
        position = context.cursors.get(client, 0)
        if position >= len(context.initiatives):
            return create(client, rng)
        context.cursors[client] = position + 1
        return Call("POST", f"/api/v1/initiatives/{context.initiatives[position]}/support/")

    def create(client: int, rng: random.Random) -> Call:
        lon, lat = _place(rng)
        return Call(
            "POST", "/api/v1/initiatives/",
            json={
                "title": f"Lisää penkkejä, ehdotus {rng.randrange(10**9)}",
                "text": "Puistoon tarvitaan lisää penkkejä, joilla voi levätä kävelyn lomassa.",
                "category": INITIATIVE_CATEGORY, "location": {"type": "Point", "coordinates": [lon, lat]},
            },
        )  # fmt: skip

    def feedback(client: int, rng: random.Random) -> Call:
        lon, lat = _place(rng)
        return Call(
            "POST", "/api/v1/open311/requests.json",
            data={"service_code": "176", "lat": f"{lat:.6f}", "long": f"{lon:.6f}",
                  "description": f"Graffiti on the wall, report {rng.randrange(10**9)}"},
        )  # fmt: skip

    def lookup(client: int, rng: random.Random) -> Call:
        lon, lat = _place(rng)
        return Call("GET", "/api/v1/lookup/", params={"lat": f"{lat:.6f}", "lon": f"{lon:.6f}"})

    def cases_near(client: int, rng: random.Random) -> Call:
        lon, lat = _place(rng)
        return Call("GET", "/api/v1/cases/", params={"near": f"{lat:.6f},{lon:.6f}", "radius": "1000"})

    def tile(client: int, rng: random.Random) -> Call:
        z, x, y = rng.choice(TILES)
        return Call("GET", f"/tiles/cases/{z}/{x}/{y}.mvt")

    return [
        Endpoint("map page /", lambda c, r: Call("GET", "/"), weight=2),
        Endpoint("areas list", lambda c, r: Call("GET", "/api/v1/areas/", params={"division": "peruspiiri"}), weight=3),
        Endpoint("point lookup", lookup, weight=4),
        Endpoint("cases near", cases_near, weight=3),
        Endpoint(
            "OGC items",
            lambda c, r: Call("GET", "/ogc/collections/cases/items", params={"limit": "20", "offset": str(r.randrange(200))}),
            weight=3,
        ),
        Endpoint("vector tile", tile, weight=3),
        Endpoint("Open311 requests list", lambda c, r: Call("GET", "/api/v1/open311/requests.json"), weight=3),
        Endpoint("Open311 feedback POST", feedback, weight=2, expect=(201,)),
        Endpoint("initiative support POST", support, weight=1, expect=(201,), signed_in=True),
        Endpoint("initiative create POST", create, weight=1, expect=(201,), signed_in=True),
    ]
