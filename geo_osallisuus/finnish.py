"""Finnish base forms from a real morphological analyser (Voikko).

Finnish inflects place names: "Kalliossa", "Lauttasaaressa", "Kruununhaassa"
are Kallio, Lauttasaari, Kruununhaka. A table of endings guesses wrong on
consonant gradation and compounds; Voikko (Debian's libvoikko1 with the
voikko-fi dictionary, through the `libvoikko` binding) knows the words.

The interface is one function, `base_forms(word)`, for search, geolocation
and duplicate checks alike. A missing Voikko is a configuration error: the
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


def voikko_check(app_configs=None, **kwargs) -> list[Error]:
    """System check: Voikko and its Finnish dictionary load and analyse a word."""
    try:
        known = base_forms("kalliossa")
    except ImproperlyConfigured as error:
        return [Error(str(error), id="finnish.E001")]
    if "kallio" not in known:
        return [Error(MSG_MISSING.format(error="the Finnish dictionary gives no base forms"), id="finnish.E002")]
    return []
