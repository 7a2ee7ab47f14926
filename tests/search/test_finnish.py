"""geo_osallisuus.finnish: Voikko's base forms, and a clear failure without Voikko."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from geo_osallisuus import finnish


@pytest.mark.parametrize(
    "word, base",
    [
        ("Kalliossa", "kallio"),
        ("Lauttasaaressa", "lauttasaari"),  # consonant gradation and an e-stem
        ("Kruununhaassa", "kruununhaka"),  # k -> zero
        ("Itäkeskuksessa", "itäkeskus"),  # -us -> -ukse-
        ("Herttoniemessä", "herttoniemi"),
        ("Mannerheimintiellä", "mannerheimintie"),
    ],
)
def test_an_inflected_place_name_has_its_base_form(word, base):
    assert base in finnish.base_forms(word)


def test_a_word_in_its_base_form_gives_itself():
    assert finnish.base_forms("Kallio") == {"kallio"}


def test_a_word_voikko_does_not_know_has_no_base_forms():
    assert finnish.base_forms("Drumsö") == frozenset()
    assert finnish.base_forms("xqzvw") == frozenset()


@pytest.mark.parametrize("word", ["", "   "])
def test_nothing_has_no_base_forms(word):
    assert finnish.base_forms(word) == frozenset()


def test_the_longest_word_is_analysed_and_a_longer_one_is_not():
    """Voikko reads compounds of any length ("kalliokallio..."); past the limit nothing is analysed."""
    repeats = finnish.MAX_WORD_LENGTH // len("kallio")
    at_limit = "kallio" * repeats
    assert len(at_limit) == finnish.MAX_WORD_LENGTH
    assert finnish.base_forms(at_limit) == {at_limit}
    inside = "kallio" * (repeats - 1) + "n"  # a genitive, shorter than the limit
    assert finnish.base_forms(inside) == {"kallio" * (repeats - 1)}
    assert finnish.base_forms(at_limit + "n") == frozenset()


def test_the_start_up_check_passes_with_voikko_installed():
    assert finnish.voikko_check() == []


def test_without_voikko_the_check_fails_clearly(monkeypatch):
    """A missing library or dictionary stops the service at start-up, with how to install it."""
    import libvoikko

    def missing(language):
        raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setattr(finnish, "_voikko", None)
    monkeypatch.setattr(libvoikko, "Voikko", missing)
    finnish.base_forms.cache_clear()
    try:
        errors = finnish.voikko_check()
        assert [e.id for e in errors] == ["finnish.E001"]
        assert "libvoikko1" in errors[0].msg and "voikko-fi" in errors[0].msg
        with pytest.raises(ImproperlyConfigured, match="Finnish morphology is unavailable"):
            finnish.base_forms("Kalliossa")
    finally:
        finnish.base_forms.cache_clear()


def test_the_check_is_registered_for_the_service():
    from django.core import checks

    assert finnish.voikko_check in checks.registry.registry.get_checks()
