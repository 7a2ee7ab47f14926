"""Sign-in, sign-out and the resident's own page (in the URL's language, like the map pages)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from map_ui.i18n import page_reverse, url_language

from . import oidc, selectors, services
from .models import ApiToken
from .my_page import my_page_context
from .navigation import next_path, signin_required


def _landing(request: HttpRequest) -> str:
    """Where a sign-in leads: `next` when it is one of the service's own paths, else
    the person's own page in the page's language."""
    return next_path(request.POST.get("next") or request.GET.get("next")) or page_reverse("accounts:me")


def _signin_context(request: HttpRequest, *, form=None, failed: bool = False) -> dict:
    target = _landing(request)
    return {
        "next": target,
        "oidc_enabled": oidc.oidc_enabled(),
        "oidc_url": f"{reverse('oidc_authentication_init')}?{urlencode({'next': target})}",
        "local_enabled": settings.LOCAL_SIGNIN,
        "form": form if form is not None else AuthenticationForm(request),
        "failed": failed,
    }


@url_language
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """The sign-in page: the city's identity service, and local accounts where enabled."""
    if request.method == "POST":
        if not settings.LOCAL_SIGNIN:
            raise Http404(_("Sign-in with a user name and password is not in use."))
        form = AuthenticationForm(request, data=request.POST)
        if form.is_valid():
            # login() gives the session a new key: no session fixation.
            auth.login(request, form.get_user())
            return redirect(_landing(request))
        return render(request, "accounts/signin.html", _signin_context(request, form=form), status=400)
    return render(request, "accounts/signin.html", _signin_context(request))


@url_language
@never_cache
def signin_failed(request: HttpRequest) -> HttpResponse:
    """Where the identity service's flow ends when it did not sign the person in."""
    return render(request, "accounts/signin.html", _signin_context(request, failed=True), status=401)


@url_language
@require_POST
@csrf_protect
def signout(request: HttpRequest) -> HttpResponse:
    """Signs out here and, after a sign-in there, at the identity service too (RP-initiated logout)."""
    return_to = request.build_absolute_uri(page_reverse("map_ui:city-map"))
    id_token = request.session.get("oidc_id_token")
    auth.logout(request)
    return redirect(oidc.provider_logout_url(id_token=id_token, return_to=return_to))


@url_language
@never_cache
@signin_required
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/me.html", my_page_context(user=request.user))


def _tokens_page(request: HttpRequest, *, new_key: str | None = None, errors=None, status: int = 200) -> HttpResponse:
    context = {"tokens": selectors.api_token_list(user=request.user), "new_key": new_key, "errors": errors or {}}
    return render(request, "accounts/tokens.html", context, status=status)


@url_language
@never_cache
@signin_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens: a new one is shown once, on the answer to the POST that made it."""
    if request.method == "POST":
        try:
            _token, key = services.api_token_create(user=request.user, name=request.POST.get("name", ""))
        except ValidationError as error:
            return _tokens_page(request, errors=error.message_dict, status=400)
        return _tokens_page(request, new_key=key, status=201)
    return _tokens_page(request)


@url_language
@signin_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist as error:
        raise Http404(_("No such token.")) from error
    return redirect(page_reverse("accounts:tokens"))
