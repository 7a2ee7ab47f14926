import django_filters

from ..models import SPOKEN_LANGUAGES, Luotsi, Role


class LuotsiFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, help_text="stadiluotsi or yritysluotsi.")
    area = django_filters.NumberFilter(field_name="areas", distinct=True, help_text="Id of an area served directly.")
    language = django_filters.ChoiceFilter(
        choices=SPOKEN_LANGUAGES, method="filter_language", help_text="A language spoken (ISO 639)."
    )

    class Meta:
        model = Luotsi
        fields = ("role", "area", "language")

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])
