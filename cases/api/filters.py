import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from rest_framework.exceptions import ParseError

from areas.api.located import LocatedFilterSet, StrictBooleanFilter, date_range
from cases.models import Case, CaseLocation, normalise_case_id


class CaseFilter(LocatedFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Case.Status.choices, help_text="Status; repeat for several (status=pending&status=decided)."
    )
    sector = django_filters.CharFilter(
        method="filter_sector", help_text="The preparing sector (toimiala), by name or Ahjo code (e.g. U50)."
    )
    classification = django_filters.CharFilter(
        method="filter_classification",
        help_text='Ahjo classification code or its beginning: "10 03" finds "10 03 03" (zoning).',
    )
    case_id = django_filters.CharFilter(
        method="filter_case_id", help_text='An Ahjo case id, "HEL 2025-007790" or "HEL-2025-007790".'
    )
    located = StrictBooleanFilter(
        method="filter_located", help_text="true: only cases with a location; false: only unlocated ones."
    )
    location_source = django_filters.ChoiceFilter(
        choices=CaseLocation.Source.choices,
        method="filter_location_source",
        help_text="Cases with a location found this way (imported, drawn, geolocated).",
    )
    is_demo = StrictBooleanFilter(field_name="is_demo", help_text="Demo data only (true) or real data only (false).")
    created_after, created_before = date_range("created", "created in Ahjo")
    last_handled_after, last_handled_before = date_range("last_handled", "last handled")

    class Meta:
        model = Case
        fields = ()

    def filter_sector(self, queryset, name, value):
        return queryset.filter(Q(sector__iexact=value.strip()) | Q(sector_code__iexact=value.strip()))

    def filter_classification(self, queryset, name, value):
        return queryset.filter(classification_code__startswith=" ".join(value.split()))

    def filter_case_id(self, queryset, name, value):
        try:
            return queryset.filter(case_id=normalise_case_id(value))
        except ValidationError as exc:
            raise ParseError(f"Parameter case_id: {exc.messages[0]}") from None

    def filter_located(self, queryset, name, value):
        return queryset if value is None else queryset.located(value)

    def filter_location_source(self, queryset, name, value):
        return queryset.filter(Exists(CaseLocation.objects.filter(case=OuterRef("pk"), source=value)))
