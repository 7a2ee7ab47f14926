"""The identity service's flow: /oidc/authenticate/ starts it, /oidc/callback/ ends it.

mozilla-django-oidc's own views under the names it reverses; not its logout
view, since signing out is accounts:signout (a POST, in the page's language).
"""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from map_ui.i18n import page_reverse

from .oidc import oidc_enabled


class AuthenticationRequestView(OIDCAuthenticationRequestView):
    """Starts the flow only when a provider is configured (a 404 otherwise, not a broken redirect)."""

    def get(self, request):
        if not oidc_enabled():
            raise Http404(_("Sign-in through the city's identification is not in use."))
        return super().get(request)


class AuthenticationCallbackView(OIDCAuthenticationCallbackView):
    """Ends a flow that did not sign the person in on the sign-in page, with a message.

    (The library redirects to LOGIN_REDIRECT_URL_FAILURE as it stands, without
    resolving a URL name; the callback has no language prefix, so the page is
    in the language the browser asks for.)
    """

    @property
    def failure_url(self) -> str:
        return page_reverse("accounts:signin-failed")


urlpatterns = [
    path("authenticate/", AuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    path("callback/", AuthenticationCallbackView.as_view(), name="oidc_authentication_callback"),
]
