"""manage.py import_divisions FILE: import a division's areas from a real file."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from areas.geometry import GeometryError, parse_srid
from areas.importing.mapping import division_for_layer, parse_field_options, resolve_mapping
from areas.importing.readers import MSG_NOTHING_CHANGED, ImportFileError, open_layer
from areas.services import division_import


class Command(BaseCommand):
    help = (
        "Import areas of one division from GeoJSON, GML, GeoPackage, KML or a zipped Shapefile "
        "(EPSG:3879, 3067 or 4326; a file without a CRS is read as EPSG:3879). Understands Helsinki's "
        "Piirijako_* and Kaupunginosajako layers; other files need --field. All or nothing; safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON, GML, GeoPackage (.gpkg), KML or zipped Shapefile (.zip)")
        parser.add_argument(
            "--division",
            help="Division slug (suurpiiri, peruspiiri, osa-alue, kaupunginosa, ...). "
            "Default: recognised from the file's aluejako attribute or layer name.",
        )
        parser.add_argument("--layer", help="Layer name, for files with several layers.")
        parser.add_argument("--srid", help="CRS of a file that names none (EPSG:3879, 3067, 4326 or 3857).")
        parser.add_argument(
            "--field",
            action="append",
            default=[],
            metavar="TARGET=ATTRIBUTE",
            help="Map an attribute: code, name_fi, name_sv, name_en, full_code, population, municipality. "
            "Repeatable.",
        )
        parser.add_argument("--valid-from", type=date.fromisoformat, help="Validity start date (YYYY-MM-DD).")
        parser.add_argument(
            "--allow-mass-delete",
            action="store_true",
            help="Remove vanished areas even when they are a large share of the division.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report; save nothing.")

    def handle(self, *args, **options):
        try:
            srid = parse_srid(options["srid"]) if options["srid"] else None
            layer = open_layer(options["file"], layer=options["layer"], srid=srid)
            mapping = resolve_mapping(layer.fields, parse_field_options(options["field"]))
            try:
                division = division_for_layer(slug=options["division"], layer=layer, mapping=mapping)
            except ImportFileError as exc:
                if options["division"]:
                    raise
                raise ImportFileError(_("{error} On the command line: --division.").format(error=exc)) from None
            how = {"file": _("named in the file"), "option": "--srid", "default": _("default")}
            self.stdout.write(
                _("Reading {count} features of layer {name!r} in EPSG:{srid} ({how}) into division {division!r}").format(
                    count=layer.count if layer.count is not None else "?",
                    name=layer.name,
                    srid=layer.srid,
                    how=how.get(layer.srid_source, layer.srid_source),
                    division=division.slug,
                )
            )
            summary = division_import(
                layer=layer,
                division=division,
                mapping=mapping,
                source=str(options["file"]).rsplit("/", 1)[-1],
                valid_from=options["valid_from"],
                allow_mass_delete=options["allow_mass_delete"],
                dry_run=options["dry_run"],
                progress=self._progress,
            )
        except (ImportFileError, GeometryError) as exc:
            message, nothing = str(exc), str(MSG_NOTHING_CHANGED)
            if nothing not in message:
                message += " " + nothing
            raise CommandError(message) from None
        if summary.repaired_codes:
            self.stdout.write(_("Repaired with make_valid: {codes}").format(codes=", ".join(summary.repaired_codes)))
        # Dropped assignments (a luotsi's areas) are a warning: someone must look at them.
        style = self.style.WARNING if summary.links_removed else self.style.SUCCESS
        self.stdout.write(style(summary.as_text()))

    def _progress(self, done: int, total: int | None) -> None:
        if total and total >= 500 and (done % max(total // 10, 1) == 0 or done == total):
            sys.stderr.write("  " + _("{done}/{total} features read").format(done=done, total=total) + "\n")
