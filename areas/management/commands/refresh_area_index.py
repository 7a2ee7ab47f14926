"""manage.py refresh_area_index: rebuild which areas every located item lies in, against the areas
valid today. Run it daily (cron): an area valid from a later date joins the index, and one whose
validity ended leaves it, only when the index is rebuilt."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from areas.located import located_refresh_areas
from areas.models import DivisionType


class Command(BaseCommand):
    help = "Rebuild the area index of cases, spaces and every located item against the areas valid today."

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = sum(located_refresh_areas(division=division) for division in DivisionType.objects.all())
        self.stdout.write(_("Area index: {rows} rows").format(rows=rows))
