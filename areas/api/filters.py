import django_filters

from areas.models import Area


class AreaFilter(django_filters.FilterSet):
    division = django_filters.CharFilter(field_name="division__slug", help_text="Division slug, e.g. suurpiiri.")
    parent = django_filters.NumberFilter(field_name="parent_id", help_text="Id of the parent area.")
    parent_code = django_filters.CharFilter(field_name="parent__code", help_text="Code of the parent area.")
    code = django_filters.CharFilter(field_name="code", help_text="The area's own code.")
    valid_on = django_filters.DateFilter(method="filter_valid_on", help_text="Areas valid on this date (YYYY-MM-DD).")

    class Meta:
        model = Area
        fields = ("division", "parent", "parent_code", "code", "valid_on")

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)
