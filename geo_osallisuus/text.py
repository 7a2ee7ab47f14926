"""Text people type or import, made to print as what it says.

Names, titles and descriptions come from residents, luotsit and importers and
are shown to everyone else. Text that prints as nothing (zero-width spaces) or
as something else (a right-to-left override turns "gpj.exe" around; BEL, ESC
and backspace act on terminals and logs) is refused or removed here, in one
place; `text_fields` applies it to model fields, forms and serializers.

- `text_clean` normalises to NFC and removes zero-width spaces, word joiners
  and byte-order marks (they carry no meaning in a name or a sentence).
  Zero-width (non-)joiners stay: emoji sequences and Persian need them.
- Control characters (C0, DEL, C1) are refused, except newline and tab in
  multi-line text (a carriage return becomes a newline there); so are the
  bidirectional embedding, override and isolate characters and unpaired
  surrogates (which JSON's \\ud800 escapes can carry and no database can store).
- Length and blankness count visible characters: not zero-width, not
  combining marks, not format characters. "e" + U+0301 is one.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MSG_CONTROL = _("The text holds an invisible control character ({code}); remove it.")
MSG_BIDI = _("The text holds a character that changes the direction in which text is shown ({code}); remove it.")
MSG_SURROGATE = _("The text holds a broken character ({code}, an unpaired surrogate); send valid Unicode text.")
MSG_BLANK = _("Write something visible here; spaces and invisible characters alone are not enough.")
MSG_TOO_LONG = _("At most {limit} characters are allowed; this has {count}.")
MSG_TOO_LONG_STORED = _(
    "This text has {count} characters with its accents and joiners counted apart; at most {limit} can be stored."
)

# Characters that print as nothing and mean nothing in a name or a sentence: removed.
REMOVED = frozenset("\u200b\u2060\ufeff\u180e")
# Bidirectional embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): refused.
BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Categories that take no place of their own: combining marks, format characters, controls.
_INVISIBLE_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc"})
_MULTILINE_CONTROLS = frozenset("\n\t")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def text_refusal(value: str, *, multiline: bool = False) -> ValidationError | None:
    """Why `value` cannot be stored as text, or None. Checks the characters only, not length."""
    for char in value:
        if "\ud800" <= char <= "\udfff":
            return ValidationError(MSG_SURROGATE.format(code=_code(char)), code="surrogate")
        if char in BIDI_CONTROLS:
            return ValidationError(MSG_BIDI.format(code=_code(char)), code="bidi_control")
        if unicodedata.category(char) == "Cc" and not (multiline and char in _MULTILINE_CONTROLS):
            return ValidationError(MSG_CONTROL.format(code=_code(char)), code="control_character")
    return None


def text_clean(value: str, *, multiline: bool = False) -> str:
    """`value` in NFC without removable invisible characters; ValidationError when it holds a refused one."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    refusal = text_refusal(value, multiline=multiline)
    if refusal is not None:
        raise refusal
    return unicodedata.normalize("NFC", "".join(c for c in value if c not in REMOVED))


def _refused(char: str, multiline: bool) -> bool:
    return (
        "\ud800" <= char <= "\udfff"
        or char in BIDI_CONTROLS
        or (unicodedata.category(char) == "Cc" and not (multiline and char in _MULTILINE_CONTROLS))
    )


def text_normalised(value: str, *, multiline: bool = False) -> str:
    """What `text_clean` would store, never raising: refused characters are dropped too.

    For storage (the fields' pre_save): input that came past no form or
    serializer (an importer, a service called directly) is stored clean as well.
    """
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(c for c in value if c not in REMOVED and not _refused(c, multiline))
    return unicodedata.normalize("NFC", kept)


def visible_length(value: str) -> int:
    """Characters that take a place of their own when printed (a letter with its accents is one)."""
    return sum(1 for c in value if unicodedata.category(c) not in _INVISIBLE_CATEGORIES and c not in REMOVED)


def text_is_blank(value: str) -> bool:
    """True when nothing visible but spaces would print."""
    return not any(
        unicodedata.category(c) not in _INVISIBLE_CATEGORIES and c not in REMOVED and not c.isspace() for c in value
    )


@deconstructible
class PlainTextValidator:
    """Refuses control and direction characters, invisible-only text and more than `limit` visible characters.

    Validates the value as it will be stored (cleaned), so NFD input is measured as NFC.
    `ceiling` is the column's limit in code points (a varchar): a name of 200
    visible letters with many combining marks may not fit it even so.
    Empty text is left to the field's own `blank` rule.
    """

    def __init__(self, limit: int | None = None, *, multiline: bool = False, ceiling: int | None = None):
        self.limit = limit
        self.multiline = multiline
        self.ceiling = ceiling

    def __call__(self, value: str) -> None:
        if value is None or value == "":
            return
        cleaned = text_clean(str(value), multiline=self.multiline)
        # Spaces alone are the field's own `blank` rule (forms and serializers strip them);
        # marks and joiners alone would print as nothing, like an empty field.
        if cleaned.strip() and text_is_blank(cleaned):
            raise ValidationError(MSG_BLANK, code="invisible")
        count = visible_length(cleaned)
        if self.limit is not None and count > self.limit:
            raise ValidationError(MSG_TOO_LONG.format(limit=self.limit, count=count), code="max_length")
        if self.ceiling is not None and len(cleaned) > self.ceiling:
            raise ValidationError(MSG_TOO_LONG_STORED.format(limit=self.ceiling, count=len(cleaned)), code="max_length")

    def _key(self) -> tuple:
        return (self.limit, self.multiline, self.ceiling)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainTextValidator) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())
