"""JSON from outside, read strictly: every refusal is a sentence for a person, never a 500.

Python's json module accepts what the service must not: the literals NaN and
Infinity, numbers like 1e309 that overflow to infinity, and nesting so deep
that the decoder raises RecursionError (which DRF's own JSONParser lets
through as a server error). `loads` refuses all three with a readable
message; `JSONParser` is the API's parser for application/json
(settings.REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]), and the importers read
their JSON files with `loads` too.
"""

from __future__ import annotations

import json
import math
import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

MSG_NOT_UTF8 = _("The data is not UTF-8 text; send it encoded as UTF-8.")
MSG_NOT_FINITE = _("The JSON holds a number that is not finite ({value}); numbers must be finite.")
MSG_TOO_DEEP = _("The JSON is nested more than {limit} levels deep.")
MSG_MALFORMED = _("The JSON is malformed: {reason} (line {line}, column {column}).")
MSG_BAD_NUMBER = _("The JSON holds a number that cannot be read: {reason}")
MSG_NUL = _("The JSON holds a NUL character (\\u0000), which text cannot hold.")
MSG_SURROGATE = _("The JSON holds a broken character ({code}, an unpaired surrogate), which text cannot hold.")

# \u0000 that is not itself escaped (\\u0000 is a backslash and "u0000").
_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000", re.I)
# Any escape of a surrogate (paired or not): only then can a string hold an unpaired one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# GeoJSON needs four levels for a MultiPolygon's coordinates and a few more for
# a FeatureCollection around it; nothing the service accepts needs more than this.
MAX_DEPTH = 32


class JSONInputError(ValueError):
    """JSON the service refuses; str() is for people."""


def _refuse_constant(name: str):
    raise JSONInputError(MSG_NOT_FINITE.format(value=name))


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONInputError(MSG_NOT_FINITE.format(value=text[:40]))
    return value


def loads(data: bytes | str) -> object:
    """`data` (UTF-8, a byte-order mark allowed) decoded as JSON, or JSONInputError."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise JSONInputError(MSG_NOT_UTF8) from None
    if "\\" in data and _NUL_ESCAPE.search(data):
        # PostgreSQL text cannot hold NUL: refused here, not as a database error later.
        raise JSONInputError(MSG_NUL)
    try:
        value = json.loads(data, parse_constant=_refuse_constant, parse_float=_finite_float)
    except JSONInputError:
        raise
    except RecursionError:
        raise JSONInputError(MSG_TOO_DEEP.format(limit=MAX_DEPTH)) from None
    except json.JSONDecodeError as exc:
        raise JSONInputError(MSG_MALFORMED.format(reason=exc.msg, line=exc.lineno, column=exc.colno)) from None
    except ValueError as exc:
        # int() refuses numbers of more than 4300 digits (CPython's guard against slow parsing).
        raise JSONInputError(MSG_BAD_NUMBER.format(reason=str(exc)[:120])) from None
    check_depth(value)
    if "\\" in data and _SURROGATE_ESCAPE.search(data):
        # json decodes "\\ud800" to a lone surrogate, which UTF-8 (and so PostgreSQL) cannot encode.
        _check_surrogates(value)
    return value


def _check_surrogates(value: object) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                raise JSONInputError(MSG_SURROGATE.format(code=f"U+{ord(found.group()):04X}"))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def check_depth(value: object, limit: int = MAX_DEPTH) -> None:
    """Refuse structures nested deeper than `limit`: the code that walks them recurses.

    Iterative, so that the check itself cannot overflow the stack.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise JSONInputError(MSG_TOO_DEEP.format(limit=limit))
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


class JSONParser(BaseParser):
    """The API's application/json parser: `loads` above, each refusal a 400 with `detail`."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        data = stream.read() if stream is not None else b""
        if not data.strip():
            return {}
        try:
            return loads(data)
        except JSONInputError as exc:
            raise ParseError(str(exc)) from None
