import django_filters

from areas.api.located import LocatedFilterSet, StrictBooleanFilter, date_range
from events.models import AreaEvent
from events.selectors import event_upcoming


class AreaEventFilter(LocatedFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=[(s.value, s.label) for s in AreaEvent.PUBLIC_STATUSES],
        help_text="Status; repeat for several (status=scheduled&status=postponed).",
    )
    upcoming_days = django_filters.NumberFilter(
        method="filter_upcoming",
        min_value=0,
        max_value=366,
        help_text="Only events not yet over that start within this many days (0: under way now).",
    )
    keyword = django_filters.CharFilter(
        method="filter_keyword", help_text='A keyword id, e.g. "yso:p1235".'
    )
    is_online = StrictBooleanFilter(field_name="is_online", help_text="Online events (true) or not (false).")
    space = django_filters.NumberFilter(field_name="space_id", help_text="Events in this city space (its id).")
    is_demo = StrictBooleanFilter(field_name="is_demo", help_text="Demo data only (true) or real data only (false).")
    start_after, start_before = date_range("start_time", "the event starts")

    class Meta:
        model = AreaEvent
        fields = ()

    def filter_upcoming(self, queryset, name, value):
        return queryset if value is None else event_upcoming(queryset, days=int(value))

    def filter_keyword(self, queryset, name, value):
        return queryset.filter(keywords__contains=[value]) if value else queryset
