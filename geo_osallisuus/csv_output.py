"""Every CSV the service writes: safe to open in a spreadsheet, in the dialect its reader asks for.

Formula injection: a spreadsheet runs a cell that begins with =, +, -, @, a tab
or a carriage return as a formula (`=cmd|' /C calc'!A0` in an initiative's
title). As OWASP recommends, such text gets a leading single quote, which the
spreadsheet shows as text. Numbers are written by type, never escaped: -5 from
the database stays -5, while the text "-5" from a resident becomes '-5.

Two dialects (`?dialect=` on every CSV address):
- `rfc4180` (default): RFC 4180, comma-separated, decimal point, UTF-8 without
  a byte-order mark; for programs.
- `excel`: what Excel in a Finnish or Swedish locale opens by double-click:
  a UTF-8 byte-order mark (without it Excel reads the file as Windows-1252),
  semicolon-separated, decimal comma.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ParseError

MSG_UNKNOWN_DIALECT = _("Parameter dialect must be {allowed}, not {value!r}.")

# Leading characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvDialect:
    name: str
    delimiter: str
    decimal_separator: str
    byte_order_mark: str


RFC4180 = CsvDialect(name="rfc4180", delimiter=",", decimal_separator=".", byte_order_mark="")
EXCEL = CsvDialect(name="excel", delimiter=";", decimal_separator=",", byte_order_mark="\ufeff")
DIALECTS = {d.name: d for d in (RFC4180, EXCEL)}

DIALECT_PARAMETER = OpenApiParameter(
    "dialect",
    str,
    enum=list(DIALECTS),
    description="`rfc4180` (default): comma-separated, decimal point, UTF-8 without BOM, for programs. "
    "`excel`: for spreadsheets in a Finnish or Swedish locale: UTF-8 with BOM, semicolon-separated, decimal comma. "
    "In both, text beginning with =, +, -, @, tab or carriage return is prefixed with a single quote.",
)


def csv_dialect(query_params) -> CsvDialect:
    """The dialect `?dialect=` asks for (rfc4180 when absent); ParseError for any other value."""
    raw = query_params.get("dialect")
    if raw in (None, ""):
        return RFC4180
    dialect = DIALECTS.get(raw.strip().lower())
    if dialect is None:
        raise ParseError(MSG_UNKNOWN_DIALECT.format(allowed=" or ".join(DIALECTS), value=raw[:40]))
    return dialect


def csv_cell(value: object, *, dialect: CsvDialect = RFC4180) -> str:
    """One cell's text: numbers by type (with the dialect's decimal separator), text never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", dialect.decimal_separator)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvRows:
    """Rows to CSV text, one chunk per call: for a streamed or a whole response alike."""

    def __init__(self, dialect: CsvDialect = RFC4180):
        self.dialect = dialect
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
        self._started = False

    def text(self, rows: Iterable[Iterable[object]]) -> str:
        for row in rows:
            self._writer.writerow([csv_cell(v, dialect=self.dialect) for v in row])
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        if not self._started:
            self._started = True
            text = self.dialect.byte_order_mark + text
        return text

    def stream(self, rows: Iterable[Iterable[object]]) -> Iterator[str]:
        for row in rows:
            yield self.text([row])


CONTENT_TYPE = "text/csv; charset=utf-8"


def _attach(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[Iterable[object]], *, filename: str, dialect: CsvDialect) -> HttpResponse:
    return _attach(HttpResponse(CsvRows(dialect).text(rows), content_type=CONTENT_TYPE), filename)


def csv_streaming_response(rows: Iterable[Iterable[object]], *, filename: str, dialect: CsvDialect) -> StreamingHttpResponse:
    return _attach(StreamingHttpResponse(CsvRows(dialect).stream(rows), content_type=CONTENT_TYPE), filename)
