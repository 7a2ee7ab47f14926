"""Which municipality a feature of a regional file belongs to.

The capital region's layers carry the municipality as a code (`kunta`: "091" is Helsinki)
or a name (`City_fi`: "Helsingin kaupunki", "Espoon kaupunki"); Helsinki's service
keeps Helsinki's features and counts the others.
"""

from __future__ import annotations

import re

HELSINKI_CODE = 91
# Words that name Helsinki in Finnish (nominative, genitive), Swedish and English.
HELSINKI_WORDS = {"helsinki", "helsingin", "helsingfors"}


def is_helsinki(value) -> bool:
    """Whether a municipality attribute's value is Helsinki; an empty value is not another town."""
    text = str(value if value is not None else "").strip()
    if not text:
        return True
    if text.isdigit():
        return int(text) == HELSINKI_CODE
    return bool(HELSINKI_WORDS & set(re.findall(r"[^\W\d_]+", text.lower())))
