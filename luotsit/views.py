"""The luotsi's workspace: their areas, queues, profile and coverage, as pages.

Thin: each view finds the signed-in person's luotsi profile, calls a selector
or a service and renders. Who may moderate is decided by the owning app's one
rule, which its API asks too: `resident_area_can_moderate` for resident areas,
`proposal_may_moderate` for budget proposals; the states' rules are their
services'. The profile is written by `services.luotsi_update` with the owner's
fields only.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from accounts.navigation import signin_required
from areas.geometry import GeometryError
from areas.models import DivisionType
from resident_areas import services as resident_services
from resident_areas.models import ResidentArea
from resident_areas.selectors import resident_area_can_moderate, resident_area_overlap
from budgeting import services as budget_services
from budgeting.selectors import proposal_list, proposal_may_moderate
from map_ui.errors import error_page
from map_ui.i18n import page_reverse, url_language

from . import queues, selectors, services
from .forms import BudgetProposalModerationForm, LuotsiProfileForm, ResidentAreaModerationForm
from .maps import coverage_map, resident_area_map, workspace_map
from .pages import luotsi_card_preview

MSG_NOT_A_LUOTSI = gettext_lazy("Your account is not linked to a luotsi profile.")
MSG_MAY_NOT_MODERATE_PROPOSAL = gettext_lazy(
    "You may moderate only budget proposals that lie in the areas you serve, and never your own. "
    "This proposal is not one of them: nothing was changed."
)
MSG_MAY_NOT_MODERATE = gettext_lazy(
    "You may moderate only proposals that lie in the areas you serve, and never your own. "
    "This proposal is not one of them: nothing was changed."
)

COVERAGE_STATUSES = (selectors.GAP, selectors.COVERED, selectors.OVERLAP)


def luotsi_page(view):
    """A workspace page: in the URL's language, never cached, for a signed-in person
    whose account is linked to a luotsi profile (the view gets it as `luotsi`)."""

    @url_language
    @never_cache
    @signin_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        luotsi = selectors.luotsi_for_user(user=request.user)
        if luotsi is None:
            # The error page (header, way back) rather than plain text.
            return error_page(request, status=404, message=str(MSG_NOT_A_LUOTSI))
        return view(request, *args, luotsi=luotsi, **kwargs)

    return wrapper


@luotsi_page
def workspace(request: HttpRequest, *, luotsi) -> HttpResponse:
    areas = selectors.luotsi_dashboard(luotsi=luotsi, user=request.user)
    context = {
        "luotsi": selectors.luotsi_card(luotsi, full=True),
        "areas": areas,
        "map": workspace_map(areas=[item["area"] for item in areas]),
        "queue_counts": {
            "resident_areas": queues.resident_areas_to_moderate(luotsi=luotsi).count(),
            "budget_proposals": queues.budget_proposals_waiting(luotsi=luotsi, user=request.user).count(),
            "initiatives": queues.initiatives_waiting(luotsi=luotsi, user=request.user).count(),
            "feedback": queues.feedback_waiting(luotsi=luotsi).count(),
        },
    }
    return render(request, "luotsit/workspace.html", context)


@luotsi_page
def resident_area_queue(request: HttpRequest, *, luotsi) -> HttpResponse:
    queue = queues.resident_areas_to_moderate(luotsi=luotsi)
    return render(request, "luotsit/resident_area_queue.html", {"queue": queue})


@luotsi_page
@csrf_protect
@require_http_methods(["GET", "POST"])
def resident_area_moderate(request: HttpRequest, pk: int, *, luotsi) -> HttpResponse:
    resident_area = ResidentArea.objects.filter(pk=pk).first()
    if resident_area is None:
        return error_page(request, status=404)
    if not resident_area_can_moderate(user=request.user, resident_area=resident_area):
        return error_page(request, status=403, message=str(MSG_MAY_NOT_MODERATE))
    form = ResidentAreaModerationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                resident_services.resident_area_moderate(
                    resident_area=resident_area, moderator=request.user, approve=approve, reason=form.cleaned_data["reason"]
                )
            except GeometryError as error:
                # The service keeps the rules (a reason for a rejection, only a proposal): shown beside the field.
                field = "reason" if str(error) == str(resident_services.MSG_REASON_REQUIRED) else None
                form.add_error(field, str(error))
            else:
                done = _("Approved: {name}.") if approve else _("Rejected: {name}. The author sees your reason.")
                messages.success(request, done.format(name=resident_area.name))
                return redirect(page_reverse("luotsit:resident-areas"))
        status = 400
    context = {
        "resident_area": resident_area,
        "form": form,
        "overlap": resident_area_overlap(resident_area=resident_area),
        "map": resident_area_map(resident_area=resident_area),
    }
    return render(request, "luotsit/resident_area_moderate.html", context, status=status)


@luotsi_page
def budget_proposal_queue(request: HttpRequest, *, luotsi) -> HttpResponse:
    queue = queues.budget_proposals_waiting(luotsi=luotsi, user=request.user)
    return render(request, "luotsit/budget_proposal_queue.html", {"queue": queue})


@luotsi_page
@csrf_protect
@require_http_methods(["GET", "POST"])
def budget_proposal_moderate(request: HttpRequest, pk: int, *, luotsi) -> HttpResponse:
    proposal = proposal_list(user=request.user).select_related("round").filter(pk=pk).first()
    if proposal is None:
        return error_page(request, status=404)
    if not proposal_may_moderate(user=request.user, proposal=proposal):
        return error_page(request, status=403, message=str(MSG_MAY_NOT_MODERATE_PROPOSAL))
    targets = proposal_list(user=request.user).filter(round=proposal.round_id).exclude(pk=proposal.pk).order_by("title")
    form = BudgetProposalModerationForm(request.POST or None, merge_targets=targets)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                budget_services.proposal_moderate(proposal=proposal, **form.cleaned_data)
            except ValidationError as error:
                # The service's rules, beside the field they concern.
                field = "reason" if str(budget_services.MSG_REASON_REQUIRED) in error.messages else "merged_into"
                form.add_error(field, error)
            else:
                messages.success(request, _("Saved: {title} is now {status}.").format(
                    title=proposal.title, status=proposal.get_status_display()
                ))
                return redirect(page_reverse("luotsit:budget-proposals"))
        status = 400
    return render(request, "luotsit/budget_proposal_moderate.html", {"proposal": proposal, "form": form}, status=status)


@luotsi_page
def contact_queue(request: HttpRequest, *, luotsi) -> HttpResponse:
    context = {
        "initiatives": queues.initiatives_waiting(luotsi=luotsi, user=request.user),
        "feedback": queues.feedback_waiting(luotsi=luotsi),
    }
    return render(request, "luotsit/contact_queue.html", context)


@luotsi_page
@csrf_protect
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, *, luotsi) -> HttpResponse:
    form = LuotsiProfileForm(request.POST or None, instance=luotsi)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.luotsi_update(luotsi=luotsi, fields=services.OWNER_FIELDS, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile is saved. Your public card now looks like the preview."))
                return redirect(page_reverse("luotsit:profile"))
        status = 400
    # The preview is what the public sees now: the stored profile, not the unsaved form.
    saved = selectors.luotsi_for_user(user=request.user)
    context = {"form": form, "preview": luotsi_card_preview(saved), "is_public": saved.is_active}
    return render(request, "luotsit/profile.html", context, status=status)


@luotsi_page
def coverage(request: HttpRequest, *, luotsi) -> HttpResponse:
    divisions = list(DivisionType.objects.filter(is_official=True).order_by("level", "slug"))
    own = next((area.division for area in luotsi.areas.all()), None)
    wanted = request.GET.get("division") or (own.slug if own else "")
    division = next((d for d in divisions if d.slug == wanted), None) or (divisions[0] if divisions else None)
    rows = selectors.luotsi_coverage(division=division, role=luotsi.role) if division else []
    context = {
        "divisions": divisions,
        "division": division,
        "role_label": luotsi.get_role_display(),
        "counts": {status: sum(1 for row in rows if row.status == status) for status in COVERAGE_STATUSES},
        "problems": [row for row in rows if row.status != selectors.COVERED],
        "map": coverage_map(division=division, role=luotsi.role) if division else None,
    }
    return render(request, "luotsit/coverage.html", context)
