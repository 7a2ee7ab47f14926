"""Initiatives' own filters; the shared located ones come from areas.api.located."""

import django_filters

from areas.api.located import LocatedFilterSet, StrictBooleanFilter, date_range
from feedback.models import Sector

from ..models import Initiative, InitiativeCategory


class InitiativeFilter(LocatedFilterSet):
    state = django_filters.MultipleChoiceFilter(choices=Initiative.State.choices, help_text="State; repeat for several.")
    category = django_filters.ModelChoiceFilter(
        field_name="category", to_field_name="code", queryset=InitiativeCategory.objects.all(), help_text="Category code."
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="sector", to_field_name="code", queryset=Sector.objects.all(), help_text="Responsible sector code."
    )
    youth = StrictBooleanFilter(field_name="youth", help_text="Made through the youth channel (true) or not (false).")
    located = StrictBooleanFilter(
        field_name="geometry", lookup_expr="isnull", exclude=True, help_text="Initiatives with a place (true) or without."
    )
    submitted_after, submitted_before = date_range("submitted_at", "submitted")

    class Meta:
        model = Initiative
        fields = ()
