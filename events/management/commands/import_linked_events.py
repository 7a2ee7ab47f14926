import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.linkedevents import SOURCE, LinkedEventsError, ReadEvents, page_events, read_events
from events.services import EventImportError, events_import
from geo_osallisuus import parsers
from spaces.models import Space

# A runaway `meta.next` chain (or one that loops) stops here.
MAX_PAGES = 200
FETCH_TIMEOUT_S = 30


def load_page(address: str) -> object:
    """One page from a file or an http(s) address."""
    try:
        if address.startswith(("http://", "https://")):
            request = urllib.request.Request(address, headers={"Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:  # noqa: S310 (scheme checked)
                raw = response.read()
        else:
            raw = Path(address.removeprefix("file://")).read_bytes()
        return parsers.loads(raw)
    except FileNotFoundError:
        raise LinkedEventsError(_("{path}: no such file.").format(path=address)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LinkedEventsError(_("{path}: cannot be read ({error}).").format(path=address, error=exc)) from None
    except parsers.JSONInputError as exc:
        raise LinkedEventsError(_("{path}: not valid JSON: {error}").format(path=address, error=exc)) from None


class Command(BaseCommand):
    help = (
        "Import area events from Helsinki's event API Linked Events (a file or an address of a page, e.g. "
        "https://api.hel.fi/linkedevents/v1/event/?include=location&division=ocd-division/country:fi/kunta:helsinki), "
        "following meta.next. Events are matched by their Linked Events id, so a re-run changes nothing; "
        "events outside Helsinki are skipped and counted. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A file or an http(s) address of the first page.")

    def handle(self, *args, source, **options):
        space_ids = {
            origin.removeprefix("servicemap:"): pk
            for origin, pk in Space.objects.filter(origin_id__startswith="servicemap:").values_list("origin_id", "pk")
        }
        read, seen, address = ReadEvents(), set(), source
        try:
            while address:
                if address in seen or len(seen) >= MAX_PAGES:
                    raise LinkedEventsError(_("The pages do not end (meta.next loops or exceeds {n} pages).").format(n=MAX_PAGES))
                seen.add(address)
                events, address = page_events(load_page(address))
                read_events(events, space_ids=space_ids, into=read)
            summary = events_import(items=read.items, source=SOURCE)
        except (LinkedEventsError, EventImportError) as exc:
            raise CommandError(_("{error} Nothing was imported.").format(error=exc)) from None
        summary.skipped = len(read.skipped)
        if options["verbosity"] > 0:
            for note in read.skipped:
                self.stdout.write(note)
            self.stdout.write(summary.as_text())
