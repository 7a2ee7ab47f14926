from django import template

from map_ui.i18n import language_links, page_reverse

register = template.Library()


@register.simple_tag
def page_url(viewname: str, **kwargs) -> str:
    """The URL of a page in the active language: {% page_url "map_ui:area" division=... code=... %}."""
    return page_reverse(viewname, kwargs=kwargs)


@register.simple_tag(takes_context=True)
def languages(context) -> list[dict]:
    return language_links(context["request"])
