from django import forms
from django.contrib import messages
from django.contrib.gis import admin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from areas.admin_geometry import LeafletGeoAdmin

from . import services
from .models import (
    AreaAllocation,
    Ballot,
    BudgetRound,
    Project,
    Proposal,
    ResultRecount,
    RoundAreaMerge,
    RoundResult,
    Voter,
)


class RoundAreaMergeInline(admin.TabularInline):
    model = RoundAreaMerge
    raw_id_fields = ("area", "into")
    extra = 0


class AreaAllocationInline(admin.TabularInline):
    model = AreaAllocation
    fields = ("area", "population", "merged_population", "eligible_population", "quota", "remainder_rank", "got_extra_euro", "amount")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BudgetRound)
class BudgetRoundAdmin(TranslationAdmin):
    list_display = ("year", "name", "total_sum", "all_helsinki_share", "voting_opens", "voting_closes")
    inlines = (RoundAreaMergeInline, AreaAllocationInline)
    actions = ("compute_allocation",)

    @admin.action(description=_("Compute the allocation (largest remainder)"))
    def compute_allocation(self, request, queryset):
        for round in queryset:
            try:
                services.allocation_compute(round=round)
            except ValidationError as exc:
                self.message_user(request, f"{round}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("{round}: allocation computed.").format(round=round))


class BudgetItemForm(forms.ModelForm):
    """The place drawn or chosen is checked by the rule the services use."""

    def clean(self):
        cleaned = super().clean()
        round = cleaned.get("round", getattr(self.instance, "round", None))
        if round is None:
            return cleaned  # the round field carries its own error
        try:
            self.place = services.budget_item_place(
                item=self.instance,
                round=round,
                location=cleaned.get("location"),
                area=cleaned.get("area"),
                all_helsinki=bool(cleaned.get("all_helsinki")),
            )
            if isinstance(self.instance, Project) and self.instance.pk:
                # The instance still holds the stored values: construct_instance runs after clean().
                services.ballot_change_check(project=self.instance, changed=self.changed_data, round=round)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        # The model's constraints are checked next, on the place as it will be saved.
        cleaned["location"] = self.place.location
        cleaned["area"] = self.place.budget_area
        cleaned["all_helsinki"] = self.place.budget_area is None
        return cleaned


class BudgetItemAdmin(LeafletGeoAdmin):
    """Location, area and all-Helsinki are edited on the map and saved by
    budgeting.services, which keeps the budget area and the area index consistent."""

    form = BudgetItemForm
    exclude = ("geometry",)
    raw_id_fields = ("area",)

    def save_model(self, request, obj, form, change):
        services.budget_item_save(item=obj, place=form.place)


class MakeProjectForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), widget=forms.Textarea)
    cost = forms.IntegerField(label=_("cost (EUR)"), min_value=1)


def _report(model_admin, request, item, error: ValidationError) -> None:
    model_admin.message_user(request, f"{item}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(Proposal)
class ProposalAdmin(BudgetItemAdmin):
    actions = ("make_project",)

    @admin.action(description=_("Make one project of the selected proposals"), permissions=["change"])
    def make_project(self, request, queryset):
        """A planned project of the proposals, at the first one's place: the planner names it and
        sets its cost on an intermediate page; services.project_create checks the round and place."""
        proposals = list(queryset.order_by("created_at", "pk"))
        first = proposals[0]
        initial = {"title": first.title, "description": "\n\n".join(p.description for p in proposals)}
        form = MakeProjectForm(request.POST if "apply" in request.POST else None, initial=initial)
        if form.is_valid():
            try:
                project = services.project_create(
                    round=first.round,
                    proposals=proposals,
                    location=first.location,
                    area=None if first.location else first.area,
                    all_helsinki=first.all_helsinki,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                _report(self, request, first, exc)
                return None
            self.message_user(request, _("Project {project} made of {count} proposals.").format(project=project, count=len(proposals)))
            return None
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form, "proposals": proposals,
                   "title": _("Make one project of the selected proposals")}  # fmt: skip
        return TemplateResponse(request, "admin/budgeting/proposal/make_project.html", context)

    list_display = ("title", "round", "area", "all_helsinki", "status", "created_at")
    list_filter = ("round", "status", "all_helsinki")
    search_fields = ("title", "description", "origin_id")
    raw_id_fields = ("author", "merged_into", "area")
    # Re-imports from OmaStadi match on it: not for hand edits.
    readonly_fields = ("origin_id",)


@admin.register(Project)
class ProjectAdmin(BudgetItemAdmin):
    list_display = ("title", "round", "area", "all_helsinki", "cost", "on_ballot", "implementation_status")
    list_filter = ("round", "on_ballot", "implementation_status", "all_helsinki")
    search_fields = ("title",)
    filter_horizontal = ("proposals",)
    # on_ballot is set by the service, which checks the cost against the area's sum.
    readonly_fields = ("on_ballot",)
    actions = ("enter_vote",)

    @admin.action(description=_("Put on the ballot (the cost must fit the area's sum)"), permissions=["change"])
    def enter_vote(self, request, queryset):
        for project in queryset.select_related("round", "area"):
            try:
                services.project_enter_vote(project=project)
            except ValidationError as exc:
                _report(self, request, project, exc)
            else:
                self.message_user(request, _("{project}: on the ballot.").format(project=project))

    def has_delete_permission(self, request, obj=None):
        # Deleting a project in a frozen ballot would take it out of the vote.
        if obj is not None and self._ballot_frozen_for(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        frozen = [project for project in queryset if self._ballot_frozen_for(project)]
        if frozen:
            self.message_user(request, self._ballot_frozen_for(frozen[0]), messages.ERROR)
            return
        super().delete_queryset(request, queryset)

    @staticmethod
    def _ballot_frozen_for(project: Project) -> str:
        """The reason `project`, if in the vote, cannot leave it, or ''."""
        if not project.on_ballot:
            return ""
        try:
            services.ballot_change_check(project=project, changed={"on_ballot"})
        except ValidationError as exc:
            return " ".join(exc.messages)
        return ""


@admin.register(Voter)
class VoterAdmin(LeafletGeoAdmin):
    list_display = ("user", "is_resident")
    raw_id_fields = ("user",)


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    """Counts only: who voted for what is not shown, not even here."""

    list_display = ("id", "round", "channel", "area", "updated_at")
    list_filter = ("round", "channel")
    fields = ("round", "channel", "area", "cast_at", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoundResult)
class RoundResultAdmin(_ReadOnlyAdmin):
    """Published results: written once on the results day, changed only by recount_budget_results."""

    list_display = ("round", "computed_at")
    fields = ("round", "computed_at", "budgets")
    readonly_fields = fields


@admin.register(ResultRecount)
class ResultRecountAdmin(_ReadOnlyAdmin):
    """The audit trail of recounts: who, when, why, before and after."""

    list_display = ("round", "recounted_at", "recounted_by", "reason")
    list_filter = ("round",)
    fields = ("round", "recounted_at", "recounted_by", "reason", "before", "after")
    readonly_fields = fields
