from django import template
from django.utils.html import format_html

from map_ui.i18n import active_language, language_links, page_reverse, shown_language

register = template.Library()


@register.simple_tag
def page_url(viewname: str, **kwargs) -> str:
    """The URL of a page in the active language: {% page_url "map_ui:area" division=... code=... %}."""
    return page_reverse(viewname, kwargs=kwargs)


@register.simple_tag(takes_context=True)
def languages(context) -> list[dict]:
    return language_links(context["request"])


@register.simple_tag
def lang_of(obj, field: str) -> str:
    """` lang="fi"` on an element whose translated text is another language's fallback, else nothing:
    <h1{% lang_of case "title" %}>."""
    code = shown_language(obj, field)
    return "" if code == active_language() else format_html(' lang="{}"', code)


@register.simple_tag
def lang_fi() -> str:
    """` lang="fi"` on a text the source gives in Finnish only (Ahjo's sectors and classes) on a sv or en page."""
    return "" if active_language() == "fi" else format_html(' lang="{}"', "fi")
