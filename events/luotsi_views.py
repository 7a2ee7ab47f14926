"""The luotsi publishes an event of their own: a page in their workspace (/tapahtumat/uusi/).

Thin: the form checks the fields, events.services.luotsi_event_publish keeps the
rule (only the areas the luotsi serves, a space inside the chosen area).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from luotsit.views import luotsi_page
from map_ui.i18n import page_reverse

from .forms import LuotsiEventForm
from .services import luotsi_event_publish


@luotsi_page
@csrf_protect
@require_http_methods(["GET", "POST"])
def luotsi_event_new(request: HttpRequest, *, luotsi) -> HttpResponse:
    form = LuotsiEventForm(request.POST or None, luotsi=luotsi)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                event = luotsi_event_publish(luotsi=luotsi, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The event {name} is published on the area's page.").format(name=event.name))
                # Back to the workspace, where the message shows and the area's count has grown.
                return redirect(page_reverse("luotsit:me"))
        status = 400
    return render(request, "events/luotsi_event_new.html", {"form": form}, status=status)
