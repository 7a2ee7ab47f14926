"""Participation per area and the twice-yearly initiative report, as JSON and CSV."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from areas.api import params
from areas.api.located import AreaFilterBackend
from areas.models import DivisionType
from geo_osallisuus.csv_output import DIALECT_PARAMETER, csv_dialect, csv_response

from .. import selectors

MSG_PERIOD_MIXED = _("Give either year (and half) or start_date and end_date, not both.")
MSG_PERIOD_BOTH_DATES = _("Give both start_date and end_date.")

COUNT_LABELS = {
    "feedback": _("Feedback"),
    "initiatives": _("Initiatives"),
    "initiative_supports": _("Supports of initiatives"),
    "budget_proposals": _("Budget proposals"),
    "proposal_supports": _("Supports of proposals"),
    "supports": _("Supports in all"),
    "votes": _("Votes"),
}

PERIOD_PARAMETERS = [
    OpenApiParameter("division", str, description="Division slug (default suurpiiri)."),
    OpenApiParameter("year", int, description="Default: this year."),
    OpenApiParameter("half", int, description="1 (January–June) or 2 (July–December)."),
    OpenApiParameter("start_date", str, description="YYYY-MM-DD, with end_date instead of year."),
    OpenApiParameter("end_date", str, description="YYYY-MM-DD, inclusive."),
]


def parse_query(query) -> tuple[DivisionType, selectors.Period]:
    """The division and period a participation query asks for; ParseError when malformed."""
    division = AreaFilterBackend._division(params.text(query, "division", max_length=40) or "suurpiiri")
    start, end = params.date(query, "start_date"), params.date(query, "end_date")
    year = params.integer(query, "year", low=2000, high=2100)
    half = params.integer(query, "half", low=1, high=2)
    if (start or end) and (year or half):
        raise exceptions.ParseError(MSG_PERIOD_MIXED)
    try:
        if start or end:
            if not (start and end):
                raise exceptions.ParseError(MSG_PERIOD_BOTH_DATES)
            return division, selectors.period_between(start=start, end=end)
        return division, selectors.period_of(year=year or timezone.localdate().year, half=half)
    except ValueError as exc:
        raise exceptions.ParseError(str(exc)) from None


def _number(text: str | None) -> Decimal | None:
    """The selectors' decimal strings as numbers: the Excel dialect writes them with a decimal comma."""
    return Decimal(text) if text else None


class ParticipationAreasView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=OpenApiTypes.OBJECT,
                   description="Per area: feedback, initiatives, supports, budget proposals, votes and turnout, "
                   "with each per 1 000 residents where the population is known.")  # fmt: skip
    def get(self, request):
        division, period = parse_query(request.query_params)
        return Response(selectors.participation_by_area(division=division, period=period))


class ParticipationAreasCsvView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[*PERIOD_PARAMETERS, DIALECT_PARAMETER], responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        division, period = parse_query(request.query_params)
        dialect = csv_dialect(request.query_params)
        data = selectors.participation_by_area(division=division, period=period)
        header = ["period", "division", "area_code", "area_name", "population", *selectors.COUNTS, "turnout"]
        header += [f"{key}_per_1000" for key in selectors.COUNTS]
        rows = [header]
        for row in data["areas"]:
            rows.append(
                [period.label, division.slug, row["code"], row["name"], row["population"] if row["population"] is not None else ""]
                + [row[key] if row[key] is not None else "" for key in selectors.COUNTS]
                + [_number(row["turnout"])]
                + [_number(row["per_1000"][key]) for key in selectors.COUNTS]
            )
        safe_label = period.label.replace("/", "-").replace("–", "_")
        return csv_response(rows, filename=f"participation-{division.slug}-{safe_label}.csv", dialect=dialect)


class InitiativeReportView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=OpenApiTypes.OBJECT,
                   description="Initiatives submitted or answered in the period by sector and area, with the answer "
                   "and what was done: the twice-yearly report to the boards and the council.")  # fmt: skip
    def get(self, request):
        division, period = parse_query(request.query_params)
        return Response(selectors.initiative_report(period=period, division=division))


class InitiativeReportCsvView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[*PERIOD_PARAMETERS, DIALECT_PARAMETER], responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        division, period = parse_query(request.query_params)
        dialect = csv_dialect(request.query_params)
        report = selectors.initiative_report(period=period, division=division)
        rows = [["period", "sector", "area_code", "area_name", "initiative_id", "title", "category", "youth", "state",
                 "submitted_at", "answered_at", "supports", "answer", "actions"]]  # fmt: skip
        for sector in report["sectors"]:
            for area in sector["areas"]:
                for i in area["initiatives"]:
                    rows.append([
                        period.label, sector["name"], area["code"] or "", area["name"], i["id"], i["title"], i["category"],
                        "yes" if i["youth"] else "no", i["state"], i["submitted_at"] or "", i["answered_at"] or "",
                        i["support_count"], i["answer"], i["actions"],
                    ])  # fmt: skip
        return csv_response(rows, filename=f"initiatives-{period.label.replace('/', '-')}.csv", dialect=dialect)
