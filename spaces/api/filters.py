import django_filters

from areas.api.located import LocatedFilterSet, StrictBooleanFilter, date_range
from spaces.models import Space


class SpaceFilter(LocatedFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        choices=Space.Kind.choices, help_text="Kind of space; repeat for several (kind=library&kind=youth_centre)."
    )
    is_free = StrictBooleanFilter(field_name="is_free", help_text="Free of charge (true) or paid (false).")
    self_service = StrictBooleanFilter(
        field_name="self_service", help_text="Self-supervised use (omavalvontainen käyttö) allowed."
    )
    bookable = StrictBooleanFilter(method="filter_bookable", help_text="Has a booking link.")
    wheelchair_accessible = StrictBooleanFilter(field_name="wheelchair_accessible", help_text="Wheelchair accessible.")
    min_capacity = django_filters.NumberFilter(
        field_name="capacity", lookup_expr="gte", min_value=0, help_text="At least this many people at once."
    )
    is_demo = StrictBooleanFilter(field_name="is_demo", help_text="Demo data only (true) or real data only (false).")
    modified_after, modified_before = date_range("modified_at", "the space's data last changed")

    class Meta:
        model = Space
        fields = ()

    def filter_bookable(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(booking_url="") if value else queryset.filter(booking_url="")
