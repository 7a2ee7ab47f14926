"""The importers a planner may run from the admin: each a form of its options and a
function that calls the same readers and services as its management command
(*/management/commands/import_*.py), so the rules and validation stay there.

A run function takes the uploaded file's path, the options as stored (JSON
values) and `dry_run`, and answers the summary text; a file or option the
importer refuses raises one of REFUSALS, whose str() is for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from areas.geometry import GeometryError, parse_srid
from areas.importing.mapping import division_for_layer, parse_field_options, resolve_mapping
from areas.importing.population import PopulationFileError, read_population_file
from areas.importing.readers import ImportFileError, open_layer
from areas.models import Area, DivisionType
from areas.services import area_populations_import, division_import
from budgeting.models import BudgetRound
from budgeting.voting import PaperImportError, paper_ballots_import
from cases.ahjo import AhjoFileError, read_ahjo_file
from cases.services import CaseImportRefused, HandledWindow, ahjo_cases_import
from spaces.models import Space
from spaces.servicemap import UnitFileError, read_unit_file, read_units
from spaces.services import SpaceImportError, spaces_import


class ImportOptionError(ValueError):
    """An option that names nothing the database has (a round, an area); str() is for people."""


REFUSALS = (
    ImportFileError,
    GeometryError,
    PopulationFileError,
    AhjoFileError,
    CaseImportRefused,
    UnitFileError,
    SpaceImportError,
    PaperImportError,
    ImportOptionError,
)

MSG_NO_ROUND = _("There is no budget round for {year}.")
MSG_NO_AREA = _("Round {year} has no area with code {code!r}.")
MSG_WINDOW_ORDER = _("The start of the handling window must be before its end.")

SRID_CHOICES = [("", _("As the file says (a file without one: EPSG:3879)"))] + [
    (str(code), f"EPSG:{code}") for code in (3879, 3067, 4326, 3857)
]


def _division_choices(*, blank: Promise | None) -> list[tuple[str, str]]:
    choices = [(d.slug, str(d)) for d in DivisionType.objects.order_by("level")]
    return ([("", blank)] if blank else []) + choices


class ImportForm(forms.Form):
    """The file; each importer's form adds its options."""

    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the city's look (HDS) for every input but the checkboxes
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "hds-text-input__input")

    def options(self) -> dict:
        """The cleaned options as JSON values, stored with the run and used again to import."""
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in self.cleaned_data.items()
            if name != "file"
        }


class DivisionsForm(ImportForm):
    division = forms.ChoiceField(label=_("Division"), required=False)
    layer = forms.CharField(label=_("Layer"), required=False, max_length=200, help_text=_("For files with several layers."))
    srid = forms.ChoiceField(label=_("Coordinate system"), choices=SRID_CHOICES, required=False)
    fields = forms.CharField(
        label=_("Attributes"),
        required=False,
        max_length=500,
        help_text=_("For files other than Helsinki's layers, e.g. code=ID, name_fi=NIMI (comma-separated)."),
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False)
    allow_mass_delete = forms.BooleanField(
        label=_("Remove vanished areas even when they are a large share of the division"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = _division_choices(blank=_("Recognised from the file"))


def _divisions(path: Path, options: dict, *, dry_run: bool, name: str) -> str:
    srid = parse_srid(options["srid"]) if options.get("srid") else None
    layer = open_layer(path, layer=options.get("layer") or None, srid=srid)
    fields = [part for part in (options.get("fields") or "").split(",") if part.strip()]
    mapping = resolve_mapping(layer.fields, parse_field_options(fields))
    division = division_for_layer(slug=options.get("division") or None, layer=layer, mapping=mapping)
    valid_from = date.fromisoformat(options["valid_from"]) if options.get("valid_from") else None
    summary = division_import(
        layer=layer,
        division=division,
        mapping=mapping,
        source=name,
        valid_from=valid_from,
        allow_mass_delete=bool(options.get("allow_mass_delete")),
        dry_run=dry_run,
    )
    return summary.as_text()


class AhjoForm(ImportForm):
    geolocate = forms.BooleanField(label=_("Place cases from their text"), required=False, initial=True)
    handled_since = forms.DateField(label=_("Handled since"), required=False, help_text=_("Incremental listings only."))
    handled_before = forms.DateField(label=_("Handled before"), required=False)
    allow_mass_delete = forms.BooleanField(label=_("Remove missing cases however many"), required=False)
    skip_bad = forms.BooleanField(label=_("Skip unreadable cases instead of stopping"), required=False)

    def clean(self):
        data = super().clean()
        since, before = data.get("handled_since"), data.get("handled_before")
        if since and before and since >= before:
            self.add_error("handled_before", MSG_WINDOW_ORDER)
        return data


def _midnight(value: str | None) -> datetime | None:
    """A date as midnight in Helsinki, as the command reads --handledsince."""
    if not value:
        return None
    return datetime.combine(date.fromisoformat(value), time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _ahjo(path: Path, options: dict, *, dry_run: bool, name: str) -> str:
    problems: list[str] | None = [] if options.get("skip_bad") else None
    cases = read_ahjo_file(path, problems=problems)
    since, before = _midnight(options.get("handled_since")), _midnight(options.get("handled_before"))
    summary = ahjo_cases_import(
        cases=cases,
        source=f"Ahjo: {name}",
        geolocate=bool(options.get("geolocate")),
        dry_run=dry_run,
        window=HandledWindow(since=since, before=before) if since or before else None,
        allow_mass_delete=bool(options.get("allow_mass_delete")),
        skipped_bad=len(problems or []),
    )
    return "\n".join([*(_g("Skipped: {problem}").format(problem=p) for p in problems or []), summary.as_text()])


class SpacesForm(ImportForm):
    kind = forms.ChoiceField(
        label=_("Kind of every unit"),
        required=False,
        choices=[("", _("Guessed from the Finnish name"))] + list(Space.Kind.choices),
    )


def _spaces(path: Path, options: dict, *, dry_run: bool, name: str) -> str:
    items, notes, _warnings = read_units(read_unit_file(path), kind=options.get("kind") or None)
    summary = spaces_import(items=items, source=f"service map: {name}")
    summary.skipped = len(notes)
    return "\n".join([*notes, *_warnings, str(summary.as_text())])


class PopulationForm(ImportForm):
    division = forms.ChoiceField(label=_("Division"))
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1800, max_value=2200, help_text=_("Default: the latest in the file.")
    )
    code_column = forms.CharField(label=_("Column of the area codes"), required=False, max_length=100)
    year_column = forms.CharField(label=_("Column of the years"), required=False, max_length=100)
    population_column = forms.CharField(label=_("Column of the populations"), required=False, max_length=100)
    eligible_column = forms.CharField(label=_("Column of the residents of voting age"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = _division_choices(blank=None)


def _population(path: Path, options: dict, *, dry_run: bool, name: str) -> str:
    division = DivisionType.objects.get(slug=options["division"])
    table = read_population_file(
        path,
        division=division.slug,
        code_column=options.get("code_column") or None,
        year_column=options.get("year_column") or None,
        population_column=options.get("population_column") or None,
        eligible_column=options.get("eligible_column") or None,
    )
    summary = area_populations_import(table=table, division=division, year=options.get("year"), dry_run=dry_run)
    lines = [change.as_text() for change in summary.changes] + [str(note) for note in summary.warnings()]
    return "\n".join([*lines, str(summary.as_text())])


class PaperBallotsForm(ImportForm):
    year = forms.IntegerField(label=_("The round's year"), min_value=2000, max_value=2200)
    area = forms.CharField(label=_("Code of the budget area"), max_length=20, help_text=_("e.g. 7"))


def _paper_ballots(path: Path, options: dict, *, dry_run: bool, name: str) -> str:
    year, code = options["year"], options["area"].strip()
    round = BudgetRound.objects.filter(year=year).first()
    if round is None:
        raise ImportOptionError(MSG_NO_ROUND.format(year=year))
    area = Area.objects.filter(division_id=round.division_id, code=code).first()
    if area is None:
        raise ImportOptionError(MSG_NO_AREA.format(year=year, code=code))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportOptionError(_g("The file is not UTF-8 text.")) from None
    return str(paper_ballots_import(round=round, area=area, text=text).as_text())


@dataclass(frozen=True)
class Importer:
    slug: str
    label: Promise
    help: Promise
    form: type[ImportForm]
    run: Callable[..., str]


IMPORTERS: dict[str, Importer] = {
    importer.slug: importer
    for importer in (
        Importer(
            "divisions",
            _("Area divisions"),
            _("GeoJSON, GML, GeoPackage or zipped Shapefile of one division's areas. Areas the file lacks are removed."),
            DivisionsForm,
            _divisions,
        ),
        Importer("ahjo", _("Ahjo cases"), _("An Ahjo API case listing as JSON."), AhjoForm, _ahjo),
        Importer("spaces", _("City spaces"), _("The service map's v2 unit JSON."), SpacesForm, _spaces),
        Importer(
            "population",
            _("Population"),
            _("CSV of one row per area and year; areas the file lacks keep their figures."),
            PopulationForm,
            _population,
        ),
        Importer(
            "paper_ballots",
            _("Paper ballots"),
            _("CSV of one area's paper ballots (columns reference, projects), in the round's counting phase."),
            PaperBallotsForm,
            _paper_ballots,
        ),
    )
}
