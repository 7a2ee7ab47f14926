"""Reading Open311 GeoReport v2 service lists (`services.json`).

A service list is a JSON array of services, each
``{service_code, service_name, description, metadata, type, keywords, group}``.
Helsinki publishes one list per language (`services.json?locale=fi_FI`, ...)
with the same service codes in each; `merge_service_lists` joins them by
`service_code` into the translated fields of feedback.models.Service
(`service_name_fi`, `description_sv`, `group_en`, ...) and one `keywords`.

This module only reads and checks: it returns plain values or raises
ServiceListError naming the file, the service and what is wrong. Writing is
feedback.services.service_list_import's job.

Encoding. A list must be UTF-8 (a byte-order mark is allowed). Helsinki's own
Swedish list is not: it is Windows-1252 (0xE4 for ä). Such a file is refused
unless the caller names the encoding it is in (`fallback_encoding`, the
command's `--fallback-encoding cp1252`); then a file that is not valid UTF-8 is
read in that encoding and a note says so. We chose an explicit option over a
silent guess because a single-byte decoding never fails: a guessed cp1252
would turn any broken or mixed file into wrong letters in every public
answer, and an admin who sees the refusal knows what to type. Valid UTF-8 is
always read as UTF-8 (a text in cp1252 is practically never also valid UTF-8),
so the option can be given for a whole run of files of which only some need it.
A file that is not UTF-8 yet holds UTF-8 letters (Ã¤ when decoded) mixes
encodings and is refused even with the option.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from geo_osallisuus import parsers

from .models import Service

LANGUAGES = ("fi", "sv", "en")
# Single-byte encodings a list may be in besides UTF-8 (the choices of --fallback-encoding).
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
MAX_FILE_BYTES = 20 * 1024 * 1024
# Field lengths: the model's, and for the description (a TextField) a bound of our own:
# it is shown on every services.json answer and in the feedback form.
MAX_LENGTH = {
    "service_code": Service._meta.get_field("service_code").max_length,
    "service_name": Service._meta.get_field("service_name").max_length,
    "group": Service._meta.get_field("group").max_length,
    "keywords": Service._meta.get_field("keywords").max_length,
    "description": 5000,
}
# A UTF-8 encoded letter of U+0080..U+00FF (ä, ö, å, é...) as bytes: in a file that is not
# valid UTF-8 it means part of the file is UTF-8 and part is not.
_UTF8_LATIN_LETTER = re.compile(rb"[\xc2\xc3][\x80-\xbf]")
# service_code filters of the API are comma-separated lists.
_CODE_FORBIDDEN = re.compile(r"[\s,]")

MSG_NO_FILE = _("{path}: no such file.")
MSG_UNREADABLE = _("{path}: cannot be read ({error}).")
MSG_TOO_LARGE = _("{path}: the file is larger than {mb} MB.")
MSG_NOT_UTF8 = _(
    "{path} is not UTF-8 text (line {line}). If it is in a single-byte encoding, as Helsinki's Swedish "
    "list is (Windows-1252), name it with --fallback-encoding cp1252."
)
MSG_NOT_IN_ENCODING = _("{path} is neither UTF-8 nor {encoding} text (line {line}).")
MSG_MIXED_ENCODINGS = _(
    "{path} is not UTF-8 text, yet holds letters written in UTF-8 (line {line}): it mixes encodings and would "
    "be imported garbled. Save it again in UTF-8."
)
MSG_READ_AS = _("{path} is not UTF-8 text: read as {encoding}.")
MSG_NOT_JSON = _("{path}: not valid JSON: {error}")
MSG_DISCOVERY = _(
    "{path} is an Open311 discovery document, not a service list: download services.json from one of its "
    "endpoints ({url})."
)
MSG_NOT_A_LIST = _("{path} is not a GeoReport v2 service list: expected a JSON array of services.")
MSG_EMPTY = _("{path} lists no services.")
MSG_ENTRY_NOT_OBJECT = _("{path}: entry {n} is not a JSON object.")
MSG_NO_CODE = _("{path}: entry {n} has no service_code.")
MSG_CODE_TOO_LONG = _("{path}: entry {n}: service_code {code!r} is longer than {limit} characters.")
MSG_CODE_CHARACTERS = _(
    "{path}: service {code!r}: service_code may not contain spaces or commas (the API filters by "
    "comma-separated codes)."
)
MSG_DUPLICATE = _("{path}: service {code} is listed twice (entries {first} and {n}).")
MSG_NO_NAME = _("{path}: service {code} has no service_name.")
MSG_NOT_TEXT = _("{path}: service {code}: {field} must be text.")
MSG_TOO_LONG = _("{path}: service {code}: {field} is longer than {limit} characters ({length}).")
MSG_METADATA = _(
    "{path}: service {code} asks for extra attributes (metadata: true); this service does not collect them."
)
MSG_FINNISH_REQUIRED = _("The Finnish service list is required: every service needs its Finnish name.")
MSG_NOT_IN_FINNISH = _(
    "{path}: service {code} is not in the Finnish list {fi_path}; every service needs its Finnish name."
)
MSG_LANGUAGE_MISSING = _("Service {code} ({name}) is not in {path}: its texts in {language} stay as they are.")
MSG_KEYWORDS_TOO_LONG = _(
    "Service {code}: its keywords in all the lists together are longer than {limit} characters ({length})."
)


class ServiceListError(ValueError):
    """A file that is not a service list, or a service in it that cannot be read; str() is for people."""


@dataclass(frozen=True)
class ListedService:
    code: str
    name: str
    description: str
    group: str
    keywords: tuple[str, ...]


@dataclass
class ServiceList:
    path: str
    services: list[ListedService]
    notes: list[str] = field(default_factory=list)


def read_service_list(path: str | Path, *, fallback_encoding: str | None = None) -> ServiceList:
    """The services of one GeoReport v2 service-list file, in the file's order."""
    notes: list[str] = []
    text = _text(Path(path), fallback_encoding, notes)
    try:
        data = parsers.loads(text)
    except parsers.JSONInputError as exc:
        raise ServiceListError(MSG_NOT_JSON.format(path=path, error=exc)) from None
    return ServiceList(path=str(path), services=parse_service_list(data, name=str(path), notes=notes), notes=notes)


def _text(path: Path, fallback_encoding: str | None, notes: list[str]) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ServiceListError(MSG_TOO_LARGE.format(path=path, mb=MAX_FILE_BYTES >> 20))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ServiceListError(MSG_NO_FILE.format(path=path)) from None
    except OSError as exc:
        raise ServiceListError(MSG_UNREADABLE.format(path=path, error=exc.strerror or type(exc).__name__)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if not fallback_encoding:
            raise ServiceListError(MSG_NOT_UTF8.format(path=path, line=line)) from None
    if fallback_encoding not in FALLBACK_ENCODINGS:
        raise ValueError(f"fallback_encoding must be one of {FALLBACK_ENCODINGS}, not {fallback_encoding!r}")
    mixed = _UTF8_LATIN_LETTER.search(data)
    if mixed or data.startswith(codecs.BOM_UTF8):
        line = data.count(b"\n", 0, mixed.start()) + 1 if mixed else 1
        raise ServiceListError(MSG_MIXED_ENCODINGS.format(path=path, line=line))
    try:
        text = data.decode(fallback_encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ServiceListError(MSG_NOT_IN_ENCODING.format(path=path, encoding=fallback_encoding, line=line)) from None
    notes.append(str(MSG_READ_AS.format(path=path, encoding=fallback_encoding)))
    return text


def parse_service_list(data, *, name: str = "input", notes: list[str] | None = None) -> list[ListedService]:
    """The services of a decoded service list; notes on what is read but not kept go to `notes`."""
    notes = [] if notes is None else notes
    if isinstance(data, dict) and isinstance(data.get("endpoints"), list):
        urls = [e.get("url") for e in data["endpoints"] if isinstance(e, dict) and isinstance(e.get("url"), str)]
        raise ServiceListError(MSG_DISCOVERY.format(path=name, url=", ".join(urls) or "-"))
    if not isinstance(data, list):
        raise ServiceListError(MSG_NOT_A_LIST.format(path=name))
    if not data:
        raise ServiceListError(MSG_EMPTY.format(path=name))
    services: list[ListedService] = []
    first_entry: dict[str, int] = {}
    for n, entry in enumerate(data, start=1):
        service = _service(entry, n, name, notes)
        if service.code in first_entry:
            first = first_entry[service.code]
            raise ServiceListError(MSG_DUPLICATE.format(path=name, code=service.code, first=first, n=n))
        first_entry[service.code] = n
        services.append(service)
    return services


def _service(entry, n: int, name: str, notes: list[str]) -> ListedService:
    if not isinstance(entry, dict):
        raise ServiceListError(MSG_ENTRY_NOT_OBJECT.format(path=name, n=n))
    code = entry.get("service_code")
    # GeoReport v2 says text; some servers write the code as a number.
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    code = code.strip() if isinstance(code, str) else ""
    if not code:
        raise ServiceListError(MSG_NO_CODE.format(path=name, n=n))
    if len(code) > MAX_LENGTH["service_code"]:
        raise ServiceListError(
            MSG_CODE_TOO_LONG.format(path=name, n=n, code=code[:20] + "…", limit=MAX_LENGTH["service_code"])
        )
    if _CODE_FORBIDDEN.search(code):
        raise ServiceListError(MSG_CODE_CHARACTERS.format(path=name, code=code))
    values = {}
    for key in ("service_name", "description", "group", "keywords"):
        value = entry.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ServiceListError(MSG_NOT_TEXT.format(path=name, code=code, field=key))
        value = value.strip()
        if len(value) > MAX_LENGTH[key]:
            raise ServiceListError(
                MSG_TOO_LONG.format(path=name, code=code, field=key, limit=MAX_LENGTH[key], length=len(value))
            )
        values[key] = value
    if not values["service_name"]:
        raise ServiceListError(MSG_NO_NAME.format(path=name, code=code))
    if entry.get("metadata") is True:
        notes.append(str(MSG_METADATA.format(path=name, code=code)))
    return ListedService(
        code=code,
        name=values["service_name"],
        description=values["description"],
        group=values["group"],
        keywords=tuple(k.strip() for k in values["keywords"].split(",") if k.strip()),
    )


def merge_service_lists(lists: dict[str, ServiceList]) -> tuple[list[dict], list[str]]:
    """Service field values joined by service_code across the languages' lists; and notes.

    `lists` maps a language (fi, sv, en) to its list; Finnish is required, and a
    service must be in it. A language's fields are set only from that
    language's list: a service missing from the Swedish list keeps the Swedish
    texts it has. `keywords` (not translated) is every list's keywords once, in
    the order fi, sv, en.
    """
    if "fi" not in lists:
        raise ServiceListError(MSG_FINNISH_REQUIRED)
    finnish = lists["fi"]
    by_language = {lang: {s.code: s for s in lists[lang].services} for lang in LANGUAGES if lang in lists}
    for lang, services in by_language.items():
        for code in sorted(services.keys() - by_language["fi"].keys()):
            raise ServiceListError(MSG_NOT_IN_FINNISH.format(path=lists[lang].path, code=code, fi_path=finnish.path))
    items, notes = [], []
    for fi in finnish.services:
        item: dict = {"service_code": fi.code}
        keywords: dict[str, str] = {}
        for lang, services in by_language.items():
            service = services.get(fi.code)
            if service is None:
                missing = MSG_LANGUAGE_MISSING.format(code=fi.code, name=fi.name, path=lists[lang].path, language=lang)
                notes.append(str(missing))
                continue
            item[f"service_name_{lang}"] = service.name
            item[f"description_{lang}"] = service.description
            item[f"group_{lang}"] = service.group
            for keyword in service.keywords:
                keywords.setdefault(keyword.casefold(), keyword)
        item["keywords"] = ", ".join(keywords.values())
        if len(item["keywords"]) > MAX_LENGTH["keywords"]:
            raise ServiceListError(
                MSG_KEYWORDS_TOO_LONG.format(code=fi.code, limit=MAX_LENGTH["keywords"], length=len(item["keywords"]))
            )
        items.append(item)
    return items, notes
