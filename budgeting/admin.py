from django.contrib import messages
from django.contrib.gis import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin
from modeltranslation.admin import TranslationAdmin

from . import services
from .models import AreaAllocation, Ballot, BudgetRound, Project, Proposal, RoundAreaMerge, Voter


class RoundAreaMergeInline(admin.TabularInline):
    model = RoundAreaMerge
    raw_id_fields = ("area", "into")
    extra = 0


class AreaAllocationInline(admin.TabularInline):
    model = AreaAllocation
    fields = ("area", "population", "merged_population", "quota", "remainder_rank", "got_extra_euro", "amount")
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


@admin.register(Proposal)
class ProposalAdmin(LeafletGeoAdmin):
    list_display = ("title", "round", "area", "all_helsinki", "status", "created_at")
    list_filter = ("round", "status", "all_helsinki")
    search_fields = ("title", "description")
    raw_id_fields = ("author", "merged_into")
    # The place is written by budgeting.services, which keeps the budget area
    # and the area index consistent with it.
    exclude = ("geometry",)
    readonly_fields = ("location", "area", "all_helsinki")


@admin.register(Project)
class ProjectAdmin(LeafletGeoAdmin):
    list_display = ("title", "round", "area", "all_helsinki", "cost", "on_ballot", "implementation_status")
    list_filter = ("round", "on_ballot", "implementation_status", "all_helsinki")
    search_fields = ("title",)
    filter_horizontal = ("proposals",)
    exclude = ("geometry",)
    # on_ballot is set by the service, which checks the cost against the area's sum;
    # the place by the services, which keep the budget area and the area index.
    readonly_fields = ("on_ballot", "location", "area", "all_helsinki")


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
