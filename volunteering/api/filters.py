import django_filters

from areas.api.located import LocatedFilterSet, StrictBooleanFilter, date_range
from volunteering.models import LANGUAGES, Opportunity, Organiser
from volunteering.selectors import opportunity_for_age


class OpportunityFilter(LocatedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Opportunity.Kind.choices, help_text="Kind; repeat for several.")
    time_kind = django_filters.MultipleChoiceFilter(
        choices=Opportunity.TimeKind.choices, help_text="once, recurring or ongoing; repeat for several."
    )
    language = django_filters.ChoiceFilter(choices=LANGUAGES, method="filter_language", help_text="Spoken in it.")
    age = django_filters.NumberFilter(
        method="filter_age", min_value=0, max_value=120, help_text="Open to a person of this age (limits inclusive)."
    )
    organiser_kind = django_filters.ChoiceFilter(
        field_name="organiser__kind", choices=Organiser.Kind.choices, help_text="association or city_unit."
    )
    is_online = StrictBooleanFilter(field_name="is_online", help_text="Online (true) or not (false).")
    is_demo = StrictBooleanFilter(field_name="is_demo", help_text="Demo data only (true) or real data only (false).")
    start_after, start_before = date_range("start_time", "a one-off opportunity starts")

    class Meta:
        model = Opportunity
        fields = ()

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value]) if value else queryset

    def filter_age(self, queryset, name, value):
        return queryset if value is None else opportunity_for_age(queryset, age=int(value))
