"""Where sign-in leads: `next` only to the service's own paths, and the redirect to the sign-in page."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from geo_osallisuus.roles import user_is_signed_in
from map_ui.i18n import page_reverse


def next_path(value: str | None) -> str | None:
    """`value` if it is a path of this service ("/oma-sivu/"), else None.

    No scheme, no host, not protocol-relative ("//evil.example") and no
    backslash, which browsers read as a slash ("/\\evil.example").
    """
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=set(), require_https=False) else None


def signin_url(*, next_url: str | None = None) -> str:
    """The sign-in page in the active language, coming back to `next_url` (a path)."""
    url = page_reverse("accounts:signin")
    target = next_path(next_url)
    return f"{url}?{urlencode({'next': target})}" if target else url


def signin_required(view):
    """Sends a person who is not signed in to the sign-in page, and back here afterwards."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not user_is_signed_in(request.user):
            return redirect(signin_url(next_url=request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper
