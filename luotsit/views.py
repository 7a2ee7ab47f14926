"""The luotsi's own page: their profile and what lies in their areas."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.navigation import signin_required
from map_ui.errors import error_page

from . import selectors


@signin_required
def luotsi_me_page(request: HttpRequest) -> HttpResponse:
    luotsi = selectors.luotsi_for_user(user=request.user)
    if luotsi is None:
        # The error page (header, way back) rather than plain text.
        return error_page(request, status=404, message=_("Your account is not linked to a luotsi profile."))
    context = {
        "luotsi": selectors.luotsi_card(luotsi, full=True),
        "areas": selectors.luotsi_dashboard(luotsi=luotsi, user=request.user),
    }
    return render(request, "luotsit/me.html", context)
