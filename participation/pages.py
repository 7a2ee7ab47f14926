"""Pages: participation per area (/osallistuminen/) and the twice-yearly
initiative report (/osallistuminen/aloiteraportti/), in fi, /sv/ and /en/."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from rest_framework.exceptions import ParseError

from map_ui.pages import DetailPage, detail_pages

from . import selectors
from .api.views import COUNT_LABELS, parse_query


def _query_string(request) -> str:
    return request.META.get("QUERY_STRING", "")


def participation_page(request):
    try:
        division, period = parse_query(request.GET)
    except ParseError as exc:
        return HttpResponseBadRequest(str(exc.detail))
    data = selectors.participation_by_area(division=division, period=period)
    keys = list(selectors.COUNTS)
    table = [
        {
            "area": row,
            "cells": [(row[key], row["per_1000"][key]) for key in keys],
            "turnout": row["turnout"],
        }
        for row in data["areas"]
    ]
    query = _query_string(request)
    return render(
        request,
        "participation/participation_page.html",
        {
            "data": data,
            "period": period,
            "division": division,
            "columns": [COUNT_LABELS[key] for key in keys],
            "table": table,
            "totals": [data["totals"][key] for key in keys],
            "csv_url": reverse("participation-areas-csv") + (f"?{query}" if query else ""),
            "api_url": reverse("participation-areas") + (f"?{query}" if query else ""),
        },
    )


def report_page(request):
    try:
        division, period = parse_query(request.GET)
    except ParseError as exc:
        return HttpResponseBadRequest(str(exc.detail))
    query = _query_string(request)
    return render(
        request,
        "participation/report_page.html",
        {
            "report": selectors.initiative_report(period=period, division=division),
            "period": period,
            "csv_url": reverse("participation-initiative-report-csv") + (f"?{query}" if query else ""),
        },
    )


def register() -> None:
    detail_pages.register(DetailPage(name="participation", route="osallistuminen/", view=participation_page))
    detail_pages.register(DetailPage(name="initiative-report", route="osallistuminen/aloiteraportti/", view=report_page))
