"""geo_osallisuus.csv_output: no cell a spreadsheet would run, numbers by type, two dialects."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.http import QueryDict
from rest_framework.exceptions import ParseError

from geo_osallisuus.csv_output import EXCEL, RFC4180, CsvRows, csv_cell, csv_dialect

# OWASP's list of the characters that start a formula, each at the start of text a resident wrote.
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_starts_a_formula_gets_a_leading_quote(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell(text, dialect=EXCEL) == "'" + text


@pytest.mark.parametrize("text", ["Penkit Kallioon", "a=b", "1-2", " =1", "'quoted already", ""])
def test_other_text_is_written_as_it_is(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize(
    "value, rfc, excel",
    [(-5, "-5", "-5"), (0, "0", "0"), (-2.5, "-2.5", "-2,5"), (Decimal("-0.0010"), "-0.0010", "-0,0010"), (None, "", "")],
)
def test_numbers_stay_numbers_with_the_dialects_decimal_separator(value, rfc, excel):
    assert (csv_cell(value), csv_cell(value, dialect=EXCEL)) == (rfc, excel)


def test_the_text_minus_five_is_text_but_the_number_is_a_number():
    assert csv_cell("-5") == "'-5" and csv_cell(-5) == "-5"


def test_rfc4180_is_comma_separated_without_a_byte_order_mark():
    text = CsvRows(RFC4180).text([["a", "b;c", Decimal("1.5")], ["x", "=1", -1]])
    assert text == 'a,b;c,1.5\r\nx,\'=1,-1\r\n'
    assert list(csv.reader(io.StringIO(text))) == [["a", "b;c", "1.5"], ["x", "'=1", "-1"]]


def test_excel_has_a_byte_order_mark_semicolons_and_a_decimal_comma():
    rows = CsvRows(EXCEL)
    text = rows.text([["alue", "osuus"], ["Kallio; Sörnäinen", Decimal("0.25")]]) + rows.text([["=x", 2.5]])
    assert text.startswith("\ufeff") and text.count("\ufeff") == 1
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert parsed == [["alue", "osuus"], ["Kallio; Sörnäinen", "0,25"], ["'=x", "2,5"]]


@pytest.mark.parametrize(
    "query, dialect", [("", RFC4180), ("dialect=", RFC4180), ("dialect=rfc4180", RFC4180), ("dialect=excel", EXCEL), ("dialect=EXCEL", EXCEL)]
)
def test_the_dialect_parameter(query, dialect):
    assert csv_dialect(QueryDict(query)) is dialect


def test_an_unknown_dialect_is_refused_with_the_choices():
    with pytest.raises(ParseError) as refused:
        csv_dialect(QueryDict("dialect=libreoffice"))
    assert str(refused.value.detail) == "Parameter dialect must be rfc4180 or excel, not 'libreoffice'."
