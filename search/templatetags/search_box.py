"""{% search_box %}: the search box on any page (the city map, near me, results)."""

from django import template

from ..forms import SearchForm
from ..pages import search_box_config
from ..selectors import MAX_QUERY_LENGTH

register = template.Library()


@register.inclusion_tag("search/box.html")
def search_box(form: SearchForm | None = None) -> dict:
    return {"form": form or SearchForm(), "search_config": search_box_config(), "search_max_length": MAX_QUERY_LENGTH}
