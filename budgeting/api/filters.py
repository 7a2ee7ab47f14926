"""Budgeting's own filters of the proposal and project lists.

The shared located filters (`division` + `area`, `within`, `bbox`, `near` +
`radius`, `q`, `ordering`) come from areas.api.located; these add what only
budgeting knows. `area` there means "lies in or touches"; the budget area an
item is counted in (Östersundom's items in Itäinen) is `budget_area` here.
"""

import django_filters

from areas.api.located import LocatedFilterSet, StrictBooleanFilter, date_range
from areas.models import Area

from ..models import BudgetRound, Project, Proposal


class _BudgetItemFilter(LocatedFilterSet):
    round = django_filters.ModelChoiceFilter(queryset=BudgetRound.objects.all(), help_text="Budget round id.")
    budget_area = django_filters.ModelChoiceFilter(
        field_name="area",
        queryset=Area.objects.all(),
        help_text="The budget area (id) the item is counted in, merges applied (Östersundom's items are Itäinen's).",
    )
    all_helsinki = StrictBooleanFilter(field_name="all_helsinki", help_text="Items for all of Helsinki (true) or an area (false).")
    located = StrictBooleanFilter(
        field_name="location", lookup_expr="isnull", exclude=True, help_text="Items with a point of their own (true) or without (false)."
    )


class ProposalFilter(_BudgetItemFilter):
    status = django_filters.MultipleChoiceFilter(
        choices=Proposal.Status.choices, help_text="Moderation status; repeat for several."
    )
    created_after, created_before = date_range("created_at", "submitted")

    class Meta:
        model = Proposal
        fields = ()


class ProjectFilter(_BudgetItemFilter):
    on_ballot = StrictBooleanFilter(field_name="on_ballot", help_text="Projects in the vote (true) or not (false).")
    implementation_status = django_filters.MultipleChoiceFilter(
        choices=Project.Implementation.choices, help_text="Implementation status; repeat for several."
    )
    min_cost = django_filters.NumberFilter(field_name="cost", lookup_expr="gte", help_text="Costs at least this (EUR).")
    max_cost = django_filters.NumberFilter(field_name="cost", lookup_expr="lte", help_text="Costs at most this (EUR).")
    created_after, created_before = date_range("created_at", "created")

    class Meta:
        model = Project
        fields = ()
