"""The organiser's representative publishes an opportunity (/vapaaehtoistyo/uusi/).

Thin: the form checks the fields; volunteering.services.opportunity_save keeps
the rule (a verified organiser, its representative), and its refusal is shown
beside the status it concerns, nothing typed lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from accounts.navigation import signin_required
from map_ui.errors import error_page
from map_ui.i18n import page_reverse, url_language

from .forms import OpportunityForm
from .models import Opportunity, Organiser
from .services import opportunity_save

MSG_NO_ORGANISER = gettext_lazy("Your account represents no volunteering organiser. A planner or a luotsi links you to one.")


@url_language
@never_cache
@signin_required
@csrf_protect
@require_http_methods(["GET", "POST"])
def opportunity_new(request: HttpRequest) -> HttpResponse:
    organisers = Organiser.objects.filter(user=request.user).order_by("name", "pk")
    if not organisers.exists():
        return error_page(request, status=404, message=str(MSG_NO_ORGANISER))
    form = OpportunityForm(request.POST or None, organisers=organisers)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            opportunity = Opportunity(**form.cleaned_data, status=Opportunity.Status.PUBLISHED)
            try:
                opportunity_save(opportunity=opportunity, by=request.user)
            except ValidationError as error:
                form.add_error(None, [message for messages_ in error.message_dict.values() for message in messages_])
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The opportunity {title} is published.").format(title=opportunity.title))
                area = opportunity.area
                return redirect(page_reverse("map_ui:area", kwargs={"division": area.division.slug, "code": area.code}) + "#volunteering")
        status = 400
    return render(request, "volunteering/opportunity_new.html", {"form": form}, status=status)
