"""Partner-calendar imports as background tasks (django-tasks-db, backend and queue "imports").

A request never imports: ``enqueue_import`` stores an ``ImportRun`` in the state "wartet" (with the URL or
the uploaded bytes) and enqueues ``run_import``; ``manage.py import_worker`` runs it. ``execute`` is the
one function that does an import, bounded in time (``PARTNER_IMPORT_MAX_SECONDS``), events
(``PARTNER_IMPORT_MAX_EVENTS``) and size (``PARTNER_IMPORT_MAX_BYTES``); the management command calls it
directly too. It marks the run "läuft" with progress, then "fertig" or "fehlgeschlagen".
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from netzwerk import importer
from netzwerk.models import ImportRun, ImportStatus

logger = logging.getLogger(__name__)

TASK_BACKEND = "imports"
QUEUE_NAME = "imports"


def create_run(
    organisation, user=None, url: str = "", data: bytes | None = None, name: str = ""
) -> ImportRun:
    """A waiting ImportRun for ``url`` or the uploaded ``data`` (called ``name``)."""
    return ImportRun.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        organisation=organisation,
        source=(url or name)[:500],
        url=url[:500],
        upload=data if not url else None,
        status=ImportStatus.WAITING,
    )


def enqueue_import(
    organisation, user=None, url: str = "", data: bytes | None = None, name: str = ""
) -> ImportRun:
    """Stores the run and hands it to the worker; returns at once."""
    with transaction.atomic():
        run = create_run(organisation, user=user, url=url, data=data, name=name)
        run_import.enqueue(run.pk)
    return run


def execute(run: ImportRun):
    """Runs the import of ``run`` (bounded) and stores its report on it; returns the Report."""
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    run.status, run.started_at = ImportStatus.RUNNING, timezone.now()
    try:
        if run.url:
            try:
                data = importer.fetch(run.url)
            except importer.FetchRefused as refusal:
                report = importer.Report(run.url, error=str(refusal))
                data = None
        else:
            data = bytes(run.upload or b"")
            max_bytes = importer.setting("PARTNER_IMPORT_MAX_BYTES", importer.MAX_BYTES)
            if len(data) > max_bytes:
                report = importer.Report(run.source, error=importer.too_large(max_bytes))
                data = None
        if data is not None:
            report = importer.import_calendar(data, run.organisation, run.source, user=run.user, run=run)
    except Exception as error:  # the run must not stay "läuft" forever
        logger.exception("Import %s abgebrochen.", run.pk)
        report = importer.Report(
            run.source, error=f"Der Import ist unerwartet abgebrochen ({error.__class__.__name__})."
        )
        report.failed = True
    report.save_to(run)
    return report


@task(backend=TASK_BACKEND, queue_name=QUEUE_NAME)
def run_import(run_id: int) -> dict:
    """The background task: executes the waiting run ``run_id``."""
    run = ImportRun.objects.select_related("organisation", "user").filter(pk=run_id).first()
    if run is None or run.status != ImportStatus.WAITING:
        return {"run": run_id, "skipped": True}
    report = execute(run)
    return {"run": run_id, "status": run.status, "error": report.error}


def import_url(url: str, organisation, user=None) -> importer.Report:
    """Fetches ``url`` with the hardened client and imports it now (bounded); the report is an ImportRun."""
    return execute(create_run(organisation, user=user, url=url))


def import_file(data: bytes, name: str, organisation, user=None) -> importer.Report:
    """Imports an .ics now (bounded, size checked); the report is an ImportRun. Not for requests."""
    return execute(create_run(organisation, user=user, data=data, name=name))
