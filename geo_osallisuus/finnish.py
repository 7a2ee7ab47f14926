"""Finnish base forms from a real morphological analyser (Voikko).

Finnish inflects place names: "Kalliossa", "Lauttasaaressa", "Kruununhaassa"
are Kallio, Lauttasaari, Kruununhaka. A table of endings guesses wrong on
consonant gradation and compounds; Voikko (Debian's libvoikko1 with the
voikko-fi dictionary, through the `libvoikko` binding) knows the words.

The interface is `base_forms(word)` for search, geolocation and duplicate
checks alike, and `compound_parts(word)` for the duplicate check's compounds
("leikkipuisto" is leikki + puisto, so it meets "puisto"). A missing Voikko is a configuration error: the
system check `voikko_check` (registered by the apps that use this module)
stops the service at start-up instead of letting searches silently stop
finding inflected names.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

LANGUAGE = "fi"
# Longer "words" are not names; Voikko's time grows with length.
MAX_WORD_LENGTH = 60
MSG_MISSING = (
    "Finnish morphology is unavailable: {error}. Install Debian's libvoikko1 and voikko-fi "
    "(scripts/system-deps.sh) and the Python package libvoikko (pyproject.toml)."
)

_lock = threading.Lock()
_voikko = None


def _analyser():
    """The process's Voikko instance, opened on first use (never at import)."""
    global _voikko
    if _voikko is None:
        try:
            import libvoikko
        except ImportError as error:
            raise ImproperlyConfigured(MSG_MISSING.format(error=error)) from error
        try:
            _voikko = libvoikko.Voikko(LANGUAGE)
        except (OSError, libvoikko.VoikkoException) as error:
            # OSError: the shared library; VoikkoException: the dictionary.
            raise ImproperlyConfigured(MSG_MISSING.format(error=error)) from error
    return _voikko


@lru_cache(maxsize=4096)
def base_forms(word: str) -> frozenset[str]:
    """The lower-case base forms (nominative singular) that `word` may be an
    inflection of, as Voikko analyses it; empty for a word it does not know.

    >>> sorted(base_forms("Kruununhaassa"))
    ['kruununhaka']

    Raises ImproperlyConfigured when Voikko is not installed.
    """
    word = word.strip()
    if not word or len(word) > MAX_WORD_LENGTH:
        return frozenset()
    analyser = _analyser()
    # One Voikko handle is not safe to share between threads.
    with _lock:
        analyses = analyser.analyze(word)
    return frozenset(a["BASEFORM"].lower() for a in analyses if a.get("BASEFORM"))


@lru_cache(maxsize=4096)
def compound_parts(word: str) -> frozenset[str]:
    """The lower-case base forms of the parts of a compound `word`, as Voikko
    splits it (its WORDBASES "+leikki(leikki)+puisto(puisto)"); empty for a
    word that is not a compound or that Voikko does not know.

    >>> sorted(compound_parts("leikkipuistoon"))
    ['leikki', 'puisto']
    """
    word = word.strip()
    if not word or len(word) > MAX_WORD_LENGTH:
        return frozenset()
    analyser = _analyser()
    with _lock:
        analyses = analyser.analyze(word)
    parts = set()
    for analysis in analyses:
        # "+lautta(lautta)+saari(saari)": the base form of each part is in brackets.
        bases = [piece.partition("(")[2].rstrip(")") for piece in (analysis.get("WORDBASES") or "").split("+") if piece]
        bases = [base.lower() for base in bases if base]
        if len(bases) > 1:
            parts.update(bases)
    return frozenset(parts)


def voikko_check(app_configs=None, **kwargs) -> list[Error]:
    """System check: Voikko and its Finnish dictionary load and analyse a word."""
    try:
        known = base_forms("kalliossa")
    except ImproperlyConfigured as error:
        return [Error(str(error), id="finnish.E001")]
    if "kallio" not in known:
        return [Error(MSG_MISSING.format(error="the Finnish dictionary gives no base forms"), id="finnish.E002")]
    return []
