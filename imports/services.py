"""Run an importer on an uploaded file: first a preview (a dry run), then the import.

Every importer is all or nothing. A preview runs the importer inside a transaction
that is rolled back whatever it did (and passes `dry_run` to those that take it),
so nothing of it is saved; the run is recorded with the summary and the file's
bytes, and the import later runs on those very bytes.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .importers import IMPORTERS, REFUSALS, Importer
from .models import ImportRun

MSG_NOT_PENDING = _("This file has already been imported or refused; upload it again to import it.")
_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}$")


class ImportRefused(ValueError):
    """The importer refused the file or its options; str() is for people. Nothing was saved."""


class _PreviewDone(Exception):
    def __init__(self, summary: str):
        self.summary = summary


def _run(*, importer: Importer, content: bytes, file_name: str, options: dict, dry_run: bool) -> str:
    """The importer's summary; raises ImportRefused. The readers tell formats by the file's ending."""
    match = _SUFFIX.search(file_name.lower())
    with tempfile.TemporaryDirectory(prefix="geo-import-") as folder:
        path = Path(folder) / ("upload" + (match.group(0) if match else ""))
        path.write_bytes(content)
        try:
            with transaction.atomic():
                summary = importer.run(path, options, dry_run=dry_run, name=file_name)
                if dry_run:
                    raise _PreviewDone(summary)
        except _PreviewDone as done:
            return done.summary
        except REFUSALS as error:
            raise ImportRefused(str(error)) from None
    return summary


def import_preview(*, importer: str, content: bytes, file_name: str, options: dict, user) -> ImportRun:
    """Check the file with a dry run and record it: PREVIEWED with the summary, or REFUSED with the reason."""
    chosen = IMPORTERS[importer]
    run = ImportRun(
        importer=chosen.slug,
        file_name=file_name[:255],
        checksum=hashlib.sha256(content).hexdigest(),
        size=len(content),
        options=options,
        user=user,
    )
    try:
        run.summary = _run(importer=chosen, content=content, file_name=file_name, options=options, dry_run=True)
    except ImportRefused as refusal:
        run.outcome, run.summary, run.finished_at = ImportRun.Outcome.REFUSED, str(refusal), timezone.now()
    else:
        run.outcome, run.staged = ImportRun.Outcome.PREVIEWED, content
    run.save()
    return run


@transaction.atomic
def import_commit(*, run_id: int, user) -> ImportRun:
    """Import the previewed file. Refused (the database may have changed since the
    preview), the run is recorded as REFUSED and nothing of the import is saved."""
    run = ImportRun.objects.select_for_update().get(pk=run_id)
    if run.outcome != ImportRun.Outcome.PREVIEWED:
        raise ImportRefused(str(MSG_NOT_PENDING))
    content = bytes(run.staged)
    try:
        run.summary = _run(
            importer=IMPORTERS[run.importer], content=content, file_name=run.file_name, options=run.options, dry_run=False
        )
        run.outcome = ImportRun.Outcome.IMPORTED
    except ImportRefused as refusal:
        run.summary, run.outcome = str(refusal), ImportRun.Outcome.REFUSED
    run.user, run.finished_at, run.staged = user, timezone.now(), None
    run.save()
    return run
