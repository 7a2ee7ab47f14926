"""geo_osallisuus.text: what prints as nothing or as something else is removed or refused."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from geo_osallisuus.text import PlainTextValidator, text_clean, text_is_blank, visible_length
from geo_osallisuus.text_fields import PlainTextSerializerField

NFD_A = unicodedata.normalize("NFD", "ä")  # "a" + U+0308: two code points, one visible letter


@pytest.mark.parametrize(
    "char, code",
    [("\x07", "U+0007"), ("\x1b", "U+001B"), ("\x08", "U+0008"), ("\x00", "U+0000"), ("\x7f", "U+007F"), ("\x85", "U+0085")],
)
def test_control_characters_are_refused_with_their_code(char, code):
    with pytest.raises(ValidationError) as refused:
        text_clean(f"Penkki{char}puistoon")
    assert refused.value.messages == [f"The text holds an invisible control character ({code}); remove it."]


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_direction_overrides_and_isolates_are_refused(char):
    with pytest.raises(ValidationError) as refused:
        text_clean(f"kuva{char}gpj.exe")
    code = f"U+{ord(char):04X}"
    assert refused.value.messages == [
        f"The text holds a character that changes the direction in which text is shown ({code}); remove it."
    ]


def test_an_unpaired_surrogate_is_refused():
    with pytest.raises(ValidationError) as refused:
        text_clean("a\ud800b")
    assert refused.value.code == "surrogate" and "U+D800" in refused.value.messages[0]


def test_newline_and_tab_only_in_multiline_text():
    assert text_clean("rivi 1\r\n\trivi 2\rrivi 3", multiline=True) == "rivi 1\n\trivi 2\nrivi 3"
    for char in "\n\t":
        with pytest.raises(ValidationError):
            text_clean(f"otsikko{char}toinen")
    with pytest.raises(ValidationError):
        text_clean("kuvaus\x1b[31m", multiline=True)


def test_zero_width_spaces_are_removed_and_joiners_kept():
    assert text_clean("Kal\u200blio\u2060\ufeff") == "Kallio"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert text_clean(family) == family


def test_nfd_becomes_nfc():
    assert text_clean("K" + NFD_A + "pyl" + NFD_A) == "Käpylä" and len(text_clean(NFD_A)) == 1


def test_visible_length_counts_letters_with_their_marks_as_one():
    assert visible_length("Käpylä") == 6
    assert visible_length("q\u0307") == 1  # no precomposed form: still one visible letter
    assert visible_length("a\u200db\u00ad") == 2
    assert visible_length("a b") == 3


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\u200d", "\u0301\u0301", " \u2060 "])
def test_invisible_only_text_is_blank(text):
    assert text_is_blank(text)


def test_one_visible_character_is_not_blank():
    assert not text_is_blank("\u200b.\u200b")


class TestValidator:
    def test_at_the_limit_in_visible_characters(self):
        # Ten visible letters, each written as "q" + a combining dot: twenty code points.
        PlainTextValidator(10, multiline=True)("q\u0307" * 10)

    def test_one_over_the_limit(self):
        with pytest.raises(ValidationError) as refused:
            PlainTextValidator(10, multiline=True)("q\u0307" * 11)
        assert refused.value.messages == ["At most 10 characters are allowed; this has 11."]

    def test_a_varchar_column_also_caps_code_points(self):
        with pytest.raises(ValidationError) as refused:
            PlainTextValidator(10, ceiling=10)("q\u0307" * 6)
        assert refused.value.messages[0].startswith("This text has 12 characters")

    def test_invisible_only_text_is_refused(self):
        with pytest.raises(ValidationError) as refused:
            PlainTextValidator(200)("\u200b\u200d\u0301")
        assert refused.value.messages == [
            "Write something visible here; spaces and invisible characters alone are not enough."
        ]


class TestSerializerField:
    def test_nfd_at_the_limit_is_accepted_as_nfc(self):
        field = PlainTextSerializerField(max_length=5)
        # Five visible letters: ten code points in NFD, and zero-width spaces besides.
        assert field.run_validation("\u200b" + NFD_A * 5 + "\u200b") == "ä" * 5
        assert PlainTextSerializerField().run_validation("\u200b ääkköset \u200b") == "ääkköset"

    def test_one_over_the_limit_is_refused(self):
        from rest_framework.exceptions import ValidationError as DRFValidationError

        with pytest.raises(DRFValidationError) as refused:
            PlainTextSerializerField(max_length=5).run_validation(NFD_A * 6)
        assert refused.value.detail == ["At most 5 characters are allowed; this has 6."]

    def test_zero_width_only_is_blank(self):
        from rest_framework.exceptions import ValidationError as DRFValidationError

        with pytest.raises(DRFValidationError) as refused:
            PlainTextSerializerField(max_length=200).run_validation("\u200b\u200b")
        assert refused.value.detail == ["This field may not be blank."]
        assert PlainTextSerializerField(allow_blank=True).run_validation("\u200b") == ""
