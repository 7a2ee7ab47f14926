"""Demo luotsit: invented people with fictional contact details.

One stadiluotsi for each suurpiiri and three yritysluotsit. Every name is
invented, every address is at example.org and every phone number is in the
555 range; some contacts are unpublished, as real luotsit may choose.
"""

from __future__ import annotations

from django.db import transaction

from areas.models import Area

from .models import Luotsi, Role

STADI_TITLE = {"title_fi": "Stadiluotsi", "title_sv": "Stadslots", "title_en": "City pilot"}
YRITYS_TITLE = {"title_fi": "Yritysluotsi", "title_sv": "Företagslots", "title_en": "Business pilot"}

# (suurpiiri codes, name, e-mail, phone, languages, publish e-mail, publish phone)
STADILUOTSIT = [
    (["1"], "Aino Esimerkki", "aino.esimerkki@example.org", "+358 40 555 0101", ["fi", "sv", "en"], True, True),
    (["2"], "Bertil Kuvitelma", "bertil.kuvitelma@example.org", "+358 40 555 0102", ["fi", "sv"], True, False),
    (["3"], "Cecilia Mallinen", "cecilia.mallinen@example.org", "+358 40 555 0103", ["fi", "en", "ru"], True, True),
    (["4"], "Daniel Testilä", "daniel.testila@example.org", "+358 40 555 0104", ["fi", "en"], True, True),
    (["5"], "Eeva Keksitty", "eeva.keksitty@example.org", "+358 40 555 0105", ["fi", "et"], False, True),
    (["6"], "Frans Demonen", "frans.demonen@example.org", "+358 40 555 0106", ["fi", "sv", "en"], True, True),
    (["7"], "Gunilla Harjoitus", "gunilla.harjoitus@example.org", "+358 40 555 0107", ["fi", "so", "en"], True, False),
    (["8"], "Heikki Näyte", "heikki.nayte@example.org", "+358 40 555 0108", ["fi", "sv"], True, True),
]
YRITYSLUOTSIT = [
    (["1", "3"], "Iida Yrityslainen", "iida.yrityslainen@example.org", "+358 40 555 0201", ["fi", "en"], True, True),
    (["2", "4", "5"], "Jussi Kauppalainen", "jussi.kauppalainen@example.org", "+358 40 555 0202", ["fi", "sv"], True, False),
    (["6", "7", "8"], "Kaisa Toiminimi", "kaisa.toiminimi@example.org", "+358 40 555 0203", ["fi", "en", "ar"], False, True),
]


class DemoAreasMissing(RuntimeError):
    pass


@transaction.atomic
def demo_luotsit_load() -> dict[str, int]:
    """Create or refresh the demo luotsit (matched by e-mail); safe to run twice."""
    suurpiirit = {a.code: a for a in Area.objects.filter(division__slug="suurpiiri")}
    written = {"created": 0, "updated": 0}
    for role, title, rows in ((Role.STADILUOTSI, STADI_TITLE, STADILUOTSIT), (Role.YRITYSLUOTSI, YRITYS_TITLE, YRITYSLUOTSIT)):
        for codes, name, email, phone, languages, publish_email, publish_phone in rows:
            missing = [code for code in codes if code not in suurpiirit]
            if missing:
                raise DemoAreasMissing(f"suurpiiri {', '.join(missing)} is missing: run load_demo_data first")
            luotsi, created = Luotsi.objects.update_or_create(
                email=email,
                defaults={
                    "role": role,
                    "name": name,
                    "phone": phone,
                    "languages": languages,
                    "publish_email": publish_email,
                    "publish_phone": publish_phone,
                    "is_active": True,
                    "erased_at": None,
                    **title,
                },
            )
            luotsi.areas.set([suurpiirit[code] for code in codes])
            written["created" if created else "updated"] += 1
    return written
