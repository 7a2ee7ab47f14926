"""Reading cases as Ahjo's REST API returns them.

Ahjo answers `/cases` with a page `{"cases": [...]}` and `/cases/{id}` with one
case object; a file may also hold a plain list. Each case has `CaseID`
("HEL-2022-011760"), `CaseIDLabel` ("HEL 2022-011760"), `Title`, `Created`,
`Acquired`, `ClassificationCode`, `ClassificationTitle`, `Status`, `Language`,
`PublicityClass`, and in the detailed form `Handlings` (each with `Sector`,
`SectorID`, `Created`) and `Records` (documents, each with `Title`, `Issued`).

Publicity: a case with `PublicityClass` is public only when the class is
"Julkinen"; a case without one is public, because Ahjo's listings carry no
class and list public cases only (the city's real listings have none at all).
A sub-case ("HEL-2021-009907-Lausunto-1", a statement request) is a case of
its own, linked to its parent by cases.services.

This module only reads and checks: it returns `AhjoCase` values or raises
`AhjoFileError` naming the file, the case and what is wrong. Writing is
cases.services' job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from geo_osallisuus import parsers

from .models import Case, normalise_case_id

PUBLIC = "julkinen"
STATUSES = {"vireillä": Case.Status.PENDING, "ratkaistu": Case.Status.DECIDED, "arkistoitu": Case.Status.ARCHIVED}
MAX_FILE_BYTES = 200 * 1024 * 1024


class AhjoFileError(ValueError):
    """A file that is not Ahjo case JSON, or a case in it that cannot be read; str() is for people."""


@dataclass(frozen=True)
class AhjoCase:
    case_id: str
    title: str
    language: str
    classification_code: str
    classification_title: str
    status: str
    status_ahjo: str
    sector: str
    sector_code: str
    created: datetime | None
    acquired: datetime | None
    last_handled: datetime | None
    is_public: bool
    record_titles: tuple[str, ...] = field(default=())

    @property
    def text_for_geolocation(self) -> str:
        """The title, or when Ahjo gives none, the titles of the case's public records."""
        return self.title or " ".join(self.record_titles)


def read_ahjo_file(path: str | Path, *, problems: list[str] | None = None) -> list[AhjoCase]:
    """The cases of one file. With a `problems` list, a case that cannot be read is
    left out and its message appended; without one, it raises. A file that is not
    Ahjo JSON at all always raises."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise AhjoFileError(_("{path}: the file is larger than {mb} MB.").format(path=path, mb=MAX_FILE_BYTES >> 20))
        data = parsers.loads(path.read_bytes())
    except FileNotFoundError:
        raise AhjoFileError(_("{path}: no such file.").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AhjoFileError(_("{path}: cannot be read ({error}).").format(path=path, error=exc)) from None
    except parsers.JSONInputError as exc:
        raise AhjoFileError(_("{path}: not valid JSON: {error}").format(path=path, error=exc)) from None
    return parse_ahjo_document(data, name=str(path), problems=problems)


def parse_ahjo_document(data, *, name: str = "input", problems: list[str] | None = None) -> list[AhjoCase]:
    """The cases of one Ahjo response: a `{"cases": [...]}` page, a list, or one case.

    With a `problems` list, bad cases are skipped and reported there (see read_ahjo_file)."""
    if isinstance(data, dict) and "cases" in data:
        items = data["cases"]
    elif isinstance(data, dict) and ("CaseID" in data or "CaseIDLabel" in data):
        items = [data]
    else:
        items = data
    if not isinstance(items, list):
        raise AhjoFileError(
            _('{name}: expected Ahjo cases: a {{"cases": [...]}} page, a list of cases or one case.').format(name=name)
        )
    cases = []
    for number, item in enumerate(items, start=1):
        try:
            cases.append(_parse_case(item, name=name, number=number))
        except AhjoFileError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    return cases


def _parse_case(item, *, name: str, number: int) -> AhjoCase:
    where = _("{name}, case {n}").format(name=name, n=number)
    if not isinstance(item, dict):
        raise AhjoFileError(_("{where}: a case must be a JSON object.").format(where=where))
    raw_id, raw_label = item.get("CaseID"), item.get("CaseIDLabel")
    if not raw_id and not raw_label:
        raise AhjoFileError(_("{where}: has neither CaseID nor CaseIDLabel.").format(where=where))
    try:
        ids = {normalise_case_id(v) for v in (raw_id, raw_label) if v}
    except ValidationError as exc:
        raise AhjoFileError(f"{where}: {exc.messages[0]}") from None
    if len(ids) > 1:
        raise AhjoFileError(
            _("{where}: CaseID {id!r} and CaseIDLabel {label!r} name different cases.").format(
                where=where, id=raw_id, label=raw_label
            )
        )
    case_id = ids.pop()
    where = f"{where} ({case_id})"

    def text(key: str, limit: int) -> str:
        value = item.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise AhjoFileError(_("{where}: {key} must be text, not {value!r}.").format(where=where, key=key, value=value))
        return " ".join(value.split())[:limit]

    def when(container: dict, key: str) -> datetime | None:
        value = container.get(key)
        if value in (None, ""):
            return None
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise AhjoFileError(
                _("{where}: {key} {value!r} is not a date and time.").format(where=where, key=key, value=value)
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        return moment

    def objects(key: str) -> list[dict]:
        value = item.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise AhjoFileError(_("{where}: {key} must be a list of objects.").format(where=where, key=key))
        return value

    handlings = sorted(objects("Handlings"), key=lambda h: (h.get("WorkSequenceNumber") or 0))
    records = objects("Records")
    sector, sector_code = "", ""
    for handling in handlings:
        if handling.get("Sector"):
            sector, sector_code = str(handling["Sector"])[:200], str(handling.get("SectorID") or "")[:20]
    moments = [when(h, "Created") for h in handlings] + [when(r, "Issued") for r in records]
    moments = [m for m in moments if m is not None]
    status_ahjo = text("Status", 50)
    language = text("Language", 5).lower()
    publicity = text("PublicityClass", 50).lower()
    public = publicity in ("", PUBLIC)  # no class: a listing's case, public (see the module's docstring)
    return AhjoCase(
        case_id=case_id,
        title=text("Title", 1000),
        language=language,
        classification_code=text("ClassificationCode", 20),
        classification_title=text("ClassificationTitle", 300),
        status=STATUSES.get(status_ahjo.lower(), Case.Status.OTHER),
        status_ahjo=status_ahjo,
        sector=sector,
        sector_code=sector_code,
        created=when(item, "Created"),
        acquired=when(item, "Acquired"),
        last_handled=max(moments) if moments else None,
        is_public=public,
        record_titles=tuple(
            " ".join(str(r.get("Title") or "").split())
            for r in records
            if str(r.get("PublicityClass") or "").lower() == PUBLIC and r.get("Title")
        ),
    )
