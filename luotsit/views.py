"""The luotsi's own page: their profile and what lies in their areas."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.navigation import signin_required

from . import selectors


@signin_required
def luotsi_me_page(request: HttpRequest) -> HttpResponse:
    luotsi = selectors.luotsi_for_user(user=request.user)
    if luotsi is None:
        return HttpResponse(_("Your account is not linked to a luotsi profile."), status=404, content_type="text/plain; charset=utf-8")
    context = {
        "luotsi": selectors.luotsi_card(luotsi, full=True),
        "areas": selectors.luotsi_dashboard(luotsi=luotsi, user=request.user),
    }
    return render(request, "luotsit/me.html", context)
