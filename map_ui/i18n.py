"""Language in the page URL: / is Finnish, /sv/ and /en/ the others.

Explicit prefixes rather than Django's i18n_patterns: with i18n_patterns and an
unprefixed default language, LocaleMiddleware pins every unprefixed URL (the
whole API) to Finnish and ignores Accept-Language, which the API honours.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
PREFIXED_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE)


class LanguagePrefixConverter:
    """Matches the language codes that get a URL prefix (sv, en)."""

    regex = "|".join(PREFIXED_LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def active_language() -> str:
    """The active language reduced to one of settings.LANGUAGES (en-gb -> en)."""
    code = (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else DEFAULT_LANGUAGE


def page_reverse(viewname: str, *, kwargs: dict | None = None, language: str | None = None) -> str:
    """reverse() for a page, with the language prefix of `language` (default: active)."""
    language = language or active_language()
    kwargs = dict(kwargs or {})
    if language != DEFAULT_LANGUAGE:
        kwargs["lang"] = language
    return reverse(viewname, kwargs=kwargs)


def url_language(view):
    """Runs the view in the language its URL names (`lang` kwarg, absent = default)."""

    @wraps(view)
    def wrapper(request, *args, lang: str | None = None, **kwargs):
        language = lang or DEFAULT_LANGUAGE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapper


def _same_page(match, *, language: str) -> str | None:
    if match is None:  # no URL matched: a 404 page
        return None
    kwargs = {key: value for key, value in match.kwargs.items() if key != "lang"}
    try:
        return page_reverse(match.view_name, kwargs=kwargs, language=language)
    except NoReverseMatch:  # a view that is not a page of the service
        return None


def language_links(request) -> list[dict[str, object]]:
    """The current page in every language, for the language switcher; the home
    page for an error page whose address names no page of the service."""
    match = request.resolver_match
    current = active_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = _same_page(match, language=code) or page_reverse("map_ui:city-map", language=code)
        links.append(
            {
                "code": code,
                # The language's own name, so a reader finds it whatever is active.
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    return links


def shown_language(obj, field: str) -> str:
    """The language of the text a translated field (django-modeltranslation) shows on this page: the active
    language when it has a text, else the first fallback that has one, else the default language (sources
    such as Ahjo write Finnish only). Pages mark a text in another language with lang= (WCAG 3.1.2)."""
    active = active_language()
    for code in (active, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES):
        if getattr(obj, f"{field}_{code}", None):
            return code
    return DEFAULT_LANGUAGE
